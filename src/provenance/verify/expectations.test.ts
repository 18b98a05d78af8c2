import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slsaProvenanceV02, statementTypeV01 } from '../statement.js';
import type { AttestationFacts } from './attestation-facts.js';
import { checkContent, versionedTagMatches } from './expectations.js';

const now = new Date('2026-11-21T10:00:00Z');

/** A v0.1 statement with an SLSA v0.2 predicate: no field-by-field schema, so max-age alone reads the time. */
function maxAge(finishedOn: string | undefined): { passed: boolean; reason?: string } {
  const facts: AttestationFacts = {
    statementType: statementTypeV01,
    predicateType: slsaProvenanceV02,
    subjects: [{ name: 'a.tgz', digest: { sha256: 'a'.repeat(64) } }],
    builderId: 'https://github.com/acme/app/.github/workflows/release.yml',
    ...(finishedOn === undefined ? {} : { finishedOn }),
  };
  const checks = checkContent(
    {},
    facts,
    { predicateTypes: [slsaProvenanceV02], statementType: 'any', maxAgeMs: 7 * 86_400_000 },
    now,
  );
  const check = checks.find((item) => item.check === 'max-age');
  assert.ok(check, 'max-age ran');
  return check;
}

describe('max-age reads only RFC 3339 build times', () => {
  it('passes a build an hour ago', () => {
    assert.equal(maxAge('2026-11-21T09:00:00Z').passed, true);
    assert.equal(maxAge('2026-11-21T10:00:00+01:00').passed, true, 'an offset is RFC 3339 too');
  });

  for (const stamp of [
    '2026-02-30T09:00:00Z', // no such day: Date.parse rolls it over to March 2nd
    '2026-11-21T09:00:00', // no zone: Date.parse reads it in the verifier's local time zone
    'Nov 21 2026 09:00 UTC', // not RFC 3339 at all
    '2026-11-21',
  ]) {
    it(`fails a build time of ${JSON.stringify(stamp)}`, () => {
      const check = maxAge(stamp);
      assert.equal(check.passed, false);
      assert.match(check.reason ?? '', /not an RFC 3339 timestamp/);
    });
  }

  it('fails when the provenance has no build time', () => {
    assert.equal(maxAge(undefined).passed, false);
  });
});

describe('versionedTagMatches: the pre-release is part of the patch (slsa-verifier VerifyVersionedTag)', () => {
  const cases: [tag: string, wanted: string, matches: boolean][] = [
    ['v1.2.3', 'v1.2.3', true],
    ['v1.2.3+build.5', 'v1.2.3', true],
    ['v1.2.3-rc.1', 'v1.2', true],
    ['v1.2.3-rc.1', 'v1.2.3-rc.1', true],
    ['v1.2.3-rc.1', 'v1.2.3', false],
    ['v1.2.3-evil', 'v1.2.3', false],
    ['v1.2.3', 'v1.2.3-rc.1', false],
    ['v1.2.3-rc.2', 'v1.2.3-rc.1', false],
    ['v1.2.3-rc.1', 'v1-rc.1', false],
    ['v1.2-rc.1', 'v1.2.0-rc.1', false],
  ];
  for (const [tag, wanted, matches] of cases) {
    it(`${tag} ${matches ? 'matches' : 'does not match'} ${wanted}`, () => {
      assert.equal(versionedTagMatches(tag, wanted), matches);
    });
  }
});
