import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rubygemsVersionScheme } from './rubygems-version.js';
import {
  assertEquivalent,
  assertOrdered,
  assertRejected,
  checkOrderingProperties,
} from './testing/ordering-properties.js';
import { SeededRandom } from './testing/seeded-random.js';

// rubygems/rubygems test/rubygems/test_gem_version.rb (commit 69ec4a3a5f1cafa633c569671ed9ef502bbdaf61).

describe('RubyGems version ordering (Gem::Version)', () => {
  it('passes test_spaceship', () => {
    const spaceship: [string, string, number][] = [
      ['1.0', '1.0.0', 0],
      ['1.0', '1.0.a', 1],
      ['1.8.2', '0.0.0', 1],
      ['1.8.2', '1.8.2.a', 1],
      ['1.8.2.b', '1.8.2.a', 1],
      ['1.8.2.a', '1.8.2', -1],
      ['1.8.2.a10', '1.8.2.a9', 1],
      ['', '0', 0],
      ['0.beta.1', '0.0.beta.1', 0],
      ['0.0.beta', '0.0.beta.1', -1],
      ['0.0.beta', '0.beta.1', -1],
      ['5.a', '5.0.0.rc2', -1],
      ['5.x', '5.0.0.rc2', 1],
      ['1.9.3', '1.9.3', 0],
      ['1.9.3', '1.9.2.99', 1],
      ['1.9.3', '1.9.3.1', -1],
    ];
    for (const [a, b, expected] of spaceship) {
      assert.equal(rubygemsVersionScheme.compare(a, b), expected, `${a} <=> ${b}`);
      assert.equal(rubygemsVersionScheme.compare(b, a), -expected || 0, `${b} <=> ${a}`);
    }
  });

  it('passes test_semver', () => {
    for (const [lower, higher] of [
      ['1.0.0-alpha', '1.0.0-alpha.1'],
      ['1.0.0-alpha.1', '1.0.0-beta.2'],
      ['1.0.0-beta.2', '1.0.0-beta.11'],
      ['1.0.0-beta.11', '1.0.0-rc.1'],
      ['1.0.0-rc1', '1.0.0'],
      ['1.0.0-1', '1'],
    ] as const) {
      assertOrdered(rubygemsVersionScheme, lower, higher);
    }
  });

  it('passes test_equals2 and test_initialize', () => {
    assertEquivalent(rubygemsVersionScheme, '1.2', '1.2');
    assert.notEqual(rubygemsVersionScheme.compare('1.2', '1.3'), 0, '1.2 != 1.3');
    assertEquivalent(rubygemsVersionScheme, '1.2.b1', '1.2.b.1');
    for (const good of ['1.0', '1.0 ', ' 1.0 ', '1.0\n', '\n1.0\n'])
      assertEquivalent(rubygemsVersionScheme, good, '1.0');
  });

  it('orders prereleases (any letter) before their release, and letters case-sensitively', () => {
    // test_prerelease: "1.2.0.a", "2.9.b", "22.1.50.0.d", "1.2.d.42", "1.A", "1-1", "1-a" are prereleases.
    assertOrdered(rubygemsVersionScheme, '1.2.0.a', '1.2.0');
    assertOrdered(rubygemsVersionScheme, '22.1.50.0.d', '22.1.50');
    assertOrdered(rubygemsVersionScheme, '1.2.d.42', '1.2');
    assertOrdered(rubygemsVersionScheme, '1-1', '1');
    assertOrdered(rubygemsVersionScheme, '1.A', '1.a'); // Ruby String#<=> compares bytes: "A" < "a"
  });

  it('is a total order on 2000 generated versions', () => {
    const random = new SeededRandom(6);
    const versions = Array.from({ length: 2000 }, () => {
      let version = String(random.pick([0, 1, 2, 10]));
      for (let index = random.below(5); index > 0; index--) {
        version += `.${random.pick(['0', '0', '1', '2', '10', 'a', 'b', 'pre', 'rc1', 'beta', 'a10', 'A', '0a'])}`;
      }
      if (random.chance(0.15)) version += `-${random.pick(['1', 'rc', 'alpha.1', 'pre-2'])}`;
      return version;
    });
    assert.equal(checkOrderingProperties(rubygemsVersionScheme, versions), 20_000);
  });

  it('rejects what Gem::Version rejects (test_initialize_invalid), naming the version', () => {
    for (const invalid of [
      'junk',
      '1.0\n2.0',
      '1..2',
      '1.2 3.4',
      '2.3422222.222.222222222.22222.ads0as.dasd0.ddd2222.2.qd3e.',
      'an incorrect version',
      '.1',
      '1.0-',
    ]) {
      assertRejected(rubygemsVersionScheme, invalid, '1.0');
    }
  });
});
