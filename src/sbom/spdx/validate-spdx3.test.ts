import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { corpusPath } from '../../testing/corpus.js';
import { spdxTestGraph } from './__fixtures__/spdx-test-graph.js';
import { toSpdx3JsonLd } from './spdx3-jsonld.js';
import { validateSpdx3JsonLd } from './validate-spdx3.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests mutate parsed JSON at any depth, which is what `any` is for.
type Node = Record<string, any>;

function ours(): {
  document: Node;
  graph: Node[];
  find: (predicate: (node: Node) => boolean) => [number, Node];
} {
  const document = JSON.parse(
    toSpdx3JsonLd(spdxTestGraph(), { created: new Date('2026-01-02T03:04:05Z'), toolVersion: '0.0.0-test' }),
  );
  const graph = document['@graph'] as Node[];
  const find = (predicate: (node: Node) => boolean): [number, Node] => {
    const index = graph.findIndex(predicate);
    assert.ok(index >= 0);
    return [index, graph[index] as Node];
  };
  return { document, graph, find };
}

function errorAt(document: unknown, path: string): string {
  const result = validateSpdx3JsonLd(document);
  assert.equal(result.valid, false);
  const error = result.errors.find((candidate) => candidate.path === path);
  assert.ok(error, `no error at ${path}: ${JSON.stringify(result.errors)}`);
  return error.message;
}

const isPackage = (name: string) => (node: Node) => node.type === 'software_Package' && node.name === name;

describe('validateSpdx3JsonLd', () => {
  it('accepts the SPDX specification example package_sbom.json', () => {
    const document = JSON.parse(readFileSync(corpusPath('sbom', 'spdx', 'spdx3-package_sbom.json'), 'utf8'));
    assert.deepEqual(validateSpdx3JsonLd(document), { valid: true, errors: [] });
  });

  it('accepts our own output', () => {
    assert.deepEqual(validateSpdx3JsonLd(ours().document).errors, []);
  });

  it('fails a duplicated spdxId', () => {
    const { document, find } = ours();
    const [, babel] = find(isPackage('@babel/core'));
    const [index, tslib] = find(isPackage('tslib'));
    tslib.spdxId = babel.spdxId;
    assert.match(errorAt(document, `/@graph/${index}/spdxId`), /duplicates .* first defined at/);
  });

  it('fails a relationship to an element the document does not hold', () => {
    const { document, find } = ours();
    const [index, relationship] = find((node) => node.relationshipType === 'dependsOn');
    relationship.to = ['https://example.com/nowhere'];
    assert.match(errorAt(document, `/@graph/${index}/to/0`), /not an element of this document/);
  });

  it('fails a package without a name, a short hash and an unknown relationship type', () => {
    const { document, find } = ours();
    const [packageIndex, babel] = find(isPackage('@babel/core'));
    delete babel.name;
    babel.verifiedUsing[0].hashValue = 'abc';
    const [relationshipIndex, relationship] = find((node) => node.relationshipType === 'dependsOn');
    relationship.relationshipType = 'DEPENDS_ON';
    assert.match(errorAt(document, `/@graph/${packageIndex}/name`), /required/);
    assert.match(
      errorAt(document, `/@graph/${packageIndex}/verifiedUsing/0/hashValue`),
      /128 hexadecimal digits for sha512/,
    );
    assert.match(
      errorAt(document, `/@graph/${relationshipIndex}/relationshipType`),
      /not a RelationshipType value/,
    );
  });

  it('fails a LicenseRef without its customIdToUri entry', () => {
    const { document, find } = ours();
    const [index, expression] = find(
      (node) => node.simplelicensing_licenseExpression === 'LicenseRef-BSD-like',
    );
    delete expression.simplelicensing_customIdToUri;
    assert.match(
      errorAt(document, `/@graph/${index}/simplelicensing_licenseExpression`),
      /no simplelicensing_customIdToUri/,
    );
  });

  it('fails another spec version, a creator that is a Tool and a missing CreationInfo', () => {
    const { document, graph, find } = ours();
    const creationInfo = graph[0] as Node;
    creationInfo.specVersion = '3.0.0';
    creationInfo.createdBy = creationInfo.createdUsing;
    const [index, tslib] = find(isPackage('tslib'));
    tslib.creationInfo = '_:elsewhere';
    assert.match(errorAt(document, '/@graph/0/specVersion'), /SPDX 3\.0\.1 only/);
    assert.match(errorAt(document, '/@graph/0/createdBy/0'), /is a Tool, not a/);
    assert.match(errorAt(document, `/@graph/${index}/creationInfo`), /CreationInfo of this document/);
  });

  it('fails a document that lists itself as an element, and a second SpdxDocument', () => {
    const { document, graph, find } = ours();
    const [index, spdxDocument] = find((node) => node.type === 'SpdxDocument');
    spdxDocument.element.push(spdxDocument.spdxId);
    graph.push({ ...spdxDocument, spdxId: 'https://example.com/second', element: [] });
    assert.match(
      errorAt(document, `/@graph/${index}/element/${spdxDocument.element.length - 1}`),
      /is a SpdxDocument/,
    );
    assert.match(errorAt(document, '/@graph'), /exactly one SpdxDocument, holds 2/);
  });

  it('fails another context and an empty graph', () => {
    assert.match(
      errorAt({ '@context': 'https://spdx.org/rdf/3.0.0/spdx-context.jsonld', '@graph': [] }, '/@context'),
      /3\.0\.1/,
    );
    assert.match(
      errorAt({ '@context': 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld', '@graph': [] }, '/@graph'),
      /non-empty/,
    );
  });
});
