import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { cycloneDxSchemaErrors } from '../../testing/cyclonedx-oracle.js';
import { sampleGraph } from '../../testing/sample-graph.js';
import { validateSbom } from '../validate/validate-sbom.js';
import { toCycloneDx } from './to-cyclonedx.js';

const timestamp = new Date('2026-01-02T03:04:05Z');
const options = { specVersion: '1.6', format: 'json', timestamp, toolVersion: '0.0.0-test' } as const;

function golden(name: string, actual: string): void {
  const path = new URL(`./__fixtures__/${name}`, import.meta.url);
  if (process.env.VERISHIP_UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, 'utf8'), `${name} differs from the golden file`);
}

describe('toCycloneDx', () => {
  it('matches the golden file and the official 1.6 schema', async () => {
    const json = toCycloneDx(sampleGraph(), options);
    golden('sample.cdx.golden.json', json);
    assert.equal(await cycloneDxSchemaErrors(json, '1.6'), null);
  });

  it('puts the project in metadata.component, never in components', () => {
    const bom = JSON.parse(toCycloneDx(sampleGraph(), options));
    assert.equal(bom.metadata.component.name, 'example-app');
    assert.equal(bom.metadata.component.type, 'application');
    assert.ok(!bom.components.some((component: { name: string }) => component.name === 'example-app'));
  });

  it('maps scopes, groups, licences, hashes and tools', () => {
    const bom = JSON.parse(toCycloneDx(sampleGraph(), options));
    const byPurl = new Map(bom.components.map((component: { purl: string }) => [component.purl, component]));
    const babel = byPurl.get('pkg:npm/%40babel/core@7.24.0') as Record<string, unknown>;
    assert.equal(babel.group, '@babel');
    assert.equal(babel.name, 'core');
    assert.equal(babel.scope, 'required');
    assert.deepEqual(babel.hashes, [{ alg: 'SHA-512', content: 'ab'.repeat(64) }]);
    assert.deepEqual(babel.licenses, [{ license: { id: 'MIT' } }]);
    assert.equal((babel.externalReferences as { type: string }[])[0]?.type, 'distribution');
    const ms = byPurl.get('pkg:npm/ms@2.1.3') as Record<string, unknown>;
    assert.equal(ms.scope, 'optional');
    assert.deepEqual(ms.licenses, [{ license: { name: 'BSD-like' } }]);
    const leftPad = [...byPurl.values()].find(
      (component) => (component as { name: string }).name === 'left-pad',
    );
    assert.deepEqual((leftPad as { licenses: unknown }).licenses, [{ expression: 'WTFPL OR MIT' }]);
    assert.equal((byPurl.get('pkg:pypi/charset-normalizer@3.4.7') as { scope?: string }).scope, 'optional');
    assert.equal(bom.metadata.tools.components[0].name, 'veriship');
    assert.equal(bom.metadata.timestamp, '2026-01-02T03:04:05.000Z');
  });

  it('keeps every digest of a URL that lists several of one algorithm (pip --hash pins)', () => {
    const graph = sampleGraph();
    const digests = ['11'.repeat(32), '22'.repeat(32), '33'.repeat(32)];
    const index = 'https://pypi.org/simple/charset-normalizer/';
    const charset = graph.components.find((entry) => entry.name === 'charset_normalizer');
    assert.ok(charset, 'the sample graph has charset_normalizer');
    charset.distributions = [
      { url: index, hashes: digests.map((content) => ({ algorithm: 'SHA-256', content })) },
    ];
    const bom = JSON.parse(toCycloneDx(graph, options));
    const component = (bom.components as { purl: string; externalReferences?: unknown[] }[]).find(
      (entry) => entry.purl === 'pkg:pypi/charset-normalizer@3.4.7',
    );
    const references = (component?.externalReferences ?? []) as {
      url: string;
      type: string;
      hashes?: { alg: string; content: string }[];
    }[];
    assert.deepEqual(
      references.map((reference) => [reference.type, reference.url, reference.hashes]),
      digests.map((content) => ['distribution', index, [{ alg: 'SHA-256', content }]]),
    );
  });

  it('types a workspace project listed among the components as an application, the rest as libraries', () => {
    const graph = sampleGraph();
    graph.components.push({
      ref: 'pkg:npm/example-worker@1.0.0',
      ecosystem: 'npm',
      name: 'example-worker',
      version: '1.0.0',
      purl: 'pkg:npm/example-worker@1.0.0',
      development: false,
      optional: false,
      hashes: [],
      distributions: [],
      properties: [{ name: 'veriship:component:kind', value: 'project' }],
    });
    const bom = JSON.parse(toCycloneDx(graph, options));
    const types = Object.fromEntries(
      (bom.components as { name: string; type: string }[]).map((entry) => [entry.name, entry.type]),
    );
    assert.deepEqual(types, {
      core: 'library',
      'left-pad': 'library',
      ms: 'library',
      charset_normalizer: 'library',
      'example-worker': 'application',
    });
  });

  it('writes every dependency edge of the graph', () => {
    const graph = sampleGraph();
    const bom = JSON.parse(toCycloneDx(graph, options));
    const edges = new Set<string>();
    for (const entry of bom.dependencies as { ref: string; dependsOn?: string[] }[]) {
      for (const target of entry.dependsOn ?? []) edges.add(`${entry.ref} -> ${target}`);
    }
    const expected = graph.dependencies.flatMap((entry) =>
      entry.dependsOn.map((target) => `${entry.ref} -> ${target}`),
    );
    assert.deepEqual([...edges].sort(), expected.sort());
  });

  it('is byte-identical across runs and derives the serial number from the content', () => {
    const first = toCycloneDx(sampleGraph(), options);
    assert.equal(toCycloneDx(sampleGraph(), options), first);
    const later = toCycloneDx(sampleGraph(), { ...options, timestamp: new Date('2027-01-01T00:00:00Z') });
    assert.notEqual(JSON.parse(later).serialNumber, JSON.parse(first).serialNumber);
  });

  for (const specVersion of ['1.5', '1.7'] as const) {
    it(`emits valid CycloneDX ${specVersion}`, async () => {
      const json = toCycloneDx(sampleGraph(), { ...options, specVersion });
      assert.equal(JSON.parse(json).specVersion, specVersion);
      assert.equal(await cycloneDxSchemaErrors(json, specVersion), null);
    });
  }

  it('emits XML that validates against the official XSD', async () => {
    const xml = toCycloneDx(sampleGraph(), { ...options, format: 'xml' });
    golden('sample.cdx.golden.xml', xml);
    const report = await validateSbom('sample.cdx.xml', Buffer.from(xml));
    assert.deepEqual(report.errors, []);
    assert.equal(report.valid, true);
  });
});
