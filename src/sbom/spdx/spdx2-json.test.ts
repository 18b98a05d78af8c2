import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sampleGraph } from '../../testing/sample-graph.js';
import type { ComponentGraph } from '../model/component.js';
import { validateSbom } from '../validate/validate-sbom.js';
import { spdxTestGraph } from './__fixtures__/spdx-test-graph.js';
import { toSpdx2Json } from './spdx2-json.js';
import { validateSpdx2Json } from './validate-spdx2.js';

const options = { created: new Date('2026-01-02T03:04:05.678Z'), toolVersion: '0.0.0-test' };

function golden(name: string, actual: string): void {
  const path = new URL(`./__fixtures__/${name}`, import.meta.url);
  if (process.env.VERISHIP_UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, 'utf8'), `${name} differs from the golden file`);
}

interface Package {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: string;
  filesAnalyzed: boolean;
  checksums?: { algorithm: string; checksumValue: string }[];
  licenseConcluded: string;
  licenseDeclared: string;
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
  primaryPackagePurpose: string;
}

interface Relationship {
  spdxElementId: string;
  relationshipType: string;
  relatedSpdxElement: string;
}

function render(graph: ComponentGraph = spdxTestGraph(), overrides: Partial<typeof options> = {}) {
  const document = JSON.parse(toSpdx2Json(graph, { ...options, ...overrides }));
  const packages = document.packages as Package[];
  const byName = new Map(packages.map((item) => [item.name, item]));
  const get = (name: string): Package => {
    const found = byName.get(name);
    assert.ok(found, `no package ${name}`);
    return found;
  };
  return { document, packages, get, relationships: document.relationships as Relationship[] };
}

