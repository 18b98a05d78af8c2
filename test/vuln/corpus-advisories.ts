import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusPath } from '../../src/testing/corpus.js';
import type { OsvAdvisory } from '../../src/vuln/osv/osv-types.js';

/** The corpus folders of real OSV records (`osv/SOURCE.md`); osv-linter's deliberately broken ones left out. */
export const advisoryFolders = ['go', 'pypi', 'osv-scanner-embedded', 'ghsa-convert'] as const;

/** Every OSV record of those folders (ghsa-convert: only the `.osv.json` outputs, not GHSA inputs). */
export function corpusAdvisoryFiles(): string[] {
  return advisoryFolders.flatMap((folder) =>
    readdirSync(corpusPath('osv', folder))
      .filter((name) => (folder === 'ghsa-convert' ? name.endsWith('.osv.json') : name.endsWith('.json')))
      .sort()
      .map((name) => join(corpusPath('osv', folder), name)),
  );
}

export function corpusAdvisories(): OsvAdvisory[] {
  return corpusAdvisoryFiles().map((file) => JSON.parse(readFileSync(file, 'utf8')) as OsvAdvisory);
}
