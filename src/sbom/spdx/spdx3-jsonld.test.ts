import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sampleGraph } from '../../testing/sample-graph.js';
import { spdxTestGraph } from './__fixtures__/spdx-test-graph.js';
import { toSpdx2Json } from './spdx2-json.js';
import { type Spdx3Options, toSpdx3JsonLd } from './spdx3-jsonld.js';
import { validateSpdx3JsonLd } from './validate-spdx3.js';

const options: Spdx3Options = { created: new Date('2026-01-02T03:04:05.678Z'), toolVersion: '0.0.0-test' };

function golden(name: string, actual: string): void {
  const path = new URL(`./__fixtures__/${name}`, import.meta.url);
  if (process.env.VERISHIP_UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, 'utf8'), `${name} differs from the golden file`);
}

type Node = Record<string, unknown> & { type: string; spdxId?: string };

function render(overrides: Partial<Spdx3Options> = {}) {
  const document = JSON.parse(toSpdx3JsonLd(spdxTestGraph(), { ...options, ...overrides }));
  const graph = document['@graph'] as Node[];
  const byId = new Map(graph.filter((node) => node.spdxId).map((node) => [node.spdxId as string, node]));
  const ofType = (type: string): Node[] => graph.filter((node) => node.type === type);
  const pkg = (name: string): Node => {
    const found = ofType('software_Package').find((node) => node.name === name);
    assert.ok(found, `no package ${name}`);
    return found;
  };
  const relationships = graph.filter(
    (node) => node.type === 'Relationship' || node.type === 'LifecycleScopedRelationship',
  );
  const related = (from: Node, relationshipType: string, type = 'Relationship'): Node[] =>
    relationships.filter(
      (node) => node.from === from.spdxId && node.relationshipType === relationshipType && node.type === type,
    );
  return { document, graph, byId, ofType, pkg, relationships, related };
}

