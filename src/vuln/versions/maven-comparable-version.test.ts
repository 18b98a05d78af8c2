import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { canonicalMavenVersion, mavenVersionScheme, parseMavenVersion } from './maven-comparable-version.js';
import {
  assertAgreesWithOracle,
  assertEquivalent,
  assertOrdered,
  assertRejected,
  assertStrictlyAscending,
  checkOrderingProperties,
} from './testing/ordering-properties.js';
import { SeededRandom } from './testing/seeded-random.js';

// Test vectors from apache/maven tag maven-3.9.9,
// maven-artifact/src/test/java/org/apache/maven/artifact/versioning/ComparableVersionTest.java.

const versionsQualifier = [
  '1-alpha2snapshot',
  '1-alpha2',
  '1-alpha-123',
  '1-beta-2',
  '1-beta123',
  '1-m2',
  '1-m11',
  '1-rc',
  '1-cr2',
  '1-rc123',
  '1-SNAPSHOT',
  '1',
  '1-sp',
  '1-sp2',
  '1-sp123',
  '1-abc',
  '1-def',
  '1-pom-1',
  '1-1-snapshot',
  '1-1',
  '1-2',
  '1-123',
];

const versionsNumber = [
  '2.0',
  '2.0.a',
  '2-1',
  '2.0.2',
  '2.0.123',
  '2.1.0',
  '2.1-a',
  '2.1b',
  '2.1-c',
  '2.1-1',
  '2.1.0.1',
  '2.2',
  '2.123',
  '11.a2',
  '11.a11',
  '11.b2',
  '11.b11',
  '11.m2',
  '11.m11',
  '11',
  '11.a',
  '11b',
  '11c',
  '11m',
];

