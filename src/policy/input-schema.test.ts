import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { corpusPath, hasCorpus } from '../testing/corpus.js';
import { compileExpression, ExpressionCompileError } from './compile-expression.js';
import { artifactFact } from './facts/artifact-facts.js';
import { provenanceFacts } from './facts/provenance-facts.js';
import { readSbomFacts } from './facts/sbom-facts.js';
import { scanFacts } from './facts/scan-facts.js';
import { supplierFacts } from './facts/supplier-facts.js';
import { inputShapes, type Shape } from './input-schema.js';

/** Every field of the real fact is in the shape, and every field of the shape is in the fact. */
function assertFits(value: unknown, shape: Shape): void {
  if (value === null || value === undefined) return;
  switch (shape.kind) {
    case 'object': {
      const keys = Object.keys(value as object).sort();
      assert.deepEqual(
        keys,
        Object.keys(shape.fields).sort(),
        `${shape.path}: the schema's fields are the facts' fields`,
      );
      for (const key of keys) assertFits((value as Record<string, unknown>)[key], shape.fields[key] as Shape);
      return;
    }
    case 'list':
      assert.ok(Array.isArray(value), `${shape.path} is a list`);
      for (const element of value as unknown[]) assertFits(element, shape.element);
      return;
    case 'map':
      for (const entry of Object.values(value as object)) assertFits(entry, shape.value);
      return;
    case 'scalar':
      assert.ok(typeof value !== 'object', `${shape.path} is a scalar`);
  }
}

describe('the input schema matches the facts the gate builds', { skip: !hasCorpus() && 'no corpus' }, () => {
  it('sbom (a real CycloneDX SBOM, and one with distribution hashes)', async () => {
    for (const file of [
      corpusPath('sbom', 'cyclonedx', 'real', 'juice-shop-npm-flat', 'bom.1.4.json'),
      corpusPath('vex', 'cyclonedx-vex', 'bom.json'),
    ]) {
      const facts = await readSbomFacts(file, readFileSync(file));
      assert.ok(facts.components.length > 0, `${file} has components`);
      assertFits(facts, inputShapes.sbom as Shape);
    }
  });

  it('artifacts, provenance, scan and suppliers', () => {
    const artifact = artifactFact('dist/app.tgz', 'a'.repeat(64), {
      path: 'dist/app.tgz.sigstore.json',
      result: {
        verified: true,
        checks: [{ check: 'signature', passed: true, reason: 'ok' }],
        signer: { keyId: 'k' },
      },
    });
    assertFits([artifact], inputShapes.artifacts as Shape);
    const provenance = provenanceFacts({
      verified: true,
      checks: [{ check: 'signature', passed: true }],
      facts: {
        statementType: 'https://in-toto.io/Statement/v1',
        predicateType: 'https://slsa.dev/provenance/v1',
        subjects: [{ name: 'app.tgz', digest: { sha256: 'a'.repeat(64) } }],
        builderId: 'https://b',
        buildType: 'https://t',
        sourceUri: 'git+https://github.com/o/r@refs/heads/main',
        sourceRef: 'refs/heads/main',
        sourceDigest: { gitCommit: 'c'.repeat(40) },
        invocationId: 'i',
        startedOn: '2026-01-01T00:00:00Z',
        finishedOn: '2026-01-01T00:00:00Z',
      },
    });
    assertFits(provenance, inputShapes.provenance as Shape);
    const report = {
      schema: 'https://veriship.dev/scan-report/v1',
      source: 'bom.json',
      findings: [
        {
          id: 'GHSA-1',
          aliases: ['CVE-1'],
          package: { name: 'a', ecosystem: 'npm', purl: 'pkg:npm/a@1.0.0', version: '1.0.0' },
          severity: 'high',
          score: 7.5,
          cvss: [],
          summary: '',
          affectedRanges: [],
          fixedVersions: ['1.0.1'],
          references: [],
          suppressed: {
            kind: 'ignore',
            status: 'ignored',
            detail: 'why',
            document: 'i.yaml',
            statement: '0',
            expires: '2099-01-01',
          },
        },
      ],
      notScanned: [{ name: 'b', version: '1', reason: 'no purl' }],
    };
    const scan = scanFacts(
      'scan.json',
      Buffer.from(JSON.stringify(report)),
      new Date('2026-01-01T00:00:00Z'),
    );
    assertFits(scan, inputShapes.scan as Shape);
    const suppliers = supplierFacts(
      's.json',
      Buffer.from(
        JSON.stringify([{ name: 'Acme', sbom: 'a.json', signature: { verified: true, signer: 'k' } }]),
      ),
    );
    assertFits(suppliers, inputShapes.suppliers as Shape);
  });
});

describe('policies are checked against the input schema before evaluation', () => {
  const typos: [string, RegExp][] = [
    ['sbom.componets.size() == 0', /sbom has no field 'componets'/],
    ['sbom.components.filter(c, c.licence.size() > 0)', /sbom\.components\[\] has no field 'licence'/],
    [
      'scan.findings.filter(f, f.suppressed.staus == "x")',
      /scan\.findings\[\]\.suppressed has no field 'staus'/,
    ],
    ['artifacts.filter(a, a.signature.keyid == "k")', /artifacts\[\]\.signature has no field 'keyid'/],
    ['sbom.components.filter(c, true).filter(c, c.nmae == "x")', /sbom\.components\[\] has no field 'nmae'/],
    ['artifacts[0].digest.sha265 == ""', /artifacts\[\]\.digest has no field 'sha265'/],
  ];
  for (const [source, message] of typos) {
    it(`rejects ${source}`, () => {
      assert.throws(
        () => compileExpression(source, 'violations'),
        (error: unknown) => error instanceof ExpressionCompileError && message.test(error.message),
      );
    });
  }
  const fine = [
    'sbom.components.filter(c, !has(c.group) || c.hashes["SHA-256"] == "")',
    'provenance.sourceDigest.gitCommit == "" ? [] : [1]',
    'sbom.components.map(c, c.distributionHashes).filter(m, m.size() > 0)',
    'scan.findings.filter(f, f.suppressed == null && f.package.purl.startsWith("pkg:npm/"))',
    'sbom.components.exists(c, c.licenses.exists(l, l == "MIT")) ? [] : ["x"]',
  ];
  for (const source of fine) {
    it(`accepts ${source}`, () => {
      assert.doesNotThrow(() => compileExpression(source, 'violations'));
    });
  }
});
