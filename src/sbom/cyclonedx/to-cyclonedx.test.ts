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
