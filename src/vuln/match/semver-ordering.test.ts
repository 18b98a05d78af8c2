import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../errors.js';
import { compareIds } from './merge-aliases.js';
import { normalizeSemver, semverOrdering } from './semver-ordering.js';

describe('semverOrdering (OSV SEMVER ranges)', () => {
  it('reads short and v-prefixed versions as real records write them', () => {
    assert.equal(normalizeSemver('0.1'), '0.1.0');
    assert.equal(normalizeSemver('v1.2.3'), '1.2.3');
    assert.equal(normalizeSemver('1.18.0-0'), '1.18.0-0');
    assert.equal(normalizeSemver('0.0.0-20220524220425-1d687d428aca'), '0.0.0-20220524220425-1d687d428aca');
  });
  it('refuses what is not SemVer instead of guessing', () => {
    for (const version of ['2.0.0rc1', '1.0.0.0', '01.2.3', 'latest', '']) {
      assert.equal(normalizeSemver(version), undefined, version);
    }
    assert.throws(() => semverOrdering.compare('1.0.0', 'latest'), InputError);
  });
  it('orders by SemVer §11 precedence, ignoring build metadata', () => {
    assert.ok(semverOrdering.compare('1.0.0-alpha', '1.0.0') < 0, 'a prerelease sorts first');
    assert.ok(
      semverOrdering.compare('1.0.0-alpha.10', '1.0.0-alpha.9') > 0,
      'numeric identifiers compare as numbers',
    );
    assert.equal(semverOrdering.compare('9.5.0+incompatible', '9.5.0'), 0);
  });
  it('compares numbers of any size exactly (SemVer §11), where the semver package rounds past 2^53', () => {
    assert.ok(semverOrdering.compare('1.0.0-9007199254740993', '1.0.0-9007199254740992') > 0);
    assert.ok(semverOrdering.isValid('9007199254740993.0.0'));
    assert.ok(semverOrdering.compare('9007199254740993.0.0', '9007199254740992.0.0') > 0);
    assert.ok(semverOrdering.compare('1.0.0-20240101000000', '1.0.0-9') > 0, 'longer digit string is larger');
  });
});

describe('compareIds (which id a merged finding takes)', () => {
  it('puts the ecosystem database first, then GHSA, then others, CVE last', () => {
    const ids = ['CVE-2022-24713', 'GHSA-m5pq-gvj9-9vr8', 'RUSTSEC-2022-0013', 'OSV-2022-1'];
    assert.deepEqual([...ids].sort(compareIds('crates.io')), [
      'RUSTSEC-2022-0013',
      'GHSA-m5pq-gvj9-9vr8',
      'OSV-2022-1',
      'CVE-2022-24713',
    ]);
    assert.deepEqual([...ids].sort(compareIds('npm')), [
      'GHSA-m5pq-gvj9-9vr8',
      'OSV-2022-1',
      'RUSTSEC-2022-0013',
      'CVE-2022-24713',
    ]);
  });
});
