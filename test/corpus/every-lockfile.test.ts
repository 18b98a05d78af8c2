import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeFileSystem } from '../../src/io/file-system.js';
import { toCycloneDx } from '../../src/sbom/cyclonedx/to-cyclonedx.js';
import { findExtractor } from '../../src/sbom/extractors/registry.js';
import { collectComponentGraph } from '../../src/sbom/generate.js';
import { toSpdx2Json } from '../../src/sbom/spdx/spdx2-json.js';
import { toSpdx3JsonLd } from '../../src/sbom/spdx/spdx3-jsonld.js';
import { validateSpdx2Json } from '../../src/sbom/spdx/validate-spdx2.js';
import { validateSpdx3JsonLd } from '../../src/sbom/spdx/validate-spdx3.js';
import { corpusPath } from '../../src/testing/corpus.js';
import { cycloneDxSchemaErrors } from '../../src/testing/cyclonedx-oracle.js';

/** Every lockfile of the corpus (`lockfiles/<format>/<project>/<file>`), top level of each project only. */
function corpusLockfiles(): string[] {
  const root = corpusPath('lockfiles');
  const files: string[] = [];
  for (const format of readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    for (const project of readdirSync(join(root, format.name)).sort()) {
      for (const name of readdirSync(join(root, format.name, project)).sort()) {
        // Pinned requirements files keep their project's own names (`common.txt`, `main.txt`).
        if (findExtractor(name) || (format.name === 'requirements' && name.endsWith('.txt'))) {
          files.push(join(root, format.name, project, name));
        }
      }
    }
  }
  return files.sort();
}

const options = {
  specVersion: '1.6',
  format: 'json',
  timestamp: new Date(0),
  toolVersion: '0.0.0-test',
} as const;

describe('every corpus lockfile', () => {
  const files = corpusLockfiles();

  it('covers every lockfile format of the corpus', () => {
    assert.ok(files.length >= 37, `found ${files.length} lockfiles`);
  });

  for (const file of files) {
    it(`${file.slice(corpusPath('lockfiles').length + 1)} gives a valid CycloneDX 1.6 SBOM with a closed graph, and valid 1.5, 1.7, SPDX 2.3 and SPDX 3`, async () => {
      const graph = await collectComponentGraph({
        paths: [file],
        recursive: false,
        omitDevelopment: false,
        fileSystem: nodeFileSystem,
        ...(file.includes('/requirements/') ? { type: 'requirements-txt' } : {}),
      });
      assert.ok(graph.components.length > 0, 'no components');
      const json = toCycloneDx(graph, options);
      assert.equal(await cycloneDxSchemaErrors(json, '1.6'), null);
      const bom = JSON.parse(json) as {
        metadata: { component: { 'bom-ref': string } };
        components: { 'bom-ref': string }[];
        dependencies: { ref: string; dependsOn?: string[] }[];
      };
      const refs = new Set([
        bom.metadata.component['bom-ref'],
        ...bom.components.map((entry) => entry['bom-ref']),
      ]);
      assert.equal(
        refs.size,
        bom.components.length + 1,
        'bom-refs are unique and the root is not a component',
      );
      for (const entry of bom.dependencies) {
        assert.ok(refs.has(entry.ref), `dependency ref ${entry.ref} exists`);
        for (const target of entry.dependsOn ?? [])
          assert.ok(refs.has(target), `${entry.ref} -> ${target} exists`);
      }
      const rootEdges = bom.dependencies.find((entry) => entry.ref === bom.metadata.component['bom-ref']);
      assert.ok((rootEdges?.dependsOn ?? []).length > 0, 'the project depends on something');

      // The same graph in the other versions and formats the CLI writes.
      for (const specVersion of ['1.5', '1.7'] as const) {
        const other = toCycloneDx(graph, { ...options, specVersion });
        assert.equal(await cycloneDxSchemaErrors(other, specVersion), null, `CycloneDX ${specVersion}`);
      }
      const spdxOptions = { created: options.timestamp, toolVersion: options.toolVersion };
      const spdx2 = JSON.parse(toSpdx2Json(graph, spdxOptions));
      assert.deepEqual(validateSpdx2Json(spdx2).errors, [], 'SPDX 2.3');
      assert.equal(spdx2.packages.length, graph.components.length + 1, 'one SPDX 2.3 package per component');
      // The same dependency graph: one DEPENDS_ON relationship per CycloneDX dependsOn edge.
      const cycloneDxEdges = bom.dependencies.reduce((sum, entry) => sum + (entry.dependsOn ?? []).length, 0);
      assert.ok(cycloneDxEdges > 0, 'the graph has edges');
      assert.equal(
        (spdx2.relationships as { relationshipType: string }[]).filter(
          (relationship) => relationship.relationshipType === 'DEPENDS_ON',
        ).length,
        cycloneDxEdges,
        'one SPDX 2.3 DEPENDS_ON per CycloneDX edge',
      );
      assert.deepEqual(
        validateSpdx3JsonLd(JSON.parse(toSpdx3JsonLd(graph, spdxOptions))).errors,
        [],
        'SPDX 3',
      );
    });
  }
});
