import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nugetVersionScheme } from './nuget-version.js';
import {
  assertEquivalent,
  assertOrdered,
  assertRejected,
  assertStrictlyAscending,
  checkOrderingProperties,
} from './testing/ordering-properties.js';
import { SeededRandom } from './testing/seeded-random.js';

// NuGet/NuGet.Client test/NuGet.Core.Tests/NuGet.Versioning.Test/VersionComparerTests.cs
// (commit 70cb6afb6e901b01f678036ec77492a835b97ae0), VersionComparer.Default.
const defaultEqual: [string, string][] = [
  ['1.0.0', '1.0.0'],
  ['1.0.0-BETA', '1.0.0-beta'],
  ['1.0.0-BETA+AA', '1.0.0-beta+aa'],
  ['1.0.0-BETA.X.y.5.77.0+AA', '1.0.0-beta.x.y.5.77.0+aa'],
];
// VersionComparisonDefaultNotEqual is left out: it calls object.Equals on the two strings, not the comparer.
const defaultLess: [string, string][] = [
  ['0.0.0', '1.0.0'],
  ['1.0.0', '1.1.0'],
  ['1.0.0', '1.0.1'],
  ['1.999.9999', '2.1.1'],
  ['1.0.0-BETA', '1.0.0-beta2'],
  ['1.0.0-beta+AA', '1.0.0+aa'],
  ['1.0.0-BETA', '1.0.0-beta.1+AA'],
  ['1.0.0-BETA.X.y.5.77.0+AA', '1.0.0-beta.x.y.5.79.0+aa'],
  ['1.0.0-BETA.X.y.5.79.0+AA', '1.0.0-beta.x.y.5.790.0+abc'],
];

describe('NuGet version ordering', () => {
  it('passes VersionComparerTests for VersionComparer.Default', () => {
    for (const [a, b] of defaultEqual) assertEquivalent(nugetVersionScheme, a, b);
    for (const [lower, higher] of defaultLess) assertOrdered(nugetVersionScheme, lower, higher);
  });

  it('reads 1 to 4 parts as one version (VersionParsingTests.VersionLength)', () => {
    for (const version of ['2', '2.0', '2.0.0', '2.0.0.0'])
      assertEquivalent(nugetVersionScheme, version, '2.0.0');
  });

  it('orders the fourth part, leading zeros and labels as NuGet’s package-versioning docs say', () => {
    assertStrictlyAscending(nugetVersionScheme, [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.0.1',
      '1.0.1',
    ]);
    assertEquivalent(nugetVersionScheme, '1.01', '1.1.0');
    assertEquivalent(nugetVersionScheme, ' 1.0.0 ', '1.0.0');
    // A label too long for an int is text to NuGet, and numbers sort before text.
    assertOrdered(nugetVersionScheme, '1.0.0-2147483647', '1.0.0-2147483648');
    assertOrdered(nugetVersionScheme, '1.0.0-99', '1.0.0-a');
  });

  it('is a total order on 2000 generated versions', () => {
    const random = new SeededRandom(5);
    const number = (): string => String(random.pick([0, 0, 1, 2, 10, 999]));
    const versions = Array.from({ length: 2000 }, () => {
      let version = Array.from({ length: 1 + random.below(4) }, number).join('.');
      if (random.chance(0.5)) {
        version += `-${Array.from({ length: 1 + random.below(3) }, () => random.pick(['alpha', 'Beta', 'BETA', 'rc', '1', '2', '10', 'x-y', '-1'])).join('.')}`;
      }
      if (random.chance(0.2)) version += '+build.01';
      return version;
    });
    assert.equal(checkOrderingProperties(nugetVersionScheme, versions), 20_000);
  });

  it('trims the whitespace .NET String.Trim trims, and no other', () => {
    // NuGetVersion.TryParse trims with String.Trim (char.IsWhiteSpace): NEL U+0085 is whitespace,
    // the BOM U+FEFF is not.
    assertEquivalent(nugetVersionScheme, '\x851.0.0\u3000', '1.0.0');
    assertEquivalent(nugetVersionScheme, ' 1.0.0-beta\t', '1.0.0-beta');
    assertRejected(nugetVersionScheme, '\ufeff1.0.0', '1.0.0');
    assertRejected(nugetVersionScheme, '1.0.0\ufeff', '1.0.0');
  });

  it('rejects what NuGetVersion.TryParse rejects, and empty parts, naming the version', () => {
    for (const invalid of [
      '',
      '1.0.0.0.0',
      '1.0.0-',
      '1.0.0-01',
      '1.0.0-a..b',
      '1.0.0+',
      'a.b.c',
      '-1.0.0',
      '1..2',
      '1.',
      '2147483648.0.0',
      '1.0.0-beta_1',
    ]) {
      assertRejected(nugetVersionScheme, invalid, '1.0.0');
    }
  });
});
