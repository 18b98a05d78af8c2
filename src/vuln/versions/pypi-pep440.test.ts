import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as pep440 from '@renovatebot/pep440';
import { pypiVersionScheme } from './pypi-pep440.js';
import {
  assertAgreesWithOracle,
  assertEquivalent,
  assertOrdered,
  assertRejected,
  assertStrictlyAscending,
  checkOrderingProperties,
} from './testing/ordering-properties.js';
import { SeededRandom } from './testing/seeded-random.js';

// pypa/packaging tests/test_version.py (commit 0345ccd3d1e5b0e14b84de4fb6bca0b82f7145e3), `VERSIONS`:
// "This list must be in the correct sorting order".
const packagingVersions = [
  '1.0.dev0',
  '1.0.dev456',
  '1.0.dev456+local',
  '1.0a0',
  '1.0a0.post0.dev0',
  '1.0a0.post0',
  '1.0a1.dev1',
  '1.0a1.dev1+local',
  '1.0a1',
  '1.0a1+local',
  '1.0b0',
  '1.0b1.dev456',
  '1.0b2',
  '1.0b2.post345.dev456',
  '1.0b2.post345',
  '1.0b2-346',
  '1.0rc0',
  '1.0rc1.dev1',
  '1.0c1',
  '1.0rc2',
  '1.0',
  '1.0.post0.dev0',
  '1.0.post0',
  '1.0.post456.dev34',
  '1.0.post456',
  '1.0.post456+local',
  '1.0.1.dev1',
  '1.0.1a1',
  '1.0.1',
  '1.0.1+local',
  '1.0.1.post1',
  '1.1.dev1',
  '1.2+a',
  '1.2+abc',
  '1.2+abcdef',
  '1.2+def',
  '1.2+0',
  '1.2+1',
  '1.2+1.abc',
  '1.2+1.1',
  '1.2+1.1.0',
  '1.2+2',
  '1.2+123',
  '1.2+123456',
  '1.2.r32+123456',
  '1.2.rev33+123456',
];
const packagingVersionsWithEpoch = packagingVersions.map((version) => `1!${version}`);

// Same file, test_invalid_versions.
const packagingInvalid = [
  'french toast',
  '1.0+a+',
  '1.0++',
  '1.0+_foobar',
  '1.0+foo&asd',
  '1.0+1+1',
  '1. 0',
  '1 .0',
  '1. 0a1',
  '1 .0a1',
  '1.0 a1',
  '1.0a 1',
  '٠١٢.٣٤٥.٦٧٨٩',
  '.',
  '..',
  '1..0',
  '1.0.',
  '.1.0',
  '1..2.3',
  '1.0+\u0130',
];

// Same file, test_normalized_versions: each spelling equals its normal form.
const packagingNormalized: [string, string][] = [
  ['1.0dev', '1.0.dev0'],
  ['1.0.dev', '1.0.dev0'],
  ['1.0-dev1', '1.0.dev1'],
  ['1.0DEV', '1.0.dev0'],
  ['1.0a', '1.0a0'],
  ['1.0.a1', '1.0a1'],
  ['1.0-alpha', '1.0a0'],
  ['1.0ALPHA1', '1.0a1'],
  ['1.0b', '1.0b0'],
  ['1.0-beta1', '1.0b1'],
  ['1.0BETA', '1.0b0'],
  ['1.0c', '1.0rc0'],
  ['1.0.c1', '1.0rc1'],
  ['1.0-rc', '1.0rc0'],
  ['1.0RC1', '1.0rc1'],
  ['1.0post', '1.0.post0'],
  ['1.0-post1', '1.0.post1'],
  ['1.0r', '1.0.post0'],
  ['1.0rev', '1.0.post0'],
  ['1.0.r1', '1.0.post1'],
  ['1.0-5', '1.0.post5'],
  ['1.0-r5', '1.0.post5'],
  ['1.0-rev5', '1.0.post5'],
  ['1.0+AbC', '1.0+abc'],
  ['1.01', '1.1'],
  ['1.0a05', '1.0a5'],
  ['1.0b07', '1.0b7'],
  ['1.0c056', '1.0rc56'],
  ['1.0rc09', '1.0rc9'],
  ['1.0.post000', '1.0.post0'],
  ['1.1.dev09000', '1.1.dev9000'],
  ['00!1.2', '1.2'],
  ['0100!0.0', '100!0.0'],
  ['v1.0', '1.0'],
  ['   v1.0\t\n', '1.0'],
];

