import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { corpusPath } from '../../../testing/corpus.js';

const nodeRequire = createRequire(import.meta.url);

/** Every `*.json` under the corpus's `osv/` folder, sorted by path (as `db import` reads a folder). */
export function osvCorpusFiles(): { path: string; name: string; text: string }[] {
  const root = corpusPath('osv');
  const found: string[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    )) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json')) found.push(path);
    }
  };
  walk(root);
  return found.map((path) => ({ path, name: relative(root, path), text: readFileSync(path, 'utf8') }));
}

/**
 * The official OSV JSON schema (corpus `osv/schema/osv-schema.json`), which declares draft 2020-12: Ajv's
 * 2020 class with ajv-formats for `date-time` and `uri`. The oracle for what a valid record is.
 */
export function osvSchemaValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(corpusPath('osv', 'schema', 'osv-schema.json'), 'utf8'));
  if (schema.$schema !== 'https://json-schema.org/draft/2020-12/schema') {
    throw new Error(`the OSV schema declares ${schema.$schema}, not draft 2020-12: update the oracle`);
  }
  const Ajv2020 = nodeRequire('ajv/dist/2020.js').default as typeof import('ajv').default;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (nodeRequire('ajv-formats') as (ajv: unknown) => void)(ajv);
  return ajv.compile(schema);
}
