import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildComponentGraph } from './build-graph.js';
import type { Component, Extraction, ProjectComponent } from './component.js';

const root: ProjectComponent = { ecosystem: 'npm', name: 'app', version: '1.0.0', purl: 'pkg:npm/app@1.0.0' };

function component(name: string, overrides: Partial<Component> = {}): Component {
  const purl = `pkg:npm/${name}@1.0.0`;
  return {
    ref: purl,
    ecosystem: 'npm',
    name,
    version: '1.0.0',
    purl,
    development: false,
    optional: false,
    hashes: [],
    distributions: [],
    properties: [],
    ...overrides,
  };
}

function extraction(components: Component[], edges: Record<string, string[]>, direct: string[]): Extraction {
  return {
    components,
    dependencies: Object.entries(edges).map(([ref, dependsOn]) => ({ ref, dependsOn })),
    directDependencies: direct,
    warnings: [],
  };
}

/** The graph of one package-lock.json's extraction, the root's own. */
function lockGraph(extracted: Extraction, omitDevelopment = false) {
  return buildComponentGraph({
    root,
    omitDevelopment,
    extractions: [{ source: 'package-lock.json', project: null, extraction: extracted }],
  });
}

describe('buildComponentGraph', () => {
  it('merges identical copies (npm nesting) by their flags alone, and a later licence still fills in', () => {
    const tarball = {
      url: 'https://registry.npmjs.org/a/-/a-1.0.0.tgz',
      hashes: [{ algorithm: 'SHA-512' as const, content: '11'.repeat(64) }],
    };
    const copy = (overrides: Partial<Component>) =>
      component('a', { hashes: tarball.hashes, distributions: [tarball], ...overrides });
    const copies = [
      copy({ development: true, optional: true }),
      copy({ development: false, optional: true }),
      copy({ development: true, optional: false, license: 'MIT' }),
    ];
    // Whatever order the lock lists them in: a flag holds only if every copy has it.
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    for (const order of orders) {
      const graph = lockGraph(
        extraction(
          order.map((index) => copies[index] as Component),
          {},
          [],
        ),
      );
      assert.equal(graph.components.length, 1);
      const [merged] = graph.components;
      assert.equal(merged?.development, false, `development, order ${order}`);
      assert.equal(merged?.optional, false, `optional, order ${order}`);
      assert.equal(merged?.license, 'MIT', `license, order ${order}`);
      assert.deepEqual(merged?.distributions, [tarball]);
      assert.deepEqual(merged?.hashes, tarball.hashes);
    }
  });

  it('unions edges and the digests of one download URL across lockfiles, and drops self-edges', () => {
    const a = 'pkg:npm/a@1.0.0';
    const b = 'pkg:npm/b@1.0.0';
    const c = 'pkg:npm/c@1.0.0';
    const url = 'https://registry.npmjs.org/a/-/a-1.0.0.tgz';
    const sha512 = { algorithm: 'SHA-512' as const, content: '11'.repeat(64) };
    const sha1 = { algorithm: 'SHA-1' as const, content: '22'.repeat(20) };
    const graph = buildComponentGraph({
      root,
      omitDevelopment: false,
      extractions: [
        {
          source: 'one/package-lock.json',
          project: null,
          extraction: extraction(
            [component('a', { distributions: [{ url, hashes: [sha512] }] }), component('b')],
            { [a]: [b] },
            [a],
          ),
        },
        {
          source: 'two/package-lock.json',
          project: null,
          extraction: extraction(
            [component('a', { distributions: [{ url, hashes: [sha1] }] }), component('c')],
            { [a]: [c, a] },
            [a],
          ),
        },
      ],
    });
    const merged = graph.components.find((entry) => entry.ref === a);
    assert.deepEqual(merged?.distributions, [{ url, hashes: [sha1, sha512] }]);
    assert.deepEqual(graph.dependencies.find((entry) => entry.ref === a)?.dependsOn, [b, c]);
  });

  it('merges duplicate refs: required wins over dev, hashes and edges are unioned', () => {
    const a = 'pkg:npm/a@1.0.0';
    const b = 'pkg:npm/b@1.0.0';
    const graph = lockGraph(
      extraction(
        [
          component('a', {
            development: true,
            hashes: [{ algorithm: 'SHA-512', content: '11'.repeat(64) }],
          }),
          component('a', { hashes: [{ algorithm: 'SHA-1', content: '22'.repeat(20) }] }),
          component('b'),
        ],
        { [a]: [b] },
        [a],
      ),
    );
    assert.equal(graph.components.length, 2);
    const merged = graph.components.find((entry) => entry.ref === a);
    assert.equal(merged?.development, false);
    assert.deepEqual(
      merged?.hashes.map((hash) => hash.algorithm),
      ['SHA-1', 'SHA-512'],
    );
    assert.deepEqual(graph.dependencies, [
      { ref: 'pkg:npm/a@1.0.0', dependsOn: [b] },
      { ref: 'pkg:npm/app@1.0.0', dependsOn: [a] },
      { ref: 'pkg:npm/b@1.0.0', dependsOn: [] },
    ]);
  });

  it('drops development-only components and the edges to them with omitDevelopment', () => {
    const graph = lockGraph(
      extraction(
        [component('a'), component('d', { development: true })],
        { 'pkg:npm/a@1.0.0': ['pkg:npm/d@1.0.0'] },
        ['pkg:npm/a@1.0.0', 'pkg:npm/d@1.0.0'],
      ),
      true,
    );
    assert.deepEqual(
      graph.components.map((entry) => entry.name),
      ['a'],
    );
    assert.deepEqual(graph.dependencies, [
      { ref: 'pkg:npm/a@1.0.0', dependsOn: [] },
      { ref: 'pkg:npm/app@1.0.0', dependsOn: ['pkg:npm/a@1.0.0'] },
    ]);
    assert.deepEqual(graph.warnings, []);
  });

  it('adds each sub-project as an application component the root depends on', () => {
    const service: ProjectComponent = {
      ecosystem: 'pypi',
      name: 'svc',
      version: '2.0',
      purl: 'pkg:pypi/svc@2.0',
    };
    const graph = buildComponentGraph({
      root,
      omitDevelopment: false,
      extractions: [
        {
          source: 'svc/uv.lock',
          project: service,
          extraction: extraction([component('x')], {}, ['pkg:npm/x@1.0.0']),
        },
      ],
    });
    assert.deepEqual(graph.dependencies.find((entry) => entry.ref === root.purl)?.dependsOn, [
      'pkg:pypi/svc@2.0',
    ]);
    assert.deepEqual(graph.dependencies.find((entry) => entry.ref === 'pkg:pypi/svc@2.0')?.dependsOn, [
      'pkg:npm/x@1.0.0',
    ]);
    const sub = graph.components.find((entry) => entry.ref === 'pkg:pypi/svc@2.0');
    assert.deepEqual(
      [sub?.name, sub?.version, sub?.purl, sub?.properties],
      ['svc', '2.0', 'pkg:pypi/svc@2.0', [{ name: 'veriship:component:kind', value: 'project' }]],
      'the sub-project is a component marked as a project (written as an application)',
    );
  });

  it('warns about an edge to a component no lockfile lists, and invents nothing', () => {
    const graph = buildComponentGraph({
      root,
      omitDevelopment: false,
      extractions: [
        {
          source: 'package-lock.json',
          project: null,
          extraction: extraction([component('a')], { 'pkg:npm/a@1.0.0': ['pkg:npm/ghost@9.9.9'] }, []),
        },
      ],
    });
    assert.equal(graph.components.length, 1);
    assert.match(graph.warnings[0]?.message ?? '', /ghost/);
  });
});