const versionsEqual: [string, string][] = [
  ['1', '1'],
  ['1', '1.0'],
  ['1', '1.0.0'],
  ['1.0', '1.0.0'],
  ['1', '1-0'],
  ['1', '1.0-0'],
  ['1.0', '1.0-0'],
  // no separator between number and character
  ['1a', '1-a'],
  ['1a', '1.0-a'],
  ['1a', '1.0.0-a'],
  ['1.0a', '1-a'],
  ['1.0.0a', '1-a'],
  ['1x', '1-x'],
  ['1x', '1.0-x'],
  ['1x', '1.0.0-x'],
  ['1.0x', '1-x'],
  ['1.0.0x', '1-x'],
  // aliases
  ['1ga', '1'],
  ['1release', '1'],
  ['1final', '1'],
  ['1cr', '1rc'],
  // special "aliases" a, b and m for alpha, beta and milestone
  ['1a1', '1-alpha-1'],
  ['1b2', '1-beta-2'],
  ['1m3', '1-milestone-3'],
  // case insensitive
  ['1X', '1x'],
  ['1A', '1a'],
  ['1B', '1b'],
  ['1M', '1m'],
  ['1Ga', '1'],
  ['1GA', '1'],
  ['1RELEASE', '1'],
  ['1release', '1'],
  ['1RELeaSE', '1'],
  ['1Final', '1'],
  ['1FinaL', '1'],
  ['1FINAL', '1'],
  ['1Cr', '1Rc'],
  ['1cR', '1rC'],
  ['1m3', '1Milestone3'],
  ['1m3', '1MileStone3'],
  ['1m3', '1MILESTONE3'],
  // testLocaleIndependent
  ['1-abcdefghijklmnopqrstuvwxyz', '1-ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
];

const versionComparing: [string, string][] = [
  ['1', '2'],
  ['1.5', '2'],
  ['1', '2.5'],
  ['1.0', '1.1'],
  ['1.1', '1.2'],
  ['1.0.0', '1.1'],
  ['1.0.1', '1.1'],
  ['1.1', '1.2.0'],
  ['1.0-alpha-1', '1.0'],
  ['1.0-alpha-1', '1.0-alpha-2'],
  ['1.0-alpha-1', '1.0-beta-1'],
  ['1.0-beta-1', '1.0-SNAPSHOT'],
  ['1.0-SNAPSHOT', '1.0'],
  ['1.0-alpha-1-SNAPSHOT', '1.0-alpha-1'],
  ['1.0', '1.0-1'],
  ['1.0-1', '1.0-2'],
  ['1.0.0', '1.0-1'],
  ['2.0-1', '2.0.1'],
  ['2.0.1-klm', '2.0.1-lmn'],
  ['2.0.1', '2.0.1-xyz'],
  ['2.0.1', '2.0.1-123'],
  ['2.0.1-xyz', '2.0.1-123'],
  // testMng5568
  ['6.1.0rc3', '6.1.0'],
  ['6.1.0rc3', '6.1H.5-beta'],
  ['6.1.0', '6.1H.5-beta'],
  // testMng6572
  ['20190126.230843', '1234567890.12345'],
  ['1234567890.12345', '123456789012345.1H.5-beta'],
  ['20190126.230843', '123456789012345.1H.5-beta'],
  ['123456789012345.1H.5-beta', '12345678901234567890.1H.5-beta'],
  ['1234567890.12345', '12345678901234567890.1H.5-beta'],
  ['20190126.230843', '12345678901234567890.1H.5-beta'],
  // testMng6964
  ['1-0.alpha', '1'],
  ['1-0.beta', '1'],
  ['1-0.alpha', '1-0.beta'],
];

const leadingZeroes = Array.from({ length: 19 }, (_, index) => `${'0'.repeat(18 - index)}1`);
const zeroWithLeadingZeroes = Array.from({ length: 19 }, (_, index) => '0'.repeat(19 - index));

/** ComparableVersionTest.newComparable: the canonical form must parse back to itself. */
function checkCanonical(version: string): void {
  const parsed = parseMavenVersion(version);
  assert.ok(parsed !== undefined, `${version} parses`);
  const canonical = canonicalMavenVersion(parsed);
  const reparsed = parseMavenVersion(canonical);
  assert.ok(reparsed !== undefined, `canonical ${canonical} parses`);
  assert.equal(
    canonicalMavenVersion(reparsed),
    canonical,
    `canonical(${version}) = ${canonical} round-trips`,
  );
}

describe('Maven version ordering (ComparableVersion)', () => {
  it('orders VERSIONS_QUALIFIER and VERSIONS_NUMBER', () => {
    assertStrictlyAscending(mavenVersionScheme, versionsQualifier);
    assertStrictlyAscending(mavenVersionScheme, versionsNumber);
    for (const version of [...versionsQualifier, ...versionsNumber]) checkCanonical(version);
  });

  it('passes testVersionsEqual and testLocaleIndependent', () => {
    for (const [a, b] of versionsEqual) {
      assertEquivalent(mavenVersionScheme, a, b);
      checkCanonical(a);
      checkCanonical(b);
    }
  });

  it('passes testVersionComparing, testMng5568, testMng6572 and testMng6964', () => {
    for (const [lower, higher] of versionComparing) assertOrdered(mavenVersionScheme, lower, higher);
  });

  it('passes testVersionEqualWithLeadingZeroes and testVersionZeroEqualWithLeadingZeroes', () => {
    for (const list of [leadingZeroes, zeroWithLeadingZeroes]) {
      for (const a of list) for (const b of list) assertEquivalent(mavenVersionScheme, a, b);
    }
  });

  it('passes testMng7644: 1.0.0.X1 < 1.0.0-X2 and 2-X == 2.0.X == 2.0.0.X', () => {
    for (const x of ['abc', 'alpha', 'a', 'beta', 'b', 'def', 'milestone', 'm', 'RC']) {
      assertOrdered(mavenVersionScheme, `1.0.0.${x}1`, `1.0.0-${x}2`);
      assertEquivalent(mavenVersionScheme, `2-${x}`, `2.0.${x}`);
      assertEquivalent(mavenVersionScheme, `2-${x}`, `2.0.0.${x}`);
      assertEquivalent(mavenVersionScheme, `2.0.${x}`, `2.0.0.${x}`);
    }
  });

  it('gives the canonical forms of MNG-7700', () => {
    const parsed = parseMavenVersion('0.2');
    assert.ok(parsed !== undefined, '0.2 parses');
    assert.equal(canonicalMavenVersion(parsed), '0.2');
    for (const version of ['0.x', '0-x', '0.rc', '0-1']) checkCanonical(version);
  });

  it('gives the sign Maven 3.9.9 itself gives on 4000 generated pairs', () => {
    const lines = readFileSync(new URL('__fixtures__/maven-3.9.9-comparisons.tsv', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    const comparisons = lines.map((line): [string, string, number] => {
      const [a = '', b = '', sign = ''] = line.split('\t');
      return [a, b, Number(sign)];
    });
    assert.equal(assertAgreesWithOracle(mavenVersionScheme, comparisons), 4000);
  });

  it('orders a run of ten or more zeros by its item class, as Maven 3.9.9 does', () => {
    // parseItem keeps "0000000000" whole (stripLeadingZeroes), so it is a LongItem, which outranks every
    // IntItem; a run of 19 or more is a BigIntegerItem. Signs from Maven 3.9.9's ComparableVersion,
    // run under OpenJDK 17 as in __fixtures__/SOURCE.md.
    const comparisons: [string, string, number][] = [
      ['1.5.1', '1.0000000000.1', -1],
      ['1.0000000001.1', '1.0000000000.1', -1],
      ['1.0000000000.1', '1.0000000000000000000.1', -1],
      ['1.999999999', '1.0000000000', 1],
      ['1.0000000000', '1', 0],
      ['1-0000000000', '1', 0],
    ];
    assert.equal(assertAgreesWithOracle(mavenVersionScheme, comparisons), comparisons.length);
  });

  it('is antisymmetric on 1500 generated versions', () => {
    const random = new SeededRandom(4);
    const token = (): string =>
      random.pick([
        '0',
        '1',
        '2',
        '10',
        '00',
        'a',
        'b',
        'm',
        'alpha',
        'beta',
        'rc',
        'cr',
        'snapshot',
        'ga',
        'final',
        'sp',
        'x',
        'RELEASE',
      ]);
    const versions = Array.from({ length: 1500 }, () => {
      let version = random.pick(['1', '2', '0', '1.0']);
      for (let index = random.below(5); index > 0; index--) version += random.pick(['.', '-', '']) + token();
      return version;
    });
    assert.equal(checkOrderingProperties(mavenVersionScheme, versions, { transitive: false }), 20_000);
  });

  it('keeps Maven’s own non-transitive edge case rather than inventing another order', () => {
    // Found by the property test and confirmed with maven-artifact 3.9.9 (MavenOracle prints -1 three times):
    // 1-2.cr < 1.0.alpha.finalx < 1 < 1-2.cr. A sub-list sorts below a number ("1-1 < 1.0.x") but above the
    // release padding, and "alpha" sorts below the release. Matching Maven exactly matters more here than
    // a consistent order no Maven build would agree with.
    assertOrdered(mavenVersionScheme, '1-2.cr', '1.0.alpha.finalx');
    assertOrdered(mavenVersionScheme, '1.0.alpha.finalx', '1');
    assertOrdered(mavenVersionScheme, '1', '1-2.cr');
  });

  it('refuses only empty versions and ones with whitespace or control characters', () => {
    for (const invalid of ['', ' 1.0', '1.0 ', '1 .0', '1.0\n', '1.0\u0000']) {
      assertRejected(mavenVersionScheme, invalid, '1.0');
    }
    assert.ok(mavenVersionScheme.isValid('NotAVersionString'), 'any other text is a Maven version');
  });
});
