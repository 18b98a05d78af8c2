import type { Component, ComponentGraph } from '../../model/component.js';

function component(fields: Partial<Component> & Pick<Component, 'ref' | 'name' | 'version'>): Component {
  return {
    ecosystem: 'npm',
    purl: fields.ref,
    development: false,
    optional: false,
    hashes: [],
    distributions: [],
    properties: [],
    ...fields,
  };
}

const babelIntegrity = '1f'.repeat(64);
const typesIntegrity = '2e'.repeat(64);
const charsetSdist = '3d'.repeat(32);
const charsetWheel = '4c'.repeat(32);

const leftPadRef =
  'pkg:npm/left-pad@1.3.0?vcs_url=git%2Bssh%3A%2F%2Fgit%40github.com%2Fleft-pad%2Fleft-pad.git%235d1e8e1a9f';

/**
 * A project with the cases SPDX output must get right: npm scopes, a PyPI name that differs from its
 * PURL, a git source, a compound licence expression, free-text and missing licences, development and
 * optional dependencies, a development-only chain.
 */
export function spdxTestGraph(): ComponentGraph {
  const components: Component[] = [
    component({
      ref: 'pkg:npm/%40babel/core@7.24.0',
      name: '@babel/core',
      version: '7.24.0',
      license: 'MIT',
      description: 'Babel compiler core.',
      hashes: [{ algorithm: 'SHA-512', content: babelIntegrity }],
      distributions: [
        {
          url: 'https://registry.npmjs.org/@babel/core/-/core-7.24.0.tgz',
          hashes: [{ algorithm: 'SHA-512', content: babelIntegrity }],
        },
      ],
    }),
    component({
      ref: 'pkg:npm/%40types/node@20.11.30',
      name: '@types/node',
      version: '20.11.30',
      development: true,
      license: 'MIT',
      hashes: [{ algorithm: 'SHA-512', content: typesIntegrity }],
      distributions: [
        {
          url: 'https://registry.npmjs.org/@types/node/-/node-20.11.30.tgz',
          hashes: [{ algorithm: 'SHA-512', content: typesIntegrity }],
        },
      ],
    }),
    component({
      ref: 'pkg:npm/fsevents@2.3.3',
      name: 'fsevents',
      version: '2.3.3',
      optional: true,
      license: 'MIT',
    }),
    component({
      ref: leftPadRef,
      name: 'left-pad',
      version: '1.3.0',
      license: 'WTFPL OR MIT',
      distributions: [{ url: 'git+ssh://git@github.com/left-pad/left-pad.git#5d1e8e1a9f', hashes: [] }],
    }),
    component({
      ref: 'pkg:npm/mocha@10.4.0',
      name: 'mocha',
      version: '10.4.0',
      development: true,
      license: 'MIT',
    }),
    component({
      ref: 'pkg:npm/ms@2.1.3',
      name: 'ms',
      version: '2.1.3',
      development: true,
      license: 'BSD-like',
      properties: [{ name: 'cdx:npm:package:development', value: 'true' }],
    }),
    component({
      ref: 'pkg:npm/tslib@2.6.2',
      name: 'tslib',
      version: '2.6.2',
    }),
    component({
      ref: 'pkg:pypi/charset-normalizer@3.4.7',
      ecosystem: 'pypi',
      name: 'charset_normalizer',
      version: '3.4.7',
      license: 'MIT OR Apache-2.0',
      hashes: [{ algorithm: 'SHA-256', content: charsetSdist }],
      distributions: [
        {
          url: 'https://files.pythonhosted.org/packages/charset_normalizer-3.4.7-py3-none-any.whl',
          hashes: [{ algorithm: 'SHA-256', content: charsetWheel }],
        },
        {
          url: 'https://files.pythonhosted.org/packages/charset_normalizer-3.4.7.tar.gz',
          hashes: [{ algorithm: 'SHA-256', content: charsetSdist }],
        },
      ],
    }),
  ].sort((a, b) => (a.ref < b.ref ? -1 : 1));
  const rootRef = 'pkg:npm/%40acme/web-app@1.0.0';
  const edges: Record<string, string[]> = {
    [rootRef]: [
      'pkg:npm/%40babel/core@7.24.0',
      'pkg:npm/%40types/node@20.11.30',
      'pkg:npm/fsevents@2.3.3',
      leftPadRef,
      'pkg:npm/mocha@10.4.0',
      'pkg:pypi/charset-normalizer@3.4.7',
    ],
    'pkg:npm/%40babel/core@7.24.0': ['pkg:npm/tslib@2.6.2'],
    'pkg:npm/mocha@10.4.0': ['pkg:npm/ms@2.1.3'],
  };
  const refs = [rootRef, ...components.map((entry) => entry.ref)].sort();
  return {
    root: {
      ref: rootRef,
      ecosystem: 'npm',
      name: '@acme/web-app',
      version: '1.0.0',
      purl: rootRef,
      license: 'Apache-2.0',
      description: 'The ACME web application.',
    },
    components,
    dependencies: refs.map((ref) => ({ ref, dependsOn: [...(edges[ref] ?? [])].sort() })),
    warnings: [],
    sources: ['package-lock.json', 'uv.lock'],
  };
}
