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
    const graph = lockGraph(
      extraction(
        [
          copy({ development: true, optional: true }),
          copy({ development: false, optional: true }),
          copy({ development: true, optional: false, license: 'MIT' }),
        ],
        {},
        [],
      ),
    );
    assert.equal(graph.components.length, 1);
    const [merged] = graph.components;
    assert.equal(merged?.development, false);
    assert.equal(merged?.optional, false);
    assert.equal(merged?.license, 'MIT');
    assert.deepEqual(merged?.distributions, [tarball]);
    assert.deepEqual(merged?.hashes, tarball.hashes);
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
    assert.ok(graph.dependencies.every((entry) => !entry.dependsOn.includes('pkg:npm/d@1.0.0')));
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
    assert.ok(graph.components.some((entry) => entry.ref === 'pkg:pypi/svc@2.0'));
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
