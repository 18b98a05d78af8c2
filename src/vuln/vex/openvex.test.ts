import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { corpusPath, hasCorpus } from '../../testing/corpus.js';
import { parseVexDocument } from './load-suppressions.js';
import { parseOpenVex } from './openvex.js';
import { VexError } from './vex-error.js';

const skip = !hasCorpus() && 'corpus not available';

function corpusJson(relative: string): unknown {
  return JSON.parse(readFileSync(corpusPath('vex', 'openvex', relative), 'utf8'));
}

describe('parseOpenVex on the corpus', { skip }, () => {
  it('reads go-vex v0.2.0.json: the five vulnerabilities go-vex expects, products with subcomponents', () => {
    const { statements, warnings } = parseOpenVex(corpusJson('go-vex/v0.2.0.json'), 'v0.2.0.json');
    assert.deepEqual(
      statements.map((statement) => statement.vulnerabilityIds[0]),
      ['CVE-2023-1255', 'CVE-2023-2650', 'CVE-2023-2975', 'CVE-2023-3446', 'CVE-2023-3817'],
    );
    assert.deepEqual(warnings, []);
    const notAffected = statements[3];
    assert.equal(notAffected?.status, 'not_affected');
    assert.equal(notAffected?.justification, 'vulnerable_code_not_present');
    assert.equal(notAffected?.detail, 'affected functions were removed before packaging');
    assert.equal(notAffected?.statement, 'statements[3]');
    assert.equal(notAffected?.suppresses, true);
    const product = notAffected?.products[0];
    assert.equal(product?.purls[0]?.type, 'oci');
    assert.equal(
      product?.purls[0]?.version,
      'sha256:124c7d2707904eea7431fffe91522a01e5a861a624ee31d03372cc1d138a3126',
    );
    assert.deepEqual(
      product?.subcomponents.map((subcomponent) => subcomponent.purls[0]?.name),
      ['libssl3', 'libcrypto3'],
    );
    // Statements inherit the document timestamp (OPENVEX-SPEC "Inheritance Flow").
    assert.equal(notAffected?.timestamp?.toISOString(), '2023-07-18T00:28:47.696Z');
  });

  it('reads the vulnerability aliases (sample-2vulns)', () => {
    const { statements } = parseOpenVex(corpusJson('vexctl/sample-2vulns.openvex.json'), 'sample-2vulns');
    assert.deepEqual(statements[0]?.vulnerabilityIds, ['CVE-2023-27103', 'SNYK-DEBIAN12-LIBDE265-3361563']);
    assert.equal(statements[1]?.status, 'fixed');
  });

  for (const file of ['go-vex/v0.0.1.json', 'go-vex/v0.0.1-noversion.json']) {
    it(`normalises the legacy ${file} (products and vulnerability as strings)`, () => {
      const { statements } = parseOpenVex(corpusJson(file), file);
      assert.equal(statements.length, 1);
      const [statement] = statements;
      assert.deepEqual(statement?.vulnerabilityIds, ['CVE-2023-12345']);
      assert.equal(statement?.status, 'fixed');
      assert.deepEqual(
        statement?.products.map((product) => product.purls[0]?.qualifiers.arch),
        ['armv7', 'x86_64'],
      );
      assert.equal(statement?.timestamp?.toISOString(), '2023-01-09T00:02:03.647Z');
    });
  }

  it('reads legacy statements dated per statement and products that are not PURLs (vexctl images.vex.json)', () => {
    const { statements } = parseOpenVex(corpusJson('vexctl/images.vex.json'), 'images');
    assert.equal(statements.length, 4);
    assert.ok(
      statements.every((statement) => statement.status === 'under_investigation' && !statement.suppresses),
      'under_investigation never suppresses',
    );
    assert.equal(statements[1]?.products[0]?.bomRef, 'nginx');
    assert.deepEqual(statements[1]?.products[0]?.purls, []);
  });

  it('rejects go-vex v020-1.vex.json, which lacks the required document timestamp', () => {
    assert.throws(
      () => parseOpenVex(corpusJson('go-vex/v020-1.vex.json'), 'v020-1.vex.json'),
      (error: unknown) =>
        error instanceof VexError &&
        error.code === 'VEX_MALFORMED' &&
        error.file === 'v020-1.vex.json' &&
        /\/version: is required|\/timestamp: is required/.test(error.message),
    );
  });

  it('rejects a CSAF document as unsupported, naming the file', async () => {
    const text = readFileSync(corpusPath('vex', 'openvex', 'go-vex', 'csaf.json'), 'utf8');
    await assert.rejects(parseVexDocument(text, 'csaf.json'), (error: unknown) => {
      assert.ok(error instanceof VexError, 'a VexError');
      assert.equal(error.code, 'VEX_UNSUPPORTED');
      assert.equal(error.file, 'csaf.json');
      assert.match(error.message, /CSAF/);
      return true;
    });
  });
});

