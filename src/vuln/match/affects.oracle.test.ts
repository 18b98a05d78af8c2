import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { corpusPath } from '../../testing/corpus.js';
import type { OsvAdvisory } from '../osv/osv-types.js';
import { pypiVersionScheme } from '../versions/pypi-pep440.js';
import { evaluateAffected } from './affects.js';

/**
 * Oracle: osv.dev expands the ECOSYSTEM ranges of every PyPI record into its `versions` list, enumerating
 * the real releases on PyPI with its own implementation of the evaluation algorithm. Our range evaluation
 * (ranges only, list withheld) must agree with that list, both ways: every listed version affected, and
 * every other real release of the package (known from the lists of its other advisories) not affected.
 */
const directory = corpusPath('osv', 'pypi');
const advisories = readdirSync(directory)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => JSON.parse(readFileSync(`${directory}/${name}`, 'utf8')) as OsvAdvisory);

const releases = new Map<string, Set<string>>();
for (const advisory of advisories) {
  for (const affected of advisory.affected ?? []) {
    const name = affected.package?.name ?? '';
    const known = releases.get(name) ?? new Set<string>();
    for (const version of affected.versions ?? []) known.add(version);
    releases.set(name, known);
  }
}

describe('range evaluation against osv.dev expanded versions lists (PyPI corpus)', () => {
  it('has records to check', () => {
    assert.ok(advisories.length >= 40, `found ${advisories.length} PyPI records`);
  });
  for (const advisory of advisories) {
    for (const affected of advisory.affected ?? []) {
      const listed = new Set(affected.versions ?? []);
      const known = releases.get(affected.package?.name ?? '') ?? new Set<string>();
      it(`${advisory.id} ${affected.package?.name}: ${known.size} releases classified as osv.dev did`, () => {
        const disagreements = [...known].filter(
          (version) =>
            evaluateAffected(version, { ranges: affected.ranges ?? [] }, pypiVersionScheme).affected !==
            listed.has(version),
        );
        assert.deepEqual(disagreements, []);
      });
    }
  }
});