describe('toSpdx3JsonLd', () => {
  it('matches the golden file and passes the structural SPDX 3 validator', () => {
    const json = toSpdx3JsonLd(spdxTestGraph(), options);
    golden('sample.spdx3.golden.json', json);
    assert.deepEqual(validateSpdx3JsonLd(JSON.parse(json)), { valid: true, errors: [] });
  });

  it('also emits a valid document for the shared sample graph', () => {
    assert.deepEqual(validateSpdx3JsonLd(JSON.parse(toSpdx3JsonLd(sampleGraph(), options))).errors, []);
  });

  it('writes the 3.0.1 context, one CreationInfo, a SoftwareAgent creator and the Tool used', () => {
    const { document, graph, byId } = render();
    assert.equal(document['@context'], 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld');
    const creationInfo = graph[0] as Node;
    assert.equal(creationInfo.type, 'CreationInfo');
    assert.equal(creationInfo.specVersion, '3.0.1');
    assert.equal(creationInfo.created, '2026-01-02T03:04:05Z');
    const [agent] = creationInfo.createdBy as string[];
    assert.equal(byId.get(agent as string)?.type, 'SoftwareAgent');
    const [tool] = creationInfo.createdUsing as string[];
    assert.deepEqual(
      [byId.get(tool as string)?.type, byId.get(tool as string)?.name],
      ['Tool', 'veriship-0.0.0-test'],
    );
    assert.ok(graph.slice(1).every((node) => node.creationInfo === creationInfo['@id']));
  });

  it('names a person or organisation creator with its e-mail (BSI TR-03183-2 §5.2.1)', () => {
    const { graph, byId } = render({
      creator: { kind: 'Person', name: 'Jane Doe', email: 'jane@acme.example' },
    });
    const createdBy = (graph[0] as Node).createdBy as string[];
    const person = byId.get(createdBy[0] as string);
    assert.equal(person?.type, 'Person');
    assert.deepEqual(person?.externalIdentifier, [
      { type: 'ExternalIdentifier', externalIdentifierType: 'email', identifier: 'jane@acme.example' },
    ]);
    assert.equal(byId.get(createdBy[1] as string)?.type, 'SoftwareAgent');
  });

  it('roots the document in the SBOM and the SBOM in the project package', () => {
    const { ofType, pkg, byId } = render();
    const [spdxDocument] = ofType('SpdxDocument');
    const [sbom] = ofType('software_Sbom');
    assert.ok(spdxDocument && sbom);
    assert.deepEqual(spdxDocument.rootElement, [sbom.spdxId]);
    assert.deepEqual(spdxDocument.profileConformance, ['core', 'simpleLicensing', 'software']);
    assert.equal(byId.get(spdxDocument.dataLicense as string)?.simplelicensing_licenseExpression, 'CC0-1.0');
    assert.deepEqual(sbom.rootElement, [pkg('@acme/web-app').spdxId]);
    assert.deepEqual(sbom.software_sbomType, ['source']);
    assert.ok(!(spdxDocument.element as string[]).includes(spdxDocument.spdxId as string));
    assert.ok((spdxDocument.element as string[]).includes(sbom.spdxId as string));
  });

  it('takes the SBOM type from the options', () => {
    assert.deepEqual(render({ sbomType: 'build' }).ofType('software_Sbom')[0]?.software_sbomType, ['build']);
  });

  it('gives each component its name, version, PURL, hash and download location', () => {
    const { pkg } = render();
    const babel = pkg('@babel/core');
    assert.equal(babel.software_packageVersion, '7.24.0');
    assert.equal(babel.software_packageUrl, 'pkg:npm/%40babel/core@7.24.0');
    assert.deepEqual(babel.externalIdentifier, [
      {
        type: 'ExternalIdentifier',
        externalIdentifierType: 'packageUrl',
        identifier: 'pkg:npm/%40babel/core@7.24.0',
      },
    ]);
    assert.deepEqual(babel.verifiedUsing, [
      { type: 'Hash', algorithm: 'sha512', hashValue: '1f'.repeat(64) },
    ]);
    assert.equal(babel.software_downloadLocation, 'https://registry.npmjs.org/@babel/core/-/core-7.24.0.tgz');
    assert.equal(babel.software_primaryPurpose, 'library');
    assert.deepEqual(pkg('charset_normalizer').verifiedUsing, [
      { type: 'Hash', algorithm: 'sha256', hashValue: '3d'.repeat(32) },
    ]);
    assert.equal(pkg('tslib').software_downloadLocation, undefined);
    assert.equal(pkg('@acme/web-app').software_primaryPurpose, 'application');
  });

  it('relates declared licences as LicenseExpressions and concludes NoAssertionLicense', () => {
    const { pkg, related, byId, ofType } = render();
    const declared = (name: string): unknown => {
      const [relationship] = related(pkg(name), 'hasDeclaredLicense');
      const [target] = (relationship?.to ?? []) as string[];
      return byId.get(target as string)?.simplelicensing_licenseExpression ?? target;
    };
    assert.equal(declared('charset_normalizer'), 'MIT OR Apache-2.0');
    assert.equal(declared('left-pad'), 'WTFPL OR MIT');
    assert.equal(declared('tslib'), 'expandedlicensing_NoAssertionLicense');
    assert.equal(declared('ms'), 'LicenseRef-BSD-like');
    const [bsd] = related(pkg('ms'), 'hasDeclaredLicense');
    const expression = byId.get(((bsd?.to ?? []) as string[])[0] as string);
    const [entry] = (expression?.simplelicensing_customIdToUri ?? []) as { key: string; value: string }[];
    assert.equal(entry?.key, 'LicenseRef-BSD-like');
    assert.equal(byId.get(entry?.value as string)?.simplelicensing_licenseText, 'BSD-like');
    // One shared element per distinct expression.
    const mit = ofType('simplelicensing_LicenseExpression').filter(
      (node) => node.simplelicensing_licenseExpression === 'MIT',
    );
    assert.equal(mit.length, 1);
    for (const node of ofType('software_Package')) {
      assert.deepEqual(
        related(node, 'hasConcludedLicense').map((relationship) => relationship.to),
        [['expandedlicensing_NoAssertionLicense']],
      );
    }
  });

  it('writes one dependsOn per node with all its dependencies, plus the scoped views', () => {
    const graph = spdxTestGraph();
    const { pkg, related, relationships } = render();
    const idOf = new Map(
      [graph.root, ...graph.components].map((node) => [node.ref, pkg(node.name).spdxId] as const),
    );
    for (const edge of graph.dependencies) {
      const from = pkg([graph.root, ...graph.components].find((node) => node.ref === edge.ref)?.name ?? '');
      const dependsOn = related(from, 'dependsOn');
      if (edge.dependsOn.length === 0) assert.equal(dependsOn.length, 0);
      else
        assert.deepEqual(
          dependsOn.map((node) => node.to),
          [edge.dependsOn.map((ref) => idOf.get(ref)).sort()],
        );
    }
    const root = pkg('@acme/web-app');
    const [development] = related(root, 'dependsOn', 'LifecycleScopedRelationship');
    assert.equal(development?.scope, 'development');
    assert.deepEqual(development?.to, [pkg('mocha').spdxId, pkg('@types/node').spdxId].sort());
    assert.deepEqual(related(root, 'hasOptionalDependency')[0]?.to, [pkg('fsevents').spdxId]);
    assert.equal(related(pkg('mocha'), 'dependsOn', 'LifecycleScopedRelationship').length, 0);
    assert.equal(new Set(relationships.map((node) => node.spdxId)).size, relationships.length);
  });

  it('names packages as the SPDX 2.3 output does', () => {
    const spdx2 = JSON.parse(toSpdx2Json(spdxTestGraph(), options));
    const local = render()
      .ofType('software_Package')
      .map((node) => String(node.spdxId).split('#')[1])
      .sort();
    assert.deepEqual(local, spdx2.packages.map((item: { SPDXID: string }) => item.SPDXID).sort());
  });

  it('carries what BSI TR-03183-2 §5.2 requires of the SBOM and of every component', () => {
    const { graph, ofType, related } = render();
    const creationInfo = graph[0] as Node;
    assert.ok((creationInfo.createdBy as string[]).length > 0 && creationInfo.created);
    assert.match(String(ofType('software_Sbom')[0]?.spdxId), /^https:\/\//);
    for (const node of ofType('software_Package')) {
      assert.ok(node.name && node.software_packageVersion && node.software_packageUrl, String(node.name));
      assert.equal(related(node, 'hasDeclaredLicense').length, 1);
      assert.equal(related(node, 'hasConcludedLicense').length, 1);
    }
    const hashed = ofType('software_Package').filter((node) => node.verifiedUsing);
    assert.deepEqual(hashed.map((node) => node.name).sort(), [
      '@babel/core',
      '@types/node',
      'charset_normalizer',
    ]);
  });

  it('is byte-identical across runs, with IRIs derived from the content', () => {
    const first = toSpdx3JsonLd(spdxTestGraph(), options);
    assert.equal(toSpdx3JsonLd(spdxTestGraph(), options), first);
    assert.doesNotMatch(first, /00000000-0000-0000-0000-000000000000/);
    const namespaceOf = (json: string): string =>
      String(JSON.parse(json)['@graph'][1].spdxId).split('#')[0] as string;
    const later = toSpdx3JsonLd(spdxTestGraph(), { ...options, created: new Date('2027-01-01T00:00:00Z') });
    assert.notEqual(namespaceOf(later), namespaceOf(first));
  });
});
