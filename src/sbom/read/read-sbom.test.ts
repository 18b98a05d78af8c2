import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { InputError } from '../../errors.js';
import { nodeFileSystem } from '../../io/file-system.js';
import { corpusPath } from '../../testing/corpus.js';
import { collectComponentGraph } from '../generate.js';
import { renderSbom, sbomFormats } from '../render.js';
import { readSbom } from './read-sbom.js';
import type { SbomDocument } from './sbom-document.js';

function corpus(...segments: string[]): Promise<SbomDocument> {
  const path = corpusPath('sbom', ...segments);
  return readSbom(path, readFileSync(path));
}

function countJsonComponents(entries: unknown): number {
  if (!Array.isArray(entries)) return 0;
  return entries.reduce(
    (sum: number, entry) => sum + 1 + countJsonComponents((entry as { components?: unknown }).components),
    0,
  );
}

describe('readSbom', () => {
  describe('CycloneDX JSON', () => {
    it('reads every component of a large real SBOM (juice-shop, CycloneDX 1.4 from npm)', async () => {
      const path = corpusPath('sbom', 'cyclonedx', 'real', 'juice-shop-npm-flat', 'bom.1.4.json');
      const document = JSON.parse(readFileSync(path, 'utf8'));
      const sbom = await readSbom(path, readFileSync(path));
      assert.equal(sbom.format, 'cyclonedx-json');
      assert.equal(sbom.specVersion, '1.4');
      assert.equal(sbom.components.length, countJsonComponents(document.components));
      assert.equal(sbom.rootName, 'juice-shop');
      const express = sbom.components.find((component) => component.purl?.startsWith('pkg:npm/express@'));
      assert.ok(express, 'express is listed with its PURL');
      assert.equal(express.name, 'express');
      assert.ok(
        Object.keys(express.hashes).every((algorithm) => /^(SHA-1|SHA-256|SHA-512|MD5)$/.test(algorithm)),
        'hash algorithms use the CycloneDX spelling',
      );
    });

    it('reads Maven coordinates, hashes and licences (dropwizard, CycloneDX 1.2)', async () => {
      const sbom = await corpus('cyclonedx', 'real', 'dropwizard-1.3.15', 'bom.json');
      assert.equal(sbom.specVersion, '1.2');
      const jackson = sbom.components.find((component) => component.name === 'jackson-annotations');
      assert.ok(jackson, 'jackson-annotations is listed');
      assert.equal(jackson.group, 'com.fasterxml.jackson.core');
      assert.deepEqual(jackson.licenses, ['Apache-2.0']);
      assert.match(jackson.hashes['SHA-256'] ?? '', /^[0-9a-f]{64}$/);
    });

    it('flattens nested components and keeps metadata.component as the root only', async () => {
      const text = JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        version: 3,
        metadata: {
          component: { type: 'application', name: 'app', 'bom-ref': 'root', purl: 'pkg:npm/app@1.0.0' },
        },
        components: [
          {
            type: 'library',
            name: 'outer',
            'bom-ref': 'outer',
            purl: 'pkg:npm/outer@1.0.0',
            components: [{ type: 'library', name: 'inner', 'bom-ref': 'inner', purl: 'pkg:npm/inner@2.0.0' }],
          },
        ],
      });
      const sbom = await readSbom('nested.json', Buffer.from(text));
      assert.deepEqual(
        sbom.components.map((component) => component.bomRef),
        ['outer', 'inner'],
      );
      assert.equal(sbom.root?.bomRef, 'root');
      assert.equal(sbom.bomVersion, 3);
    });
  });

  describe('CycloneDX XML', () => {
    it('reads the same components as the parallel JSON spec test (valid-bom-1.6)', async () => {
      const json = await corpus('cyclonedx', 'spec-tests', '1.6', 'valid-bom-1.6.json');
      const xml = await corpus('cyclonedx', 'spec-tests', '1.6', 'valid-bom-1.6.xml');
      assert.equal(xml.format, 'cyclonedx-xml');
      assert.ok(xml.components.length > 0, 'components are read');
      assert.deepEqual(xml.components, json.components);
      assert.deepEqual(xml.root, json.root);
      assert.equal(xml.serialNumber, json.serialNumber);
    });

    it('reads a real XML SBOM (CERN lhc-vdm-editor, CycloneDX 1.2)', async () => {
      const path = corpusPath('sbom', 'cyclonedx', 'real', 'cern-lhc-vdm-editor-e564943', 'bom.xml');
      const sbom = await readSbom(path, readFileSync(path));
      const text = readFileSync(path, 'utf8');
      const declared = (text.match(/<component /g) ?? []).length - 1; // minus metadata.component
      assert.equal(sbom.components.length, declared);
      assert.equal(sbom.rootName, 'lhc-vdm-editor');
      assert.ok(
        sbom.components.every((component) => component.purl?.startsWith('pkg:npm/')),
        'every component has an npm PURL',
      );
    });

    it('refuses XML that is not well-formed, naming the file', async () => {
      const bad =
        '<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component></bom>';
      await assert.rejects(readSbom('bad.xml', Buffer.from(bad)), (error: unknown) => {
        assert.ok(error instanceof InputError, 'an InputError');
        assert.equal(error.code, 'INPUT_MALFORMED');
        assert.equal(error.file, 'bad.xml');
        return true;
      });
    });
  });

  describe('SPDX', () => {
    it('reads SPDX 2.3 packages, PURLs from PACKAGE-MANAGER refs, and the described root', async () => {
      const sbom = await corpus('spdx', 'SPDXJSONExample-v2.3.spdx.json');
      assert.equal(sbom.format, 'spdx-json');
      assert.equal(sbom.rootName, 'glibc');
      const jena = sbom.components.find((component) => component.name === 'Jena');
      assert.equal(jena?.purl, 'pkg:maven/org.apache.jena/apache-jena@3.12.0');
      const saxon = sbom.components.find((component) => component.name === 'Saxon');
      assert.deepEqual(saxon?.hashes, { 'SHA-1': '85ed0817af83a24ad8da68c2b5094de69833983c' });
      assert.deepEqual(saxon?.licenses, ['MPL-1.0']);
      const commons = sbom.components.find((component) => component.name === 'Apache Commons Lang');
      assert.deepEqual(commons?.licenses, [], 'NOASSERTION is no licence');
      assert.equal(commons?.purl, undefined);
    });

    it('reads SPDX 3.0 JSON-LD (spdx-spec example)', async () => {
      const sbom = await corpus('spdx', 'spdx3-package_sbom.json');
      assert.equal(sbom.format, 'spdx3-json');
      assert.equal(sbom.specVersion, '3.0.1');
      assert.equal(sbom.rootName, 'my-package');
      assert.equal(sbom.root?.version, '1.0.0');
    });

    it('refuses SPDX tag-value with a clear message', async () => {
      await assert.rejects(corpus('spdx', 'SPDXTagExample-v2.3.spdx'), /tag-value/);
    });
  });

  describe('an inventory that is not a list of objects', () => {
    // Reading around it would scan fewer components than the document holds and report them clean.
    const cases: [string, unknown, string][] = [
      [
        'CycloneDX components',
        { bomFormat: 'CycloneDX', specVersion: '1.6', components: { a: {} } },
        '/components is not an array',
      ],
      [
        'nested CycloneDX components',
        { bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ name: 'a', components: [null] }] },
        '/components/0/components/0 is not an object',
      ],
      [
        "the root's sub-components",
        {
          bomFormat: 'CycloneDX',
          specVersion: '1.5',
          metadata: { component: { name: 'r', components: 'x' } },
        },
        '/metadata/component/components is not an array',
      ],
      [
        'SPDX 2 packages',
        { spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', packages: [1] },
        '/packages/0 is not an object',
      ],
      [
        'the SPDX 3 graph',
        {
          '@context': 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld',
          '@graph': { type: 'software_Package' },
        },
        '/@graph is not an array',
      ],
    ];
    for (const [what, document, message] of cases) {
      it(`is malformed: ${what}`, async () => {
        await assert.rejects(readSbom('odd.json', Buffer.from(JSON.stringify(document))), {
          code: 'INPUT_MALFORMED',
          file: 'odd.json',
          message,
        });
      });
    }
  });

  describe('our own output, every format (uv/flask)', () => {
    it('reads the same components, versions, PURLs and hashes from each format', async () => {
      const graph = await collectComponentGraph({
        paths: [corpusPath('lockfiles', 'uv', 'flask', 'uv.lock')],
        recursive: false,
        omitDevelopment: false,
        fileSystem: nodeFileSystem,
      });
      const expected = graph.components.map((component) => component.purl).sort();
      for (const format of sbomFormats) {
        const text = renderSbom(graph, {
          format,
          specVersion: '1.6',
          timestamp: new Date(0),
          toolVersion: '0.0.0',
        });
        const sbom = await readSbom(`flask.${format}`, Buffer.from(text));
        assert.deepEqual(
          sbom.components.map((component) => component.purl).sort(),
          expected,
          `${format}: the graph's PURLs`,
        );
        assert.equal(sbom.rootName, graph.root.name, `${format}: the project is the root`);
        for (const component of graph.components) {
          const read = sbom.components.find((candidate) => candidate.purl === component.purl);
          assert.equal(read?.version, component.version, `${format}: ${component.purl} version`);
          for (const hash of component.hashes) {
            assert.equal(
              read?.hashes[hash.algorithm],
              hash.content,
              `${format}: ${component.purl} ${hash.algorithm}`,
            );
          }
        }
      }
    });
  });
});

