import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goVersionScheme } from './go-semver.js';
import { assertEquivalent, assertOrdered, assertRejected } from './testing/ordering-properties.js';

// golang.org/x/mod semver/semver_test.go (commit fe2ec04f7c3c3aa6fad97631aafcff6e49e2d1db), `tests`:
// each input with its canonical form ("" = invalid), listed in ascending order; TestCompare expects
// inputs with the same canonical form to be equal and otherwise the list order.
const xmodTests: [string, string][] = [
  ['bad', ''],
  ['v1-alpha.beta.gamma', ''],
  ['v1-pre', ''],
  ['v1+meta', ''],
  ['v1-pre+meta', ''],
  ['v1.2-pre', ''],
  ['v1.2+meta', ''],
  ['v1.2-pre+meta', ''],
  ['v1.0.0-alpha', 'v1.0.0-alpha'],
  ['v1.0.0-alpha.1', 'v1.0.0-alpha.1'],
  ['v1.0.0-alpha.beta', 'v1.0.0-alpha.beta'],
  ['v1.0.0-beta', 'v1.0.0-beta'],
  ['v1.0.0-beta.2', 'v1.0.0-beta.2'],
  ['v1.0.0-beta.11', 'v1.0.0-beta.11'],
  ['v1.0.0-rc.1', 'v1.0.0-rc.1'],
  ['v1', 'v1.0.0'],
  ['v1.0', 'v1.0.0'],
  ['v1.0.0', 'v1.0.0'],
  ['v1.2', 'v1.2.0'],
  ['v1.2.0', 'v1.2.0'],
  ['v1.2.3-456', 'v1.2.3-456'],
  ['v1.2.3-456.789', 'v1.2.3-456.789'],
  ['v1.2.3-456-789', 'v1.2.3-456-789'],
  ['v1.2.3-456a', 'v1.2.3-456a'],
  ['v1.2.3-pre', 'v1.2.3-pre'],
  ['v1.2.3-pre+meta', 'v1.2.3-pre'],
  ['v1.2.3-pre.1', 'v1.2.3-pre.1'],
  ['v1.2.3-zzz', 'v1.2.3-zzz'],
  ['v1.2.3', 'v1.2.3'],
  ['v1.2.3+meta', 'v1.2.3'],
  ['v1.2.3+meta-pre', 'v1.2.3'],
  ['v1.2.3+meta-pre.sha.256a', 'v1.2.3'],
];

describe('Go version ordering', () => {
  it('passes x/mod semver TestIsValid and TestCompare', () => {
    const valid = xmodTests.filter(([, canonical]) => canonical !== '');
    for (const [input, canonical] of xmodTests) {
      assert.equal(goVersionScheme.isValid(input), canonical !== '', `isValid(${input})`);
    }
    valid.forEach(([a, canonicalA], i) => {
      valid.forEach(([b, canonicalB], j) => {
        const expected = canonicalA === canonicalB ? 0 : i < j ? -1 : 1;
        assert.equal(goVersionScheme.compare(a, b), expected, `compare(${a}, ${b})`);
      });
    });
    // Numbers compare numerically at any length (x/mod compareInt: longer digit string first, then lexically).
    assertOrdered(goVersionScheme, 'v1.2', 'v1.19');
    assertOrdered(goVersionScheme, 'v1.0.0', 'v9007199254740991.0.0');
  });

  it('orders numbers past 2^53 exactly, as x/mod compareInt does', () => {
    // compareInt: the longer digit string is greater, then lexical order.
    // The semver package rounds these to the same double and judged each pair equal, or refused the version.
    assertOrdered(goVersionScheme, 'v1.0.0-9007199254740992', 'v1.0.0-9007199254740993');
    assertOrdered(goVersionScheme, '1.0.0-20240101123456789011', '1.0.0-20240101123456789012');
    assertOrdered(goVersionScheme, 'v9007199254740992.0.0', 'v9007199254740993.0.0');
    assertOrdered(goVersionScheme, 'v1.99999999999999999999', 'v1.100000000000000000000');
    assertOrdered(goVersionScheme, `v1.0.0-${'a'.repeat(300)}`, 'v1.0.0');
  });

  it('reads OSV versions without the v as the same versions', () => {
    assertEquivalent(goVersionScheme, '1.2.3', 'v1.2.3');
    assertEquivalent(
      goVersionScheme,
      '0.0.0-20191109021931-daa7c04131f5',
      'v0.0.0-20191109021931-daa7c04131f5',
    );
  });

  it('orders pseudo-versions as prereleases, by timestamp', () => {
    // https://go.dev/ref/mod#pseudo-versions: vX.0.0-yyyymmddhhmmss-abcdefabcdef and vX.Y.(Z+1)-0.yyyymmddhhmmss-…
    assertOrdered(
      goVersionScheme,
      'v0.0.0-20191109021931-daa7c04131f5',
      'v0.0.0-20200101000000-000000000000',
    );
    assertOrdered(goVersionScheme, 'v0.0.0-20191109021931-daa7c04131f5', 'v0.0.1');
    assertOrdered(goVersionScheme, 'v1.2.3', 'v1.2.4-0.20191109021931-daa7c04131f5');
    assertOrdered(goVersionScheme, 'v1.2.4-0.20191109021931-daa7c04131f5', 'v1.2.4');
    assertOrdered(goVersionScheme, 'v1.2.4-pre', 'v1.2.4-pre.0.20191109021931-daa7c04131f5');
  });

  it('treats +incompatible as build metadata', () => {
    assertEquivalent(goVersionScheme, 'v2.0.0+incompatible', 'v2.0.0');
    assertOrdered(goVersionScheme, 'v2.0.0+incompatible', 'v2.0.1+incompatible');
  });

  it('rejects what Go rejects, naming the version', () => {
    for (const invalid of ['bad', 'v1.2-pre', 'vv1.2.3', 'v01.2.3', ' v1.2.3', 'go1.21', '', 'v']) {
      assertRejected(goVersionScheme, invalid, 'v1.0.0');
    }
  });
});