/** Random PEP 440 versions that exercise every part of the ordering key. */
function generatePep440(random: SeededRandom): string {
  const number = (): string => String(random.pick([0, 0, 1, 2, 9, 10, 33, 456]));
  let version = random.chance(0.15) ? `${random.pick([1, 2, 10])}!` : '';
  version += Array.from({ length: 1 + random.below(4) }, number).join('.');
  if (random.chance(0.4)) {
    version += `${random.pick(['', '.', '-', '_'])}${random.pick(['a', 'b', 'rc', 'c', 'alpha', 'beta', 'pre', 'preview'])}`;
    if (random.chance(0.8)) version += number();
  }
  if (random.chance(0.3)) version += random.chance(0.3) ? `-${number()}` : `.post${number()}`;
  if (random.chance(0.3)) version += `.dev${number()}`;
  if (random.chance(0.3)) {
    // Alphanumeric local segments start with a letter: the reference reads "1e5" or "0x1" as numbers.
    const segment = (): string =>
      random.chance(0.5) ? number() : random.pick(['abc', 'def', 'ubuntu', 'a1', 'cpu', 'z']);
    version += `+${Array.from({ length: 1 + random.below(3) }, segment).join(random.pick(['.', '-', '_']))}`;
  }
  return random.chance(0.05) ? version.toUpperCase() : version;
}

describe('PyPI version ordering (PEP 440)', () => {
  it('sorts packaging’s VERSIONS list exactly', () => {
    assertStrictlyAscending(pypiVersionScheme, [...packagingVersions, ...packagingVersionsWithEpoch]);
  });

  it('treats each spelling in packaging’s normalisation table as its normal form', () => {
    for (const [spelling, normal] of packagingNormalized)
      assertEquivalent(pypiVersionScheme, spelling, normal);
  });

  it('rejects packaging’s invalid versions, naming them', () => {
    for (const invalid of [...packagingInvalid, '', '1.0-', 'latest', '1.0.0-beta.x', '1.0+']) {
      assertRejected(pypiVersionScheme, invalid, '1.0');
    }
  });

  it('gives the sign packaging 26.2 gives on 4000 generated pairs', () => {
    const comparisons = readFileSync(
      new URL('__fixtures__/pypi-packaging-comparisons.jsonl', import.meta.url),
      'utf8',
    )
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as [string, string, number]);
    assert.equal(assertAgreesWithOracle(pypiVersionScheme, comparisons), 4000);
  });

  it('agrees with @renovatebot/pep440 on 3000 generated versions and is a total order', () => {
    const random = new SeededRandom(3);
    const versions = Array.from({ length: 3000 }, () => generatePep440(random));
    for (const version of versions)
      assert.ok(pep440.valid(version) !== null, `the reference accepts ${version}`);
    const checked = checkOrderingProperties(pypiVersionScheme, versions, { reference: pep440.compare });
    assert.equal(checked, 20_000);
  });

  it('strips the surrounding whitespace Python’s \\s matches, and no other', () => {
    // packaging 26.2: Version('1.0\x1c') and Version('\x851.0') parse (str.isspace),
    // Version('1.0\ufeff') raises InvalidVersion.
    assertEquivalent(pypiVersionScheme, '1.0\x1c', '1.0');
    assertEquivalent(pypiVersionScheme, '\x851.0', '1.0');
    assertEquivalent(pypiVersionScheme, '\u30001.0\u2028', '1.0');
    assertRejected(pypiVersionScheme, '1.0\ufeff', '1.0');
    assertRejected(pypiVersionScheme, '\ufeff1.0', '1.0');
  });

  it('reads a SemVer-style prerelease as PEP 440 does', () => {
    assertEquivalent(pypiVersionScheme, '1.0.0-beta.1', '1.0b1');
  });

  it('orders numbers past 2^53 exactly, where the reference rounds', () => {
    // Number('9007199254740993') === Number('9007199254740992'): the reference calls these equal.
    assert.equal(pep440.compare('1.9007199254740992', '1.9007199254740993'), 0);
    assertOrdered(pypiVersionScheme, '1.9007199254740992', '1.9007199254740993');
    assertOrdered(pypiVersionScheme, '2023.1.20230101123456789', '2023.1.20230101123456790');
  });

  it('orders the PEP 440 "Summary of permitted suffixes and relative ordering" example', () => {
    // PEP 440, "Summary of permitted suffixes and relative ordering".
    assertStrictlyAscending(pypiVersionScheme, [
      '1.dev0',
      '1.0.dev456',
      '1.0a1',
      '1.0a2.dev456',
      '1.0a12.dev456',
      '1.0a12',
      '1.0b1.dev456',
      '1.0b2',
      '1.0b2.post345.dev456',
      '1.0b2.post345',
      '1.0rc1.dev456',
      '1.0rc1',
      '1.0',
      '1.0+abc.5',
      '1.0+abc.7',
      '1.0+5',
      '1.0.post456.dev34',
      '1.0.post456',
      '1.0.15',
      '1.1.dev1',
    ]);
  });
});
