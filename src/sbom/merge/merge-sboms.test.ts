import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PackageURL } from 'packageurl-js';
import { corpusPath } from '../../testing/corpus.js';
import { cycloneDxSchemaErrors } from '../../testing/cyclonedx-oracle.js';
import { cycloneDxSchemaDirectory } from '../validate/cyclonedx-json-schema.js';
import { validateSbom } from '../validate/validate-sbom.js';
import { type MergeInput, type MergeOptions, mergeCycloneDx, mergeVocabulary } from './merge-sboms.js';

type JsonRecord = Record<string, unknown>;
interface Dependency {
  ref: string;
  dependsOn?: string[];
}
interface Bom extends JsonRecord {
  components: (JsonRecord & { 'bom-ref': string; purl?: string; name: string })[];
  dependencies: Dependency[];
  metadata: JsonRecord & { component?: JsonRecord };
}

const options: MergeOptions = {
  specVersion: '1.6',
  timestamp: new Date('2026-01-02T03:04:05Z'),
  toolVersion: '0.0.0-test',
};

function real(project: string, file: string): MergeInput {
  const path = corpusPath('sbom', 'cyclonedx', 'real', project, file);
  return { path, document: JSON.parse(readFileSync(path, 'utf8')) };
}

const juiceShop = () => real('juice-shop-npm-flat', 'bom.1.4.json');
const dropwizard = () => real('dropwizard-1.3.15', 'bom.json');
const laravel = () => real('laravel-7.12.0', 'bom.1.3.json');

/** Valid for veriship's validator and, independently, for the CycloneDX library's strict validator. */
async function assertValid(document: JsonRecord, version: '1.5' | '1.6' | '1.7'): Promise<void> {
  const text = JSON.stringify(document, null, 2);
  const report = await validateSbom('merged.json', Buffer.from(text));
  assert.deepEqual(report.errors, [], 'veriship validator');
  assert.equal(report.specVersion, version);
  assert.equal(await cycloneDxSchemaErrors(text, version), null, 'CycloneDX library validator');
}

function edges(
  bom: { dependencies: Dependency[] },
  rename: (ref: string) => string | undefined,
): Set<string> {
  const found = new Set<string>();
  for (const entry of bom.dependencies) {
    for (const target of entry.dependsOn ?? []) {
      const from = rename(entry.ref);
      const to = rename(target);
      if (from !== undefined && to !== undefined && from !== to) found.add(`${from} -> ${to}`);
    }
  }
  return found;
}

function canonical(purl: string): string {
  return PackageURL.fromString(purl).toString();
}

function service(name: string, lodashRef: string, extra: JsonRecord[] = []): MergeInput {
  return {
    path: `${name}/bom.json`,
    document: {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      version: 1,
      metadata: { component: { type: 'application', 'bom-ref': 'root', name, version: '1.0.0' } },
      components: [
        {
          type: 'library',
          'bom-ref': lodashRef,
          name: 'lodash',
          version: '4.17.21',
          purl: 'pkg:npm/lodash@4.17.21',
          hashes: [{ alg: 'SHA-512', content: 'AB'.repeat(64) }],
          licenses: [{ license: { id: 'MIT' } }],
        },
        ...extra,
      ],
      dependencies: [
        { ref: 'root', dependsOn: [lodashRef, ...extra.map((component) => component['bom-ref'] as string)] },
        { ref: lodashRef, dependsOn: [] },
      ],
    },
  };
}