describe('canonicalHashAlgorithm', () => {
  it('keeps a name like an Object.prototype member as written, not the member', async () => {
    const { canonicalHashAlgorithm } = await import('./hash-algorithms.js');
    assert.equal(canonicalHashAlgorithm('constructor'), 'constructor');
    assert.equal(canonicalHashAlgorithm('toString'), 'toString');
    assert.equal(canonicalHashAlgorithm('sha256'), 'SHA-256');
    assert.equal(canonicalHashAlgorithm('SHA3_256'), 'SHA3-256');
  });
});

describe('CycloneDX XML text', () => {
  it('is read as XML means it: entities decoded, text split by a comment joined, CDATA kept', async () => {
    const xml = [
      '<?xml version="1.0"?>',
      '<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components>',
      '<component type="library"><name>a&amp;b<!-- split -->c</name><version>1.0</version>',
      '<licenses><license><name>Foo &lt;bar&gt;</name></license></licenses></component>',
      '<component type="library"><name><![CDATA[x<y]]></name><version>2.0</version></component>',
      '</components></bom>',
    ].join('');
    const sbom = await readSbom('entities.xml', Buffer.from(xml));
    assert.deepEqual(
      sbom.components.map((component) => [component.name, component.licenses]),
      [
        ['a&bc', ['Foo <bar>']],
        ['x<y', []],
      ],
    );
  });
});
