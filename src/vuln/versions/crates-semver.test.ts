import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import semver from 'semver';
import { cratesVersionScheme } from './crates-semver.js';
import {
  assertEquivalent,
  assertOrdered,
  assertRejected,
  checkOrderingProperties,
} from './testing/ordering-properties.js';
import { SeededRandom } from './testing/seeded-random.js';
import { generateSemver } from './testing/semver-generator.js';

describe('crates.io version ordering', () => {
  it('agrees with the semver package on 3000 generated versions and is a total order', () => {
    const random = new SeededRandom(2);
    const versions = Array.from({ length: 3000 }, () => generateSemver(random));
    const checked = checkOrderingProperties(cratesVersionScheme, versions, {
      reference: (a, b) => semver.compare(a, b),
    });
    assert.equal(checked, 20_000);
  });

  it('orders numbers past 2^53 exactly and refuses parts past u64, as the semver crate does', () => {
    // dtolnay/semver src/impls.rs `Ord for Prerelease`: numeric identifiers by length, then lexically;
    // tests/test_version.rs test_parse: "111111111111111111111.0.0" exceeds u64::MAX.
    assertOrdered(cratesVersionScheme, '1.0.0-9007199254740992', '1.0.0-9007199254740993');
    assertOrdered(cratesVersionScheme, '0.0.0-20240101123456789011', '0.0.0-20240101123456789012');
    assertOrdered(cratesVersionScheme, '9007199254740992.0.0', '18446744073709551615.0.0');
    assertRejected(cratesVersionScheme, '18446744073709551616.0.0', '1.0.0');
    assertRejected(cratesVersionScheme, '111111111111111111111.0.0', '1.0.0');
  });

  it('ignores build metadata (SemVer §10)', () => {
    assertEquivalent(cratesVersionScheme, '0.3.1+zstd.1.5.5', '0.3.1');
  });

  it('reads the MAJOR.MINOR bounds advisories write as MAJOR.MINOR.0', () => {
    // GHSA-wcg3-cvx6-7396 (corpus osv/osv-scanner-embedded): introduced "0.1", last_affected "0.2".
    assertEquivalent(cratesVersionScheme, '0.1', '0.1.0');
    assertEquivalent(cratesVersionScheme, '2', '2.0.0');
  });

  it('rejects a v prefix, whitespace and leading zeros, which Cargo refuses', () => {
    for (const invalid of [
      'v1.0.0',
      ' 1.0.0',
      '1.0.0 ',
      '1.0-beta',
      '1.01.0',
      '01.0',
      '1.0.0-01',
      '',
      '1.2.3.4',
    ]) {
      assertRejected(cratesVersionScheme, invalid, '1.0.0');
    }
  });
});