describe('mergeCycloneDx on real SBOMs', () => {
  for (const specVersion of ['1.5', '1.6', '1.7'] as const) {
    it(`merges juice-shop (1.4), dropwizard (1.2) and laravel (1.3) into a valid ${specVersion} SBOM`, async () => {
      const merged = mergeCycloneDx([juiceShop(), dropwizard(), laravel()], {
        ...options,
        specVersion,
        root: { name: 'monorepo', version: '2.0.0' },
      });
      await assertValid(merged, specVersion);
    });
  }

  it('keeps every dependency edge of every input, rewritten to the merged bom-refs', () => {
    const inputs = [juiceShop(), dropwizard()];
    const merged = mergeCycloneDx(inputs, options) as Bom;
    const mergedPurlByRef = new Map(merged.components.map((c) => [c['bom-ref'], c.purl as string]));
    const actual = edges(merged, (ref) => mergedPurlByRef.get(ref));
    const expected = new Set<string>();
    for (const input of inputs) {
      const document = input.document as Bom;
      const purlByRef = new Map(
        [...document.components, document.metadata.component as Bom['components'][number]].map((c) => [
          c['bom-ref'],
          canonical(c.purl as string),
        ]),
      );
      for (const edge of edges(document, (ref) => purlByRef.get(ref))) expected.add(edge);
    }
    assert.ok(expected.size > 1000, `only ${expected.size} edges in the inputs`);
    assert.deepEqual([...actual].sort(), [...expected].sort());
  });

  it('lists a package that appears twice once, with its dependencies joined', () => {
    const document = juiceShop().document as Bom;
    const distinct = new Set(
      [...document.components, document.metadata.component as { purl: string }].map((c) =>
        canonical(c.purl as string),
      ),
    );
    const merged = mergeCycloneDx([juiceShop(), juiceShop()], options) as Bom;
    assert.equal(merged.components.length, distinct.size);
    assert.ok(distinct.size < document.components.length + 1, 'juice-shop repeats some packages');
    const refs = merged.components.map((component) => component['bom-ref']);
    assert.equal(new Set(refs).size, refs.length);
  });

  it('gives the same bytes for the same inputs, and a new serial for new content', () => {
    const first = JSON.stringify(mergeCycloneDx([juiceShop(), dropwizard()], options));
    assert.equal(JSON.stringify(mergeCycloneDx([juiceShop(), dropwizard()], options)), first);
    // Disjoint inputs: the order they are given in does not matter either.
    assert.equal(JSON.stringify(mergeCycloneDx([dropwizard(), juiceShop()], options)), first);
    const later = mergeCycloneDx([juiceShop(), dropwizard()], {
      ...options,
      timestamp: new Date('2026-02-01'),
    });
    assert.notEqual(later.serialNumber, JSON.parse(first).serialNumber);
    assert.match(
      String(later.serialNumber),
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('mergeCycloneDx on two services that share a package', () => {
  const merge = (root?: MergeOptions['root']) =>
    mergeCycloneDx([service('orders', 'lodash-a'), service('billing', 'npm:lodash')], {
      ...options,
      ...(root ? { root } : {}),
    }) as Bom;

  it('matches the golden file and the 1.6 schema', async () => {
    const merged = merge({ name: 'shop', version: '3.0.0' });
    const text = `${JSON.stringify(merged, null, 2)}\n`;
    const directory = new URL('./__fixtures__/two-services/', import.meta.url);
    const golden = new URL('merged.cdx.golden.json', directory);
    if (process.env.VERISHIP_UPDATE_GOLDEN === '1') {
      mkdirSync(directory, { recursive: true });
      writeFileSync(golden, text);
    }
    assert.equal(text, readFileSync(golden, 'utf8'));
    await assertValid(merged, '1.6');
  });

  it('lists lodash once under its PURL and points both services at it', () => {
    const merged = merge();
    assert.equal(merged.components.length, 3);
    const lodash = merged.components.filter((component) => component.name === 'lodash');
    assert.equal(lodash.length, 1);
    assert.equal(lodash[0]?.['bom-ref'], 'pkg:npm/lodash@4.17.21');
    assert.deepEqual(lodash[0]?.hashes, [{ alg: 'SHA-512', content: 'ab'.repeat(64) }]);
    const dependsOn = new Map(merged.dependencies.map((entry) => [entry.ref, entry.dependsOn]));
    assert.deepEqual(dependsOn.get('pkg:npm/lodash@4.17.21'), []);
    // The roots have no PURL and the same bom-ref "root" in both inputs, but different names.
    const roots = merged.components.filter((component) => component.type === 'application');
    assert.deepEqual(roots.map((root) => root.name).sort(), ['billing', 'orders']);
    for (const root of roots) assert.deepEqual(dependsOn.get(root['bom-ref']), ['pkg:npm/lodash@4.17.21']);
    assert.equal(merged.metadata.component, undefined);
  });

  it('gives roots that share a bom-ref distinct refs that do not depend on input order', () => {
    const merged = merge();
    const refs = merged.components.filter((c) => c.type === 'application').map((c) => c['bom-ref']);
    assert.equal(new Set(refs).size, 2);
    for (const ref of refs) assert.match(ref, /^root#[0-9a-f]{12}$/);
    const swapped = mergeCycloneDx(
      [service('billing', 'npm:lodash'), service('orders', 'lodash-a')],
      options,
    ) as Bom;
    assert.deepEqual(swapped, merged);
  });

  it('with a root, makes it metadata.component depending on every input root', () => {
    const merged = merge({ name: 'shop', version: '3.0.0' });
    assert.deepEqual(merged.metadata.component, {
      type: 'application',
      'bom-ref': 'shop@3.0.0',
      name: 'shop',
      version: '3.0.0',
    });
    const inputRoots = merged.components.filter((c) => c.type === 'application').map((c) => c['bom-ref']);
    assert.deepEqual(
      merged.dependencies.find((entry) => entry.ref === 'shop@3.0.0')?.dependsOn,
      [...inputRoots].sort(),
    );
  });
});

describe('mergeCycloneDx keeps the result valid for the target version', () => {
  it('flattens nested components and keeps their dependencies', async () => {
    const nested: MergeInput = {
      path: 'nested.json',
      document: {
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        version: 1,
        components: [
          {
            type: 'application',
            'bom-ref': 'outer',
            name: 'outer',
            components: [{ type: 'library', 'bom-ref': 'inner', name: 'inner', purl: 'pkg:npm/inner@1.0.0' }],
          },
        ],
        dependencies: [{ ref: 'outer', dependsOn: ['inner', 'dangling'] }],
      },
    };
    const merged = mergeCycloneDx([nested], options) as Bom;
    assert.deepEqual(
      merged.components.map((component) => [component['bom-ref'], 'components' in component]),
      [
        ['outer', false],
        ['pkg:npm/inner@1.0.0', false],
      ],
    );
    assert.deepEqual(merged.dependencies, [{ ref: 'outer', dependsOn: ['pkg:npm/inner@1.0.0'] }]);
    await assertValid(merged, '1.6');
  });

  it('flattens the components nested in an input root and keeps the edges to them', async () => {
    const assembly: MergeInput = {
      path: 'assembly.json',
      document: {
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        version: 1,
        metadata: {
          component: {
            type: 'application',
            'bom-ref': 'app',
            name: 'app',
            components: [{ type: 'library', 'bom-ref': 'part', name: 'part', purl: 'pkg:npm/part@1.0.0' }],
          },
        },
        dependencies: [{ ref: 'app', dependsOn: ['part'] }],
      },
    };
    await assertValid(assembly.document as JsonRecord, '1.6');
    const merged = mergeCycloneDx([assembly], options) as Bom;
    assert.deepEqual(
      merged.components.map((component) => component['bom-ref']),
      ['app', 'pkg:npm/part@1.0.0'],
    );
    assert.deepEqual(merged.dependencies, [{ ref: 'app', dependsOn: ['pkg:npm/part@1.0.0'] }]);
    await assertValid(merged, '1.6');
  });

  it('maps 1.6-only values to generic ones for 1.5, and keeps them for 1.6', async () => {
    const newer: MergeInput = {
      path: 'newer.json',
      document: {
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        version: 1,
        components: [
          {
            type: 'cryptographic-asset',
            name: 'aes',
            externalReferences: [{ type: 'rfc-9116', url: 'https://example.com/.well-known/security.txt' }],
            authors: [{ name: 'someone' }],
          },
        ],
      },
    };
    const old = mergeCycloneDx([newer], { ...options, specVersion: '1.5' }) as Bom;
    assert.equal(old.components[0]?.type, 'library');
    assert.deepEqual(old.components[0]?.externalReferences, [
      {
        url: 'https://example.com/.well-known/security.txt',
        type: 'other',
        comment: 'type rfc-9116 in the input',
      },
    ]);
    await assertValid(old, '1.5');
    const same = mergeCycloneDx([newer], options) as Bom;
    assert.equal(same.components[0]?.type, 'cryptographic-asset');
    await assertValid(same, '1.6');
  });

  it('joins licences only where the version can say so (1.5/1.6: licences or one expression)', async () => {
    const withLicenses = (path: string, licenses: JsonRecord[]): MergeInput => ({
      path,
      document: {
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        version: 1,
        components: [{ type: 'library', name: 'x', purl: 'pkg:npm/x@1.0.0', licenses }],
      },
    });
    const inputs = [
      withLicenses('a.json', [{ expression: 'MIT OR Apache-2.0' }]),
      withLicenses('b.json', [{ license: { id: 'MIT' } }]),
    ];
    const strict = mergeCycloneDx(inputs, options) as Bom;
    assert.deepEqual(strict.components[0]?.licenses, [{ expression: 'MIT OR Apache-2.0' }]);
    await assertValid(strict, '1.6');
    const mixed = mergeCycloneDx(inputs, { ...options, specVersion: '1.7' }) as Bom;
    assert.deepEqual(mixed.components[0]?.licenses, [
      { expression: 'MIT OR Apache-2.0' },
      { license: { id: 'MIT' } },
    ]);
    await assertValid(mixed, '1.7');
  });

  describe('when a 1.7 input uses what 1.5 and 1.6 cannot say', () => {
    const streebog256 = 'aa'.repeat(32);
    const sha256 = 'bb'.repeat(32);
    const input: MergeInput = {
      path: 'newest.json',
      document: {
        bomFormat: 'CycloneDX',
        specVersion: '1.7',
        version: 1,
        components: [
          {
            type: 'library',
            name: 'x',
            purl: 'pkg:npm/x@1.0.0',
            hashes: [
              { alg: 'Streebog-256', content: streebog256 },
              { alg: 'SHA-256', content: sha256 },
            ],
            licenses: [{ expression: 'MIT OR Apache-2.0' }, { license: { id: 'BSD-3-Clause' } }],
            externalReferences: [
              {
                type: 'distribution',
                url: 'https://example.com/x-1.0.0.tgz',
                hashes: [{ alg: 'Streebog-512', content: 'cc'.repeat(64) }],
              },
            ],
          },
        ],
      },
    };

    it('leaves out Streebog digests and a mixed licence list for 1.5 and 1.6, and keeps them for 1.7', async () => {
      await assertValid(input.document as JsonRecord, '1.7');
      for (const specVersion of ['1.5', '1.6'] as const) {
        const merged = mergeCycloneDx([input], { ...options, specVersion }) as Bom;
        const component = merged.components[0] as JsonRecord;
        assert.deepEqual(component.hashes, [{ alg: 'SHA-256', content: sha256 }]);
        assert.deepEqual(component.licenses, [{ expression: 'MIT OR Apache-2.0' }]);
        assert.deepEqual(component.externalReferences, [
          { url: 'https://example.com/x-1.0.0.tgz', type: 'distribution' },
        ]);
        await assertValid(merged, specVersion);
      }
      const same = mergeCycloneDx([input], { ...options, specVersion: '1.7' }) as Bom;
      assert.equal((same.components[0]?.hashes as unknown[] | undefined)?.length, 2);
      assert.equal((same.components[0]?.licenses as unknown[] | undefined)?.length, 2);
      await assertValid(same, '1.7');
    });
  });

  it('uses the vocabulary of the official schemas', () => {
    for (const version of ['1.5', '1.6', '1.7'] as const) {
      const schema = JSON.parse(
        readFileSync(join(cycloneDxSchemaDirectory(), `bom-${version}.SNAPSHOT.schema.json`), 'utf8'),
      ) as { definitions: Record<string, { properties: Record<string, { enum: string[] }> }> };
      const definitions = schema.definitions;
      assert.deepEqual(
        [...mergeVocabulary[version].componentTypes].sort(),
        [...(definitions.component?.properties.type?.enum ?? [])].sort(),
        `${version} component types`,
      );
      assert.deepEqual(
        [...mergeVocabulary[version].externalReferenceTypes].sort(),
        [...(definitions.externalReference?.properties.type?.enum ?? [])].sort(),
        `${version} external reference types`,
      );
      assert.deepEqual(
        [...mergeVocabulary[version].hashAlgorithms].sort(),
        [...((definitions['hash-alg'] as unknown as { enum: string[] }).enum ?? [])].sort(),
        `${version} hash algorithms`,
      );
    }
  });
});

describe('mergeCycloneDx refuses', () => {
  it('SPDX and other non-CycloneDX inputs', () => {
    assert.throws(
      () => mergeCycloneDx([{ path: 'x.spdx.json', document: { spdxVersion: 'SPDX-2.3' } }], options),
      { code: 'INPUT_UNSUPPORTED', file: 'x.spdx.json' },
    );
    assert.throws(() => mergeCycloneDx([{ path: 'p.json', document: { name: 'x' } }], options), {
      code: 'INPUT_UNSUPPORTED',
    });
  });

  it('an input whose bom-refs are not unique, since its graph cannot be rewritten', () => {
    const document = service('orders', 'dup', [
      { type: 'library', 'bom-ref': 'dup', name: 'other', version: '1' },
    ]);
    assert.throws(() => mergeCycloneDx([document], options), {
      code: 'INPUT_MALFORMED',
      file: 'orders/bom.json',
      message: '/components/1: bom-ref "dup" is not unique',
    });
  });

  it('a component without a name', () => {
    const document = {
      bomFormat: 'CycloneDX',
      specVersion: '1.4',
      version: 1,
      components: [{ type: 'library' }],
    };
    assert.throws(() => mergeCycloneDx([{ path: 'a.json', document }], options), {
      code: 'INPUT_MALFORMED',
      message: '/components/0 has no name',
    });
  });
});
