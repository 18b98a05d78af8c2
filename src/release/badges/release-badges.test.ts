import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BADGE_COLORS, type BadgeColorName } from './badge-colors.js';
import { BadgeError } from './badge-error.js';
import { type ReleaseBadgeFacts, releaseBadges } from './release-badges.js';
import { golden, viewBadge } from './svg-test-helpers.js';

const goodRelease: ReleaseBadgeFacts = {
  signatures: { artifacts: 3, signed: 3 },
  sbom: { format: 'CycloneDX', specVersion: '1.6' },
  provenance: { slsaVersion: '1' },
  vulnerabilities: { critical: 0, high: 1, medium: 2, low: 0 },
  policy: { decision: 'passed', warnings: 0 },
};

/** name → [message, colour name] as a reader of each SVG sees it. */
async function read(facts: ReleaseBadgeFacts): Promise<Record<string, [string, BadgeColorName]>> {
  const byHex = new Map<string, BadgeColorName>(
    Object.entries(BADGE_COLORS).map(([name, hex]) => [hex, name as BadgeColorName]),
  );
  const result: Record<string, [string, BadgeColorName]> = {};
  for (const badge of releaseBadges(facts)) {
    const view = await viewBadge(badge.svg);
    const color = byHex.get(view.messageColor);
    assert.ok(color, `${badge.name}: ${view.messageColor} is not a named badge colour`);
    result[badge.name] = [view.texts[1]?.text ?? '', color];
  }
  return result;
}

describe('releaseBadges', () => {
  it('writes the five badges, sorted by name, each matching its golden file', async () => {
    const badges = releaseBadges(goodRelease);
    assert.deepEqual(
      badges.map((badge) => badge.name),
      ['policy.svg', 'provenance.svg', 'sbom.svg', 'signed.svg', 'vulnerabilities.svg'],
    );
    for (const badge of badges) golden(badge.name.replace(/\.svg$/, '.golden.svg'), badge.svg);
    const labels = await Promise.all(
      badges.map(async (badge) => (await viewBadge(badge.svg)).texts[0]?.text),
    );
    assert.deepEqual(labels, ['policy', 'provenance', 'SBOM', 'signed', 'vulnerabilities']);
  });

  it('draws a fully evidenced release', async () => {
    assert.deepEqual(await read(goodRelease), {
      'policy.svg': ['passed', 'green'],
      'provenance.svg': ['SLSA v1', 'blue'],
      'sbom.svg': ['CycloneDX 1.6', 'blue'],
      'signed.svg': ['3/3 artifacts', 'green'],
      'vulnerabilities.svg': ['0 critical | 1 high | 2 medium | 0 low', 'orange'],
    });
  });

  it('draws missing evidence as missing, never as good', async () => {
    const badges = await read({ signatures: { artifacts: 2, signed: 0 } });
    assert.deepEqual(badges, {
      'policy.svg': ['not evaluated', 'lightgrey'],
      'provenance.svg': ['missing', 'red'],
      'sbom.svg': ['missing', 'red'],
      'signed.svg': ['unsigned', 'red'],
      'vulnerabilities.svg': ['not scanned', 'lightgrey'],
    });
    assert.deepEqual((await read({ signatures: { artifacts: 0, signed: 0 } }))['signed.svg'], [
      'unsigned',
      'red',
    ]);
  });

  it('counts a partly signed release as not signed', async () => {
    const badges = await read({ ...goodRelease, signatures: { artifacts: 3, signed: 2 } });
    assert.deepEqual(badges['signed.svg'], ['2/3 artifacts', 'red']);
  });

  describe('vulnerabilities', () => {
    const cases: [NonNullable<ReleaseBadgeFacts['vulnerabilities']>, string, BadgeColorName][] = [
      [{ critical: 0, high: 0, medium: 0, low: 0 }, 'none', 'brightgreen'],
      [{ critical: 0, high: 0, medium: 0, low: 0, unknown: 0 }, 'none', 'brightgreen'],
      [{ critical: 0, high: 0, medium: 0, low: 4 }, '0 critical | 0 high | 0 medium | 4 low', 'green'],
      [{ critical: 0, high: 0, medium: 1, low: 4 }, '0 critical | 0 high | 1 medium | 4 low', 'yellow'],
      [{ critical: 0, high: 2, medium: 1, low: 4 }, '0 critical | 2 high | 1 medium | 4 low', 'orange'],
      [{ critical: 1, high: 0, medium: 0, low: 0 }, '1 critical | 0 high | 0 medium | 0 low', 'red'],
      [
        { critical: 0, high: 0, medium: 0, low: 1, unknown: 1 },
        '0 critical | 0 high | 0 medium | 1 low | 1 unknown',
        'red',
      ],
    ];
    for (const [counts, message, color] of cases) {
      it(`colours ${JSON.stringify(counts)} ${color}`, async () => {
        const badges = await read({ ...goodRelease, vulnerabilities: counts });
        assert.deepEqual(badges['vulnerabilities.svg'], [message, color]);
      });
    }
  });

  describe('policy', () => {
    const cases: [NonNullable<ReleaseBadgeFacts['policy']>, string, BadgeColorName][] = [
      [{ decision: 'passed', warnings: 0 }, 'passed', 'green'],
      [{ decision: 'passed', warnings: 1 }, '1 warning', 'yellow'],
      [{ decision: 'passed', warnings: 3 }, '3 warnings', 'yellow'],
      [{ decision: 'denied', warnings: 3 }, 'denied', 'red'],
    ];
    for (const [policy, message, color] of cases) {
      it(`draws ${JSON.stringify(policy)} as "${message}"`, async () => {
        assert.deepEqual((await read({ ...goodRelease, policy }))['policy.svg'], [message, color]);
      });
    }
  });

  it('refuses facts that cannot be true', () => {
    const invalid = (error: unknown) => error instanceof BadgeError && error.code === 'BADGE_FACTS_INVALID';
    assert.throws(() => releaseBadges({ signatures: { artifacts: 1, signed: 2 } }), invalid);
    assert.throws(() => releaseBadges({ signatures: { artifacts: -1, signed: 0 } }), invalid);
    assert.throws(
      () => releaseBadges({ ...goodRelease, vulnerabilities: { critical: 0.5, high: 0, medium: 0, low: 0 } }),
      invalid,
    );
    assert.throws(
      () => releaseBadges({ ...goodRelease, policy: { decision: 'passed', warnings: -2 } }),
      invalid,
    );
  });

  it('renders the same bytes for the same facts', () => {
    assert.deepEqual(releaseBadges(structuredClone(goodRelease)), releaseBadges(goodRelease));
  });
});