describe('toSpdx2Json', () => {
  it('matches the golden file and passes the SPDX 2.3 validator', () => {
    const json = toSpdx2Json(spdxTestGraph(), options);
    golden('sample.spdx.golden.json', json);
    assert.deepEqual(validateSpdx2Json(JSON.parse(json)), { valid: true, errors: [] });
  });

  it('is valid for `sbom validate` too', async () => {
    const report = await validateSbom('sample.spdx.json', Buffer.from(toSpdx2Json(spdxTestGraph(), options)));
    assert.deepEqual(
      [report.format, report.specVersion, report.valid, report.errors],
      ['spdx-json', '2.3', true, []],
    );
  });

  it('also emits valid SPDX 2.3 for the shared sample graph', () => {
    assert.deepEqual(validateSpdx2Json(JSON.parse(toSpdx2Json(sampleGraph(), options))), {
      valid: true,
      errors: [],
    });
  });

  it('writes the document creation information of clause 6', () => {
    const { document } = render();
    assert.equal(document.spdxVersion, 'SPDX-2.3');
    assert.equal(document.dataLicense, 'CC0-1.0');
    assert.equal(document.SPDXID, 'SPDXRef-DOCUMENT');
    assert.equal(document.name, '@acme/web-app@1.0.0');
    // Clause 6.9: whole seconds, no milliseconds.
    assert.equal(document.creationInfo.created, '2026-01-02T03:04:05Z');
    assert.deepEqual(document.creationInfo.creators, ['Tool: veriship-0.0.0-test']);
    assert.match(
      document.documentNamespace,
      /^https:\/\/spdx\.org\/spdxdocs\/veriship\/acme-web-app-1\.0\.0-[0-9a-f-]{36}$/,
    );
    assert.doesNotMatch(document.documentNamespace, /#|00000000-0000-0000-0000-000000000000/);
  });

  it('names a person or organisation creator before the tool when given one', () => {
    const { document } = render(spdxTestGraph(), {
      creator: { kind: 'Organization', name: 'ACME Corp', email: 'sbom@acme.example' },
    } as Partial<typeof options>);
    assert.deepEqual(document.creationInfo.creators, [
      'Organization: ACME Corp (sbom@acme.example)',
      'Tool: veriship-0.0.0-test',
    ]);
  });

  it('describes the project, an APPLICATION, through documentDescribes and DESCRIBES', () => {
    const { document, get, relationships } = render();
    const root = get('@acme/web-app');
    assert.deepEqual(document.documentDescribes, [root.SPDXID]);
    assert.deepEqual(relationships[0], {
      spdxElementId: 'SPDXRef-DOCUMENT',
      relationshipType: 'DESCRIBES',
      relatedSpdxElement: root.SPDXID,
    });
    assert.equal(root.primaryPackagePurpose, 'APPLICATION');
    assert.equal(document.packages[0].SPDXID, root.SPDXID);
  });

  it('makes every component a LIBRARY package with version, PURL, checksums and no file analysis', () => {
    const { packages, get } = render();
    assert.equal(packages.length, 9);
    const babel = get('@babel/core');
    assert.equal(babel.versionInfo, '7.24.0');
    assert.equal(babel.primaryPackagePurpose, 'LIBRARY');
    assert.equal(babel.filesAnalyzed, false);
    assert.deepEqual(babel.checksums, [{ algorithm: 'SHA512', checksumValue: '1f'.repeat(64) }]);
    assert.deepEqual(babel.externalRefs, [
      {
        referenceCategory: 'PACKAGE-MANAGER',
        referenceType: 'purl',
        referenceLocator: 'pkg:npm/%40babel/core@7.24.0',
      },
    ]);
    assert.deepEqual(get('charset_normalizer').checksums, [
      { algorithm: 'SHA256', checksumValue: '3d'.repeat(32) },
    ]);
    assert.equal(get('tslib').checksums, undefined);
  });

  it('takes the download location from the distribution the checksums describe', () => {
    const { get } = render();
    assert.equal(
      get('@babel/core').downloadLocation,
      'https://registry.npmjs.org/@babel/core/-/core-7.24.0.tgz',
    );
    // The sdist, whose digest is the component's, not the wheel listed first.
    assert.equal(
      get('charset_normalizer').downloadLocation,
      'https://files.pythonhosted.org/packages/charset_normalizer-3.4.7.tar.gz',
    );
    // Clause 7.7 VCS form: revision after `@`, no user name.
    assert.equal(get('left-pad').downloadLocation, 'git+ssh://github.com/left-pad/left-pad.git@5d1e8e1a9f');
    assert.equal(get('tslib').downloadLocation, 'NOASSERTION');
    assert.equal(get('@acme/web-app').downloadLocation, 'NOASSERTION');
  });

  it('declares licences as stated and concludes none', () => {
    const { document, packages, get } = render();
    assert.equal(get('left-pad').licenseDeclared, 'WTFPL OR MIT');
    assert.equal(get('charset_normalizer').licenseDeclared, 'MIT OR Apache-2.0');
    assert.equal(get('tslib').licenseDeclared, 'NOASSERTION');
    assert.equal(get('ms').licenseDeclared, 'LicenseRef-BSD-like');
    assert.deepEqual(
      document.hasExtractedLicensingInfos.map((info: { licenseId: string; extractedText: string }) => [
        info.licenseId,
        info.extractedText,
      ]),
      [['LicenseRef-BSD-like', 'BSD-like']],
    );
    assert.ok(packages.every((item) => item.licenseConcluded === 'NOASSERTION'));
  });

  it('writes DEPENDS_ON for every edge and scopes development and optional edges', () => {
    const graph = spdxTestGraph();
    const { get, relationships } = render(graph);
    const idOf = new Map(
      [graph.root, ...graph.components].map((node) => [node.ref, get(node.name).SPDXID] as const),
    );
    const dependsOn = relationships
      .filter((relationship) => relationship.relationshipType === 'DEPENDS_ON')
      .map((relationship) => `${relationship.spdxElementId} ${relationship.relatedSpdxElement}`);
    const edges = graph.dependencies.flatMap((edge) =>
      edge.dependsOn.map((target) => `${idOf.get(edge.ref)} ${idOf.get(target)}`),
    );
    assert.deepEqual(dependsOn.sort(), edges.sort());
    const scoped = relationships
      .filter((relationship) => relationship.relationshipType.endsWith('_DEPENDENCY_OF'))
      .map((relationship) => [
        relationship.spdxElementId,
        relationship.relationshipType,
        relationship.relatedSpdxElement,
      ]);
    const root = get('@acme/web-app').SPDXID;
    assert.deepEqual(scoped, [
      [get('fsevents').SPDXID, 'OPTIONAL_DEPENDENCY_OF', root],
      [get('mocha').SPDXID, 'DEV_DEPENDENCY_OF', root],
      [get('@types/node').SPDXID, 'DEV_DEPENDENCY_OF', root],
    ]);
    // mocha → ms: both development-only, so an ordinary dependency of the dev tool.
    assert.ok(
      !relationships.some(
        (relationship) =>
          relationship.spdxElementId === get('ms').SPDXID && relationship.relationshipType !== 'DEPENDS_ON',
      ),
    );
  });

  it('skips an edge to a ref the graph does not hold instead of writing a dangling reference', () => {
    const graph = spdxTestGraph();
    graph.dependencies[0]?.dependsOn.push('pkg:npm/ghost@1.0.0');
    const json = toSpdx2Json(graph, options);
    assert.deepEqual(validateSpdx2Json(JSON.parse(json)).errors, []);
  });

  it('gives components whose names sanitise alike distinct SPDXIDs', () => {
    const graph = spdxTestGraph();
    const base = graph.components.find((component) => component.name === 'tslib');
    assert.ok(base);
    graph.components.push(
      { ...base, ref: 'pkg:npm/a-b@1.0.0', purl: 'pkg:npm/a-b@1.0.0', name: 'a-b', version: '1.0.0' },
      { ...base, ref: 'pkg:npm/%40a/b@1.0.0', purl: 'pkg:npm/%40a/b@1.0.0', name: '@a/b', version: '1.0.0' },
    );
    const { get, document } = render(graph);
    assert.notEqual(get('a-b').SPDXID, get('@a/b').SPDXID);
    assert.match(get('a-b').SPDXID, /^SPDXRef-Package-npm-a-b-1\.0\.0-[0-9a-f]{8}$/);
    assert.deepEqual(validateSpdx2Json(document).errors, []);
  });

  it('is byte-identical across runs and derives the namespace from the content', () => {
    const first = toSpdx2Json(spdxTestGraph(), options);
    assert.equal(toSpdx2Json(spdxTestGraph(), options), first);
    const later = JSON.parse(
      toSpdx2Json(spdxTestGraph(), { ...options, created: new Date('2027-01-01T00:00:00Z') }),
    );
    assert.notEqual(later.documentNamespace, JSON.parse(first).documentNamespace);
    const otherTool = JSON.parse(toSpdx2Json(spdxTestGraph(), { ...options, toolVersion: '9.9.9' }));
    assert.notEqual(otherTool.documentNamespace, JSON.parse(first).documentNamespace);
  });

  it('refuses an invalid creation date with an internal error', () => {
    assert.throws(() => toSpdx2Json(spdxTestGraph(), { ...options, created: new Date('not a date') }), {
      code: 'INTERNAL',
    });
  });
});
