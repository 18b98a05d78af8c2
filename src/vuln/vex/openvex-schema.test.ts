/**
 * Our OpenVEX v0.2.0 parser against the published JSON schema (openvex/spec openvex_json_schema.json) as
 * the oracle: on every v0.2.0 corpus document and on mutations of one, the parser accepts exactly what
 * the schema accepts, except the one documented leniency (unknown properties are ignored).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { corpusPath, hasCorpus } from '../../testing/corpus.js';
import { parseOpenVex } from './openvex.js';
import { compileOpenVexSchema } from './openvex-schema-oracle.js';
import { VexError } from './vex-error.js';

const skip = !hasCorpus() && 'corpus not available';

const v020Files = [
  'openvex/go-vex/v0.2.0.json',
  'openvex/go-vex/v020-1.vex.json',
  'openvex/vexctl/demo.vex.json',
  'openvex/vexctl/document1.vex.json',
  'openvex/vexctl/document2.vex.json',
  'openvex/vexctl/sample-history.openvex.json',
  'openvex/vexctl/sample-2vulns.openvex.json',
];

function readJson(relative: string): Record<string, unknown> {
  return JSON.parse(readFileSync(corpusPath('vex', relative), 'utf8')) as Record<string, unknown>;
}

/** The schema's verdict, minus `additionalProperties` (which we deliberately do not enforce). */
function schemaErrors(validate: ValidateFunction, document: unknown): ErrorObject[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).filter((error) => error.keyword !== 'additionalProperties');
}

function parserAccepts(document: unknown, file: string): boolean {
  try {
    parseOpenVex(document, file);
    return true;
  } catch (error) {
    assert.ok(error instanceof VexError, `a rejection is a VexError, not ${String(error)}`);
    assert.equal(error.code, 'VEX_MALFORMED');
    assert.equal(error.file, file);
    return false;
  }
}

/** A change to v0.2.0.json, and whether it leaves the document valid (so the mutation tests something). */
type Mutation = [string, boolean, (document: Record<string, unknown>) => void];

const statement0 = (document: Record<string, unknown>) =>
  (document.statements as Record<string, unknown>[])[0] as Record<string, unknown>;

const mutations: Mutation[] = [
  [
    'not_affected without justification or impact_statement',
    false,
    (d) => {
      const s = (d.statements as Record<string, unknown>[])[3] as Record<string, unknown>;
      delete s.justification;
      delete s.impact_statement;
    },
  ],
  [
    'affected without action_statement',
    false,
    (d) => {
      statement0(d).status = 'affected';
    },
  ],
  [
    'an unknown status',
    false,
    (d) => {
      statement0(d).status = 'false_positive';
    },
  ],
  [
    'an unknown justification',
    false,
    (d) => {
      statement0(d).justification = 'code_not_reachable';
    },
  ],
  [
    'no document timestamp',
    false,
    (d) => {
      delete d.timestamp;
    },
  ],
  [
    'a malformed document timestamp',
    false,
    (d) => {
      d.timestamp = '2023-07-17 late afternoon';
    },
  ],
  [
    'version 0',
    false,
    (d) => {
      d.version = 0;
    },
  ],
  [
    'version as a string',
    false,
    (d) => {
      d.version = '1';
    },
  ],
  [
    'no author',
    false,
    (d) => {
      delete d.author;
    },
  ],
  [
    'no statements',
    false,
    (d) => {
      d.statements = [];
    },
  ],
  [
    'a duplicated statement',
    false,
    (d) => {
      (d.statements as unknown[]).push(statement0(d));
    },
  ],
  [
    'a vulnerability without name',
    false,
    (d) => {
      statement0(d).vulnerability = { aliases: ['GHSA-xxxx-xxxx-xxxx'] };
    },
  ],
  [
    'a vulnerability given as a string',
    false,
    (d) => {
      statement0(d).vulnerability = 'CVE-2023-1255';
    },
  ],
  [
    'a product without @id or identifiers',
    false,
    (d) => {
      statement0(d).products = [{ hashes: { 'sha-256': 'ab' } }];
    },
  ],
  [
    'a product given as a string',
    false,
    (d) => {
      statement0(d).products = ['pkg:apk/alpine/libssl3@3.0.8-r3'];
    },
  ],
  [
    'identifiers without a known key',
    false,
    (d) => {
      statement0(d).products = [{ identifiers: {} }];
    },
  ],
  [
    'a product @id that is not an IRI',
    false,
    (d) => {
      statement0(d).products = [{ '@id': 'alpine libssl' }];
    },
  ],
  [
    'a statement timestamp that is not a date-time',
    false,
    (d) => {
      statement0(d).timestamp = 'yesterday';
    },
  ],
  [
    'no @id',
    false,
    (d) => {
      delete d['@id'];
    },
  ],
  // These stay valid: the parser must not be stricter than the schema.
  [
    'identifiers.purl only',
    true,
    (d) => {
      statement0(d).products = [{ identifiers: { purl: 'pkg:apk/alpine/libssl3@3.0.8-r3' } }];
    },
  ],
  [
    'no products',
    true,
    (d) => {
      delete statement0(d).products;
    },
  ],
  [
    'an impact_statement only',
    true,
    (d) => {
      const s = (d.statements as Record<string, unknown>[])[3] as Record<string, unknown>;
      delete s.justification;
    },
  ],
];

describe('OpenVEX v0.2.0: parser acceptance agrees with the published JSON schema', { skip }, () => {
  const validate = compileOpenVexSchema();

  for (const file of v020Files) {
    it(`agrees on ${file}`, () => {
      const document = readJson(file);
      const schemaValid = schemaErrors(validate, document).length === 0;
      assert.equal(
        parserAccepts(document, file),
        schemaValid,
        `schema says ${schemaValid ? 'valid' : JSON.stringify(schemaErrors(validate, document))}`,
      );
    });
  }

  it('accepts most of the corpus (the comparison is not vacuous)', () => {
    const accepted = v020Files.filter((file) => parserAccepts(readJson(file), file));
    assert.ok(accepted.length >= 5, `accepted ${accepted.join(', ')}`);
    assert.ok(accepted.length < v020Files.length, 'go-vex v020-1.vex.json lacks timestamp and version');
  });

  it('only ignores unknown properties (sample-history carries a `statement` field)', () => {
    const document = readJson('openvex/vexctl/sample-history.openvex.json');
    assert.equal(validate(document), false, 'the strict schema rejects it');
    assert.ok(
      (validate.errors ?? []).every((error) => error.keyword === 'additionalProperties'),
      'only for additional properties',
    );
    assert.ok(parserAccepts(document, 'sample-history'), 'the parser reads it');
  });

  for (const [name, valid, mutate] of mutations) {
    it(`agrees on v0.2.0.json with ${name}`, () => {
      const document = readJson('openvex/go-vex/v0.2.0.json');
      mutate(document);
      const errors = schemaErrors(validate, document);
      assert.equal(errors.length === 0, valid, `the schema's verdict: ${JSON.stringify(errors)}`);
      assert.equal(parserAccepts(document, 'mutated.json'), errors.length === 0, JSON.stringify(errors));
    });
  }
});
