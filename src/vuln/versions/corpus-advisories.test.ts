import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { corpusPath, hasCorpus } from '../../testing/corpus.js';
import type { OsvAdvisory } from '../osv/osv-types.js';
import { versionSchemeFor } from './registry.js';

function advisoryFiles(directory: string): string[] {
  return readdirSync(directory)
    .sort()
    .flatMap((name) => {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) return name === 'schema' ? [] : advisoryFiles(path);
      return name.endsWith('.json') ? [path] : [];
    });
}

/**
 * Real advisories (corpus osv/: golang/vulndb, pypa/advisory-database, GHSA conversions, osv-scanner
 * fixtures): every version an ECOSYSTEM or SEMVER range or a `versions` list names must parse under its
 * ecosystem's scheme, and every `fixed`/`last_affected` must close an interval some `introduced` of the
 * same range opened below it. Events may come in any order (OSV schema "Evaluation" sorts them first).
 */
describe('version schemes on the OSV corpus', { skip: !hasCorpus() }, () => {
  it('parse and order every range event and listed version of a supported ecosystem', () => {
    let events = 0;
    let listed = 0;
    const ecosystems = new Set<string>();
    const invalid: string[] = [];
    for (const file of advisoryFiles(corpusPath('osv'))) {
      const document = JSON.parse(readFileSync(file, 'utf8')) as OsvAdvisory;
      for (const affected of document.affected ?? []) {
        const scheme = versionSchemeFor(affected.package?.ecosystem ?? '');
        if (scheme === undefined) continue;
        ecosystems.add(scheme.ecosystem);
        for (const range of affected.ranges ?? []) {
          if (range.type !== 'ECOSYSTEM' && range.type !== 'SEMVER') continue;
          const introduced = range.events.flatMap((event) =>
            event.introduced === undefined ? [] : [event.introduced],
          );
          for (const event of range.events) {
            for (const version of Object.values(event)) {
              if (version === '0') continue; // OSV: introduced "0" means "from the first version".
              assert.ok(scheme.isValid(version), `${file}: ${scheme.ecosystem} version ${version} parses`);
              events += 1;
            }
            const end = event.fixed ?? event.last_affected;
            if (end === undefined) continue;
            const opened = introduced.some((start) => start === '0' || scheme.compare(start, end) <= 0);
            assert.ok(opened, `${file}: ${end} closes an interval opened below it`);
          }
        }
        for (const version of affected.versions ?? []) {
          if (scheme.isValid(version)) listed += 1;
          else invalid.push(`${scheme.ecosystem} ${version}`);
        }
      }
    }
    // The one listed version that is not PEP 440: packaging.version.Version('4.36.-1') raises InvalidVersion
    // too. A matcher must skip it (it names no installable release), never order it.
    assert.deepEqual(invalid, ['PyPI 4.36.-1']);
    assert.deepEqual([...ecosystems].sort(), ['Go', 'Maven', 'PyPI', 'RubyGems', 'crates.io', 'npm']);
    assert.ok(events > 300, `checked ${events} range events`);
    assert.ok(listed > 1000, `checked ${listed} listed versions`);
  });
});
