import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { corpusPath } from '../../testing/corpus.js';
import type { OsvAdvisory, OsvAffected, OsvRange } from '../osv/osv-types.js';
import { cratesVersionScheme } from '../versions/crates-semver.js';
import { goVersionScheme } from '../versions/go-semver.js';
import { npmVersionScheme } from '../versions/npm-semver.js';
import { pypiVersionScheme } from '../versions/pypi-pep440.js';
import type { VersionScheme } from '../versions/version-scheme.js';
import { evaluateAffected } from './affects.js';

function range(type: OsvRange['type'], ...events: OsvRange['events']): OsvRange {
  return { type, events };
}

function affects(version: string, affected: OsvAffected, scheme: VersionScheme = npmVersionScheme): boolean {
  return evaluateAffected(version, affected, scheme).affected;
}

function corpusAffected(file: string, index = 0): OsvAffected {
  const advisory = JSON.parse(readFileSync(corpusPath('osv', file), 'utf8')) as OsvAdvisory;
  return advisory.affected?.[index] as OsvAffected;
}

describe('evaluateAffected (OSV 1.7 "Evaluation")', () => {
  describe('when a range is introduced "0" and fixed', () => {
    const affected = { ranges: [range('SEMVER', { introduced: '0' }, { fixed: '1.0.2' })] };
    it('affects every version below the fix, the smallest prerelease included', () => {
      assert.equal(affects('0.0.0-0', affected), true);
      assert.equal(affects('1.0.1', affected), true);
      assert.equal(affects('1.0.2-rc.1', affected), true);
    });
    it('does not affect the fixed version or later ones', () => {
      assert.equal(affects('1.0.2', affected), false);
      assert.equal(affects('2.0.0', affected), false);
    });
    it('names the fix above the installed version', () => {
      assert.deepEqual(evaluateAffected('1.0.0', affected, npmVersionScheme).fixedVersions, ['1.0.2']);
    });
  });

  describe('when a range is introduced at a version', () => {
    const affected = { ranges: [range('SEMVER', { introduced: '1.2.0' }, { fixed: '1.4.0' })] };
    it('is a half-open interval [introduced, fixed)', () => {
      assert.equal(affects('1.1.9', affected), false);
      assert.equal(affects('1.2.0', affected), true);
      assert.equal(affects('1.3.9', affected), true);
      assert.equal(affects('1.4.0', affected), false);
    });
  });

  describe('when a range ends with last_affected', () => {
    const affected = { ranges: [range('ECOSYSTEM', { introduced: '0' }, { last_affected: '1.11.0' })] };
    it('includes last_affected itself and nothing above it', () => {
      assert.equal(affects('1.11.0', affected, pypiVersionScheme), true);
      assert.equal(affects('1.11.0.post1', affected, pypiVersionScheme), false);
      assert.equal(affects('1.11.1', affected, pypiVersionScheme), false);
    });
    it('names no fixed version', () => {
      assert.deepEqual(evaluateAffected('1.0', affected, pypiVersionScheme).fixedVersions, []);
    });
  });

  describe('when a range has no fix at all', () => {
    it('affects every version from introduced on', () => {
      const affected = { ranges: [range('SEMVER', { introduced: '0' })] };
      assert.equal(affects('0.0.1', affected), true);
      assert.equal(affects('99.0.0', affected), true);
    });
  });

  describe('when a range has limit events', () => {
    const affected = { ranges: [range('SEMVER', { introduced: '0' }, { limit: '2.0.0' })] };
    it('affects only versions below a limit (BeforeLimits)', () => {
      assert.equal(affects('1.9.9', affected), true);
      assert.equal(affects('2.0.0', affected), false);
      assert.equal(affects('3.0.0', affected), false);
    });
    it('is below at least one of several limits', () => {
      const twoLimits = {
        ranges: [range('SEMVER', { introduced: '0' }, { limit: '1.0.0' }, { limit: '3.0.0' })],
      };
      assert.equal(affects('2.5.0', twoLimits), true);
      assert.equal(affects('3.0.0', twoLimits), false);
    });
    it('reads a limit containing "*" as infinity', () => {
      const star = { ranges: [range('SEMVER', { introduced: '1.0.0' }, { limit: '*' })] };
      assert.equal(affects('1000.0.0', star), true);
      assert.equal(affects('0.9.0', star), false);
    });
  });

  describe('when one range holds several intervals (GO-2022-0511, kubeedge)', () => {
    const affected = corpusAffected('go/GO-2022-0511.json');
    it('affects versions inside each interval and none between them', () => {
      // introduced 0, fixed 1.9.4, introduced 1.10.0, fixed 1.10.2, introduced 1.11.0, fixed 1.11.1
      assert.equal(affects('1.9.3', affected, goVersionScheme), true);
      assert.equal(affects('1.9.4', affected, goVersionScheme), false);
      assert.equal(affects('1.10.1', affected, goVersionScheme), true);
      assert.equal(affects('1.10.2', affected, goVersionScheme), false);
      assert.equal(affects('1.11.0', affected, goVersionScheme), true);
      assert.equal(affects('1.11.1', affected, goVersionScheme), false);
    });
    it('names only fixes above the installed version', () => {
      assert.deepEqual(evaluateAffected('1.10.1', affected, goVersionScheme).fixedVersions, [
        '1.10.2',
        '1.11.1',
      ]);
    });
  });

  describe('when events are not sorted (ghsa-convert equals_with_patch, mixin-deep)', () => {
    // events as written: introduced 0, introduced 2.0.0, fixed 2.0.1, fixed 1.3.2 → [0,1.3.2) ∪ [2.0.0,2.0.1)
    const affected = corpusAffected('ghsa-convert/equals_with_patch.osv.json');
    it('sorts them before walking the timeline', () => {
      assert.equal(affects('1.3.1', affected), true);
      assert.equal(affects('1.3.2', affected), false);
      assert.equal(affects('1.9.0', affected), false);
      assert.equal(affects('2.0.0', affected), true);
      assert.equal(affects('2.0.1', affected), false);
    });
  });

  describe('when intervals are adjacent (PYSEC-2022-42972: 0.13.0 is a fix and an introduction)', () => {
    const affected = corpusAffected('pypi/PYSEC-2022-42972.json');
    it('affects the shared boundary version', () => {
      // [0.13.0, 0.14.0rc1) ∪ [0.12.2, 0.13.0): 0.13.0 is in the first interval.
      assert.equal(evaluateAffected('0.13.0', { ranges: affected.ranges }, pypiVersionScheme).affected, true);
      assert.equal(
        evaluateAffected('0.12.1', { ranges: affected.ranges }, pypiVersionScheme).affected,
        false,
      );
      assert.equal(
        evaluateAffected('0.14.0rc1', { ranges: affected.ranges }, pypiVersionScheme).affected,
        false,
      );
    });
    it('names only the later fix as the upgrade, not the boundary version itself', () => {
      // 0.13.0 closes [0.12.2, 0.13.0) too, but "upgrading" to the installed version fixes nothing.
      assert.deepEqual(
        evaluateAffected('0.13.0', { ranges: affected.ranges }, pypiVersionScheme).fixedVersions,
        ['0.14.0rc1'],
      );
    });
  });

  describe('when several ranges are given', () => {
    it('ORs them', () => {
      const affected = {
        ranges: [
          range('ECOSYSTEM', { introduced: '1.0' }, { fixed: '1.1' }),
          range('ECOSYSTEM', { introduced: '2.0' }, { fixed: '2.1' }),
        ],
      };
      assert.equal(affects('1.0.5', affected, pypiVersionScheme), true);
      assert.equal(affects('2.0.5', affected, pypiVersionScheme), true);
      assert.equal(affects('1.5', affected, pypiVersionScheme), false);
      assert.deepEqual(evaluateAffected('2.0.5', affected, pypiVersionScheme).matchedRanges, [
        affected.ranges[1],
      ]);
    });
  });

  describe('when a PyPI version has a local label (torch 2.0.0+cu118, a build of 2.0.0)', () => {
    // PEP 440: a candidate's local label is ignored against a public version in `==` and `<=`
    // (@renovatebot/pep440 agrees: satisfies('2.0.0+cu118', '<=2.0.0') and '==2.0.0' are true).
    it('is affected where last_affected names its public version', () => {
      const affected = { ranges: [range('ECOSYSTEM', { introduced: '0' }, { last_affected: '2.0.0' })] };
      assert.equal(affects('2.0.0+cu118', affected, pypiVersionScheme), true);
      assert.equal(affects('2.0.1+cu118', affected, pypiVersionScheme), false);
    });
    it('is listed where versions names its public version', () => {
      assert.equal(affects('2.0.0+cu118', { versions: ['2.0.0'] }, pypiVersionScheme), true);
      assert.equal(affects('2.0.0+cu118', { versions: ['2.0.0+cpu'] }, pypiVersionScheme), false);
    });
    it('is still fixed by a fix at its public version', () => {
      const affected = { ranges: [range('ECOSYSTEM', { introduced: '0' }, { fixed: '2.0.0' })] };
      assert.equal(affects('2.0.0+cu118', affected, pypiVersionScheme), false);
      assert.equal(affects('1.9.9+cu118', affected, pypiVersionScheme), true);
    });
  });

  describe('when versions are listed explicitly', () => {
    const affected = { versions: ['1.0', '1.2'] };
    it('affects a listed version, compared as the ecosystem compares (PEP 440 1.0 = 1.0.0)', () => {
      assert.equal(affects('1.0.0', affected, pypiVersionScheme), true);
      assert.equal(affects('1.2', affected, pypiVersionScheme), true);
      assert.equal(evaluateAffected('1.2', affected, pypiVersionScheme).listed, true);
    });
    it('does not affect an unlisted version', () => {
      assert.equal(affects('1.1', affected, pypiVersionScheme), false);
    });
    it('matches a listed version even when no range does (ghsa-convert equals_no_patch, paranoid2)', () => {
      const listed = corpusAffected('ghsa-convert/equals_no_patch.osv.json');
      const version = listed.versions?.[0] as string;
      assert.ok(version, 'the record lists a version');
      assert.equal(evaluateAffected(version, listed, npmVersionScheme).affected, true);
    });
  });

  describe('when a range is of type GIT', () => {
    it('ignores it for package matching, without a warning', () => {
      const affected = { ranges: [range('GIT', { introduced: '0' }, { fixed: 'a'.repeat(40) })] };
      const result = evaluateAffected('1.0.0', affected, npmVersionScheme);
      assert.equal(result.affected, false);
      assert.deepEqual(result.warnings, []);
    });
    it('still evaluates the ECOSYSTEM range beside it (PYSEC-2019-140, werkzeug)', () => {
      // GIT range + ECOSYSTEM introduced 0 fixed 0.15.3
      const affected = corpusAffected('pypi/PYSEC-2019-140.json');
      assert.equal(affects('0.15.2', affected, pypiVersionScheme), true);
      assert.equal(affects('0.15.3', affected, pypiVersionScheme), false);
    });
  });

  describe('when a SEMVER range applies to a non-npm package', () => {
    it('compares with SemVer precedence, not the ecosystem: PEP 440 "2.0.0rc1" is no SemVer and is not guessed', () => {
      const affected = { ranges: [range('SEMVER', { introduced: '0' }, { fixed: '2.0.0' })] };
      const result = evaluateAffected('2.0.0rc1', affected, pypiVersionScheme);
      assert.equal(result.affected, false);
      assert.equal(result.warnings.length, 1, 'the skipped range is recorded');
    });
    it('ignores build metadata: Go 9.5.0+incompatible is the fix 9.5.0', () => {
      const affected = { ranges: [range('SEMVER', { introduced: '0' }, { fixed: '9.5.0+incompatible' })] };
      assert.equal(affects('9.4.9', affected, goVersionScheme), true);
      assert.equal(affects('9.5.0', affected, goVersionScheme), false);
    });
    it('pads short versions in real records (GHSA-wcg3-cvx6-7396: introduced 0.1, last_affected 0.2)', () => {
      const first = corpusAffected('osv-scanner-embedded/GHSA-wcg3-cvx6-7396.json', 0);
      assert.equal(affects('0.1.45', first, cratesVersionScheme), true);
      assert.equal(affects('0.2.0', first, cratesVersionScheme), true);
      assert.equal(affects('0.2.1', first, cratesVersionScheme), false);
    });
  });

  describe('when an event version cannot be parsed', () => {
    const affected = {
      ranges: [
        range('ECOSYSTEM', { introduced: '0' }, { fixed: 'not a version!' }),
        range('ECOSYSTEM', { introduced: '3.0' }, { fixed: '3.1' }),
      ],
    };
    it('skips that range with a warning naming the version, and still evaluates the others', () => {
      const skipped = evaluateAffected('1.0', affected, pypiVersionScheme);
      assert.equal(skipped.affected, false);
      assert.equal(skipped.warnings.length, 1);
      assert.match(skipped.warnings[0] ?? '', /not a version!/);
      assert.equal(evaluateAffected('3.0.1', affected, pypiVersionScheme).affected, true);
    });
  });

  describe('when a range has no introduced event', () => {
    it('is skipped with a warning rather than clearing every version', () => {
      const result = evaluateAffected(
        '1.0.0',
        { ranges: [range('SEMVER', { fixed: '2.0.0' })] },
        npmVersionScheme,
      );
      assert.equal(result.affected, false);
      assert.match(result.warnings[0] ?? '', /no introduced/);
    });
  });

  describe('when a range has an unknown type', () => {
    it('is skipped with a warning', () => {
      const result = evaluateAffected(
        '1.0.0',
        { ranges: [range('CALVER', { introduced: '0' })] },
        npmVersionScheme,
      );
      assert.equal(result.affected, false);
      assert.match(result.warnings[0] ?? '', /CALVER/);
    });
  });
});