describe('parseOpenVex on hand-made documents', () => {
  const base = (statement: Record<string, unknown>, context = 'https://openvex.dev/ns/v0.2.0') => ({
    '@context': context,
    '@id': 'https://example.com/vex/1',
    author: 'test',
    timestamp: '2024-01-01T00:00:00Z',
    version: 1,
    statements: [statement],
  });

  it('rejects an OpenVEX context of an unknown version as unsupported', () => {
    assert.throws(
      () => parseOpenVex(base({}, 'https://openvex.dev/ns/v9.9.9'), 'future.json'),
      (error: unknown) => error instanceof VexError && error.code === 'VEX_UNSUPPORTED',
    );
  });

  it('names the JSON Pointer of the problem', () => {
    assert.throws(
      () =>
        parseOpenVex(
          base({ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:npm/a' }], status: 'bogus' }),
          'bad.json',
        ),
      (error: unknown) =>
        error instanceof VexError &&
        error.file === 'bad.json' &&
        error.message.startsWith('/statements/0/status:'),
    );
  });

  it('gives legacy statement-level subcomponents to every product (go-vex compat.go)', () => {
    const legacy = {
      '@context': 'https://openvex.dev/ns',
      '@id': 'legacy-1',
      author: 'test',
      timestamp: '2024-01-01T00:00:00Z',
      statements: [
        {
          vulnerability: 'CVE-1',
          products: ['pkg:oci/a@sha256%3Aaa', 'pkg:oci/b@sha256%3Abb'],
          subcomponents: ['pkg:npm/x@1.0.0'],
          status: 'not_affected',
          justification: 'component_not_present',
        },
      ],
    };
    const { statements } = parseOpenVex(legacy, 'legacy.json');
    assert.deepEqual(
      statements[0]?.products.map((product) => product.subcomponents.map((sub) => sub.label)),
      [['pkg:npm/x@1.0.0'], ['pkg:npm/x@1.0.0']],
    );
  });

  it('a not_affected whose only reason is a blank impact_statement does not suppress, with a warning', () => {
    const statement = (impact: string) => ({
      vulnerability: { name: 'CVE-1' },
      products: [{ '@id': 'pkg:npm/a@1.0.0' }],
      status: 'not_affected',
      impact_statement: impact,
    });
    const blank = parseOpenVex(base(statement('  ')), 'blank.json');
    assert.equal(blank.statements[0]?.suppresses, false);
    assert.match(blank.warnings[0]?.message ?? '', /empty impact_statement and no justification/);
    const given = parseOpenVex(base(statement('never called with user input')), 'given.json');
    assert.equal(given.statements[0]?.suppresses, true);
    assert.deepEqual(given.warnings, []);
  });

  it('rejects a legacy statement that has no timestamp of its own or inherited', () => {
    const legacy = {
      '@context': 'https://openvex.dev/ns',
      '@id': 'legacy-1',
      statements: [{ vulnerability: 'CVE-1', products: ['pkg:npm/a@1'], status: 'fixed' }],
    };
    assert.throws(
      () => parseOpenVex(legacy, 'undated.json'),
      (error: unknown) => error instanceof VexError && /no timestamp/.test(error.message),
    );
  });
});
