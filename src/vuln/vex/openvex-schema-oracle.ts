/**
 * Test oracle: the published OpenVEX v0.2.0 JSON schema (openvex/spec openvex_json_schema.json, from the
 * corpus), compiled with Ajv. Used by tests only; not exported from the package.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { corpusPath } from '../../testing/corpus.js';

const nodeRequire = createRequire(import.meta.url);

/**
 * The schema declares draft 2020-12, so Ajv's 2020 class. `format: iri` is checked as an absolute RFC 3986
 * URI (every URI is an IRI; the corpus is ASCII) with ajv-formats' own checker: ajv-formats-draft2019's
 * `iri` also demands an IANA-registered scheme, which rejects every PURL although the spec says "As
 * Package URLs are valid IRIs, the @id can take a purl as a value" (OPENVEX-SPEC "Product Data Structure").
 */
export function compileOpenVexSchema(): ValidateFunction {
  const schema = JSON.parse(
    readFileSync(corpusPath('vex', 'openvex', 'openvex_json_schema.json'), 'utf8'),
  ) as Record<string, unknown>;
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema', 'the schema is draft 2020-12');
  const Ajv2020 = nodeRequire('ajv/dist/2020.js').default as typeof import('ajv').default;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (nodeRequire('ajv-formats') as (ajv: unknown) => void)(ajv);
  const { fullFormats } = nodeRequire('ajv-formats/dist/formats') as {
    fullFormats: Record<string, (value: string) => boolean>;
  };
  ajv.addFormat('iri', fullFormats.uri as (value: string) => boolean);
  return ajv.compile(schema);
}
