import type { Component, ComponentGraph } from '../sbom/model/component.js';

function component(
  overrides: Partial<Component> & Pick<Component, 'ref' | 'name' | 'version' | 'purl'>,
): Component {
  return {
    ecosystem: 'npm',
    development: false,
    optional: false,
    hashes: [],
    distributions: [],
    properties: [],
    ...overrides,
  };
}

/** A small graph with the cases emitters must get right: scopes, dev, git source, licence kinds. */
export function sampleGraph(): ComponentGraph {
  const components = [
    component({
      ref: 'pkg:npm/%40babel/core@7.24.0',
      name: '@babel/core',
      version: '7.24.0',
      purl: 'pkg:npm/%40babel/core@7.24.0',
      license: 'MIT',
      hashes: [{ algorithm: 'SHA-512', content: 'ab'.repeat(64) }],
      distributions: [
        {
          url: 'https://registry.npmjs.org/@babel/core/-/core-7.24.0.tgz',
          hashes: [{ algorithm: 'SHA-512', content: 'ab'.repeat(64) }],
        },
      ],
    }),
    component({
      ref: 'pkg:npm/left-pad@1.3.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fleft-pad%2Fleft-pad.git%235d1e8e1',
      name: 'left-pad',
      version: '1.3.0',
      purl: 'pkg:npm/left-pad@1.3.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fleft-pad%2Fleft-pad.git%235d1e8e1',
      license: 'WTFPL OR MIT',
    }),
    component({
      ref: 'pkg:npm/ms@2.1.3',
      name: 'ms',
      version: '2.1.3',
      purl: 'pkg:npm/ms@2.1.3',
      development: true,
      license: 'BSD-like',
      properties: [{ name: 'cdx:npm:package:development', value: 'true' }],
    }),
    component({
      ref: 'pkg:pypi/charset-normalizer@3.4.7',
      ecosystem: 'pypi',
      name: 'charset_normalizer',
      version: '3.4.7',
      purl: 'pkg:pypi/charset-normalizer@3.4.7',
      optional: true,
      hashes: [{ algorithm: 'SHA-256', content: '00'.repeat(32) }],
    }),
  ];
  return {
    root: {
      ref: 'pkg:npm/example-app@1.0.0',
      ecosystem: 'npm',
      name: 'example-app',
      version: '1.0.0',
      purl: 'pkg:npm/example-app@1.0.0',
      license: 'Apache-2.0',
    },
    components,
    dependencies: [
      { ref: 'pkg:npm/%40babel/core@7.24.0', dependsOn: ['pkg:npm/ms@2.1.3'] },
      { ref: 'pkg:npm/example-app@1.0.0', dependsOn: components.map((entry) => entry.ref).sort() },
      { ref: components[1]?.ref ?? '', dependsOn: [] },
      { ref: 'pkg:npm/ms@2.1.3', dependsOn: [] },
      { ref: 'pkg:pypi/charset-normalizer@3.4.7', dependsOn: [] },
    ].sort((a, b) => (a.ref < b.ref ? -1 : 1)),
    warnings: [],
    sources: ['package-lock.json'],
  };
}
