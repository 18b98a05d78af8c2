import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import semver from 'semver';
import { npmVersionScheme } from './npm-semver.js';
import {
  assertEquivalent,
  assertOrdered,
  assertRejected,
  assertStrictlyAscending,
  checkOrderingProperties,
} from './testing/ordering-properties.js';
import { SeededRandom } from './testing/seeded-random.js';
import { generateSemver } from './testing/semver-generator.js';

describe('npm version ordering', () => {
  it('agrees with the semver package on 3000 generated versions and is a total order', () => {
    const random = new SeededRandom(1);
    const versions = Array.from({ length: 3000 }, () => {
      const version = generateSemver(random);
      // npm's strict parser accepts one leading "v"; the reference must see the same version.
      return random.chance(0.1) ? `v${version}` : version;
    });
    const checked = checkOrderingProperties(npmVersionScheme, versions, {
      reference: (a, b) => semver.compare(a, b, { loose: false }),
    });
    assert.equal(checked, 20_000);
  });

  it('orders the SemVer 2.0.0 §11 example', () => {
    // https://semver.org/spec/v2.0.0.html §11.4
    assertStrictlyAscending(npmVersionScheme, [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ]);
  });

  it('ignores build metadata and a leading v, as npm does', () => {
    assertEquivalent(npmVersionScheme, '1.0.0+build.1', '1.0.0+build.2');
    assertEquivalent(npmVersionScheme, 'v1.2.3', '1.2.3');
    assertOrdered(npmVersionScheme, '1.2.3-0', '1.2.3');
  });

  it('rejects what npm rejects, naming the version', () => {
    for (const invalid of [
      '',
      '1.2',
      '=1.2.3',
      '01.2.3',
      '1.2.3-01',
      '1.2.3.4',
      'latest',
      '1.2.3beta',
      '^1.2.3',
    ]) {
      assertRejected(npmVersionScheme, invalid, '1.0.0');
    }
  });
});
