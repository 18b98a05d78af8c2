import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { nodeFileSystem } from '../../io/file-system.js';
import { corpusPath } from '../../testing/corpus.js';
import { collectComponentGraph } from '../generate.js';
import type { ComponentGraph } from '../model/component.js';
import { renderSbom, type SbomFormat, sbomFormats } from '../render.js';
import {
  diffSboms,
  formatDiffText,
  identityOfPurl,
  readSbomForDiff,
  type SbomEntry,
  type SbomInventory,
} from './diff-sboms.js';

type JsonRecord = Record<string, unknown>;

function juiceShop(): JsonRecord & { components: JsonRecord[] } {
  return JSON.parse(
    readFileSync(corpusPath('sbom', 'cyclonedx', 'real', 'juice-shop-npm-flat', 'bom.1.4.json'), 'utf8'),
  );
}

function inventory(document: unknown, file = 'sbom.json'): Promise<SbomInventory> {
  return readSbomForDiff(file, Buffer.from(JSON.stringify(document)));
}

function bom(components: JsonRecord[]): JsonRecord {
  return { bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components };
}

function library(name: string, version: string, extra: JsonRecord = {}): JsonRecord {
  return { type: 'library', name, version, purl: `pkg:npm/${name}@${version}`, ...extra };
}

describe('identityOfPurl', () => {
  it('drops the version and the qualifiers that change with every release', async () => {
    assert.equal(identityOfPurl('pkg:npm/%40babel/core@7.24.0'), 'pkg:npm/%40babel/core');
    assert.equal(
      identityOfPurl('pkg:npm/left-pad@1.3.0?download_url=https://x/left-pad-1.3.0.tgz&checksum=sha1:ab'),
      'pkg:npm/left-pad',
    );
    assert.equal(
      identityOfPurl('pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie'),
      'pkg:deb/debian/curl?arch=i386',
    );
  });

  it('keeps the repository of a VCS source but not its revision', async () => {
    const at = (revision: string) =>
      identityOfPurl(
        `pkg:npm/tool@1.0.0?vcs_url=${encodeURIComponent(`git+https://github.com/o/tool.git@${revision}`)}`,
      );
    assert.equal(at('abc123'), at('def456'));
    assert.equal(at('abc123'), 'pkg:npm/tool?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fo%2Ftool.git');
  });

  it('keeps the Maven classifier and the subpath, normalises PyPI names, and rejects non-PURLs', async () => {
    assert.equal(
      identityOfPurl('pkg:maven/org.x/lib@1.0?classifier=sources&type=jar'),
      'pkg:maven/org.x/lib?classifier=sources&type=jar',
    );
    assert.equal(
      identityOfPurl('pkg:npm/%40babel/types@7.21.2#packages/babel-types'),
      'pkg:npm/%40babel/types#packages/babel-types',
    );
    assert.equal(identityOfPurl('pkg:pypi/Django_Rest@3.0'), 'pkg:pypi/django-rest');
    assert.equal(identityOfPurl('not a purl'), undefined);
  });
});

describe('diffSboms on juice-shop and a changed copy', async () => {
  const before = juiceShop();
  const after = juiceShop();
  const semver = after.components[14] as JsonRecord;
  assert.equal(semver.version, '6.3.0');
  semver.version = '6.3.1';
  semver.purl = 'pkg:npm/semver@6.3.1';
  const detectLibc = after.components[10] as { version: string; hashes: JsonRecord[] };
  assert.equal(detectLibc.version, '2.0.1');
  (detectLibc.hashes[0] as JsonRecord).content = 'ab'.repeat(64);
  const babelTypes = after.components[3] as JsonRecord;
  babelTypes.licenses = [{ license: { id: 'Apache-2.0' } }];
  const [removedComponent] = after.components.splice(20, 1) as [JsonRecord];
  assert.equal(removedComponent.name, 'core-loader');
  after.components.push(library('left-pad', '1.3.0'), library('detect-libc', '3.0.0'));

  const diff = diffSboms(await inventory(before, 'before.json'), await inventory(after, 'after.json'));

  it('reads every component of the real SBOM', async () => {
    assert.equal((await inventory(before)).entries.length, 1115);
  });

  it('reports the new packages as added, including a second version beside an unchanged one', async () => {
    assert.deepEqual(
      diff.added.map((entry) => [entry.key, entry.version]),
      [
        ['pkg:npm/detect-libc', '3.0.0'],
        ['pkg:npm/left-pad', '1.3.0'],
      ],
    );
  });

  it('reports the deleted package as removed', async () => {
    assert.deepEqual(diff.removed, [
      {
        key: 'pkg:npm/%40nlpjs/core-loader',
        name: '@nlpjs/core-loader',
        version: '4.26.1',
        purl: 'pkg:npm/%40nlpjs/core-loader@4.26.1',
        hashes: (removedComponent.hashes as { alg: string; content: string }[]).map(
          (h) => `${h.alg}:${h.content}`,
        ),
        licenses: ['MIT'],
      },
    ]);
  });

  it('reports an upgrade as one version change, a new digest as a hash change, a relicence as a licence change', async () => {
    assert.deepEqual(
      diff.changed.map((change) => [change.key, change.before.version, change.after.version, change.changes]),
      [
        ['pkg:npm/%40babel/types#packages/babel-types', '7.21.2', '7.21.2', ['license']],
        ['pkg:npm/detect-libc', '2.0.1', '2.0.1', ['hashes']],
        ['pkg:npm/semver', '6.3.0', '6.3.1', ['version']],
      ],
    );
    const relicensed = diff.changed[0];
    assert.deepEqual([relicensed?.before.licenses, relicensed?.after.licenses], [['MIT'], ['Apache-2.0']]);
  });

  it('prints one line per delta and a count', async () => {
    assert.equal(
      formatDiffText(diff),
      [
        'Added (2):',
        '  + detect-libc@3.0.0 (pkg:npm/detect-libc@3.0.0)',
        '  + left-pad@1.3.0 (pkg:npm/left-pad@1.3.0)',
        'Removed (1):',
        '  - @nlpjs/core-loader@4.26.1 (pkg:npm/%40nlpjs/core-loader@4.26.1)',
        'Changed (3):',
        '  ~ @babel/types (pkg:npm/%40babel/types#packages/babel-types): license MIT → Apache-2.0',
        '  ~ detect-libc (pkg:npm/detect-libc): hashes changed',
        '  ~ semver (pkg:npm/semver): version 6.3.0 → 6.3.1',
        '2 added, 1 removed, 3 changed',
        '',
      ].join('\n'),
    );
  });

  it('finds nothing between a file and itself, and does not depend on component order', async () => {
    const same = diffSboms(await inventory(before), await inventory(juiceShop()));
    assert.deepEqual(same, { added: [], removed: [], changed: [] });
    assert.equal(formatDiffText(same), 'No component differences.\n');
    const shuffled = { ...after, components: [...after.components].reverse() };
    assert.deepEqual(diffSboms(await inventory(before), await inventory(shuffled)), diff);
  });
});

describe('when one identity has several versions', () => {
  const versions = (entries: SbomEntry[]) => entries.map((entry) => entry.version);

  it('pairs equal versions first and one leftover on each side as an upgrade', async () => {
    const diff = diffSboms(
      await inventory(bom([library('lodash', '3.10.1'), library('lodash', '4.17.20')])),
      await inventory(bom([library('lodash', '4.17.20'), library('lodash', '3.10.2')])),
    );
    assert.deepEqual(versions(diff.added), []);
    assert.deepEqual(versions(diff.removed), []);
    assert.deepEqual(
      diff.changed.map((change) => [change.before.version, change.after.version, change.changes]),
      [['3.10.1', '3.10.2', ['version']]],
    );
  });

  it('reports leftovers that could pair more than one way as removed and added', async () => {
    const diff = diffSboms(
      await inventory(
        bom([library('lodash', '1.0.0'), library('lodash', '2.0.0'), library('lodash', '4.0.0')]),
      ),
      await inventory(bom([library('lodash', '3.0.0'), library('lodash', '4.0.0')])),
    );
    assert.deepEqual(versions(diff.removed), ['1.0.0', '2.0.0']);
    assert.deepEqual(versions(diff.added), ['3.0.0']);
    assert.deepEqual(diff.changed, []);
  });

  it('counts a second copy of the same version once it has no partner', async () => {
    const diff = diffSboms(
      await inventory(bom([library('ms', '2.1.2')])),
      await inventory(bom([library('ms', '2.1.2'), library('ms', '2.1.2')])),
    );
    assert.deepEqual(versions(diff.added), ['2.1.2']);
  });
});

describe('components without a PURL', () => {
  it('are matched by group and name', async () => {
    const component = (version: string) => ({ type: 'library', group: 'org.acme', name: 'widget', version });
    const diff = diffSboms(
      await inventory(bom([component('1.0')])),
      await inventory(bom([component('1.1')])),
    );
    assert.deepEqual(
      diff.changed.map((change) => [change.key, change.name, change.changes]),
      [['name:org.acme/widget', 'org.acme/widget', ['version']]],
    );
  });

  it('include nested components but not metadata.component', async () => {
    const document = {
      ...bom([{ ...library('outer', '1.0.0'), components: [library('inner', '2.0.0')] }]),
      metadata: { component: library('the-app', '9.9.9') },
    };
    assert.deepEqual(
      (await inventory(document)).entries.map((entry) => entry.name),
      ['outer', 'inner'],
    );
  });
});

describe('readSbomForDiff on SPDX', () => {
  const spdxFile = corpusPath('sbom', 'spdx', 'SPDXJSONExample-v2.3.spdx.json');

  it('reads packages with their purl, checksums and licence, leaving out what the document describes', async () => {
    const parsed = await readSbomForDiff('example.spdx.json', readFileSync(spdxFile));
    assert.equal(parsed.format, 'spdx-json');
    assert.deepEqual(parsed.entries, [
      { key: 'name:Apache Commons Lang', name: 'Apache Commons Lang', hashes: [], licenses: [] },
      {
        key: 'pkg:maven/org.apache.jena/apache-jena',
        name: 'Jena',
        version: '3.12.0',
        purl: 'pkg:maven/org.apache.jena/apache-jena@3.12.0',
        hashes: [],
        licenses: [],
      },
      {
        key: 'name:Saxon',
        name: 'Saxon',
        version: '8.8',
        hashes: ['SHA-1:85ed0817af83a24ad8da68c2b5094de69833983c'],
        licenses: ['MPL-1.0'],
      },
    ]);
  });

  it('diffs two SPDX documents', async () => {
    const document = JSON.parse(readFileSync(spdxFile, 'utf8')) as { packages: JsonRecord[] };
    const jena = document.packages.find((item) => item.name === 'Jena') as JsonRecord;
    jena.versionInfo = '3.13.0';
    jena.externalRefs = [
      {
        referenceCategory: 'PACKAGE-MANAGER',
        referenceType: 'purl',
        referenceLocator: 'pkg:maven/org.apache.jena/apache-jena@3.13.0',
      },
    ];
    const diff = diffSboms(await readSbomForDiff('old', readFileSync(spdxFile)), await inventory(document));
    assert.deepEqual(
      diff.changed.map((change) => [change.key, change.before.version, change.after.version]),
      [['pkg:maven/org.apache.jena/apache-jena', '3.12.0', '3.13.0']],
    );
  });
});

describe('readSbomForDiff across formats', () => {
  async function lockfileGraph() {
    return collectComponentGraph({
      paths: [corpusPath('lockfiles', 'pnpm-v9', 'pnpm-multidoc', 'pnpm-lock.yaml')],
      recursive: false,
      omitDevelopment: false,
      fileSystem: nodeFileSystem,
    });
  }
  const render = (graph: ComponentGraph, format: SbomFormat) =>
    Buffer.from(renderSbom(graph, { format, specVersion: '1.6', timestamp: new Date(0), toolVersion: '0' }));

  it('finds no difference between one graph written in each format', async () => {
    const graph = await lockfileGraph();
    const reference = await readSbomForDiff('bom.json', render(graph, 'cyclonedx-json'));
    assert.ok(reference.entries.length > 100);
    assert.ok(reference.entries.filter((entry) => entry.hashes.length > 0).length > 1000);
    for (const format of sbomFormats) {
      const other = await readSbomForDiff(`bom.${format}`, render(graph, format));
      assert.equal(other.format, format);
      assert.deepEqual(diffSboms(reference, other), { added: [], removed: [], changed: [] }, format);
    }
  });

  it('reports an upgrade between CycloneDX XML and SPDX 3', async () => {
    const graph = await lockfileGraph();
    const before = await readSbomForDiff('old.xml', render(graph, 'cyclonedx-xml'));
    const [first] = graph.components;
    assert.ok(first?.purl && first.version);
    const upgraded = {
      ...graph,
      components: graph.components.map((component) =>
        component === first
          ? {
              ...component,
              version: '999.0.0',
              purl: component.purl?.replace(`@${first.version}`, '@999.0.0'),
            }
          : component,
      ),
    };
    const after = await readSbomForDiff('new.spdx3.json', render(upgraded, 'spdx3-json'));
    const diff = diffSboms(before, after);
    assert.deepEqual(
      diff.changed.map((change) => [change.before.version, change.after.version, change.changes]),
      [[first.version, '999.0.0', ['version']]],
    );
    assert.deepEqual([diff.added, diff.removed], [[], []]);
  });

  it('reads a real CycloneDX XML SBOM', async () => {
    const xml = readFileSync(
      corpusPath('sbom', 'cyclonedx', 'real', 'cern-lhc-vdm-editor-e564943', 'bom.xml'),
    );
    const parsed = await readSbomForDiff('bom.xml', xml);
    assert.equal(parsed.format, 'cyclonedx-xml');
    assert.ok(parsed.entries.length > 10);
    assert.ok(parsed.entries.every((entry) => entry.key.startsWith('pkg:')));
  });
});

describe('readSbomForDiff refuses', () => {
  it('an inventory that is not a list of objects, naming where', async () => {
    await assert.rejects(() => inventory({ ...bom([]), components: { a: 1 } }, 'odd.json'), {
      code: 'INPUT_MALFORMED',
      file: 'odd.json',
      message: '/components is not an array',
    });
    await assert.rejects(
      () => inventory(bom([{ ...library('outer', '1.0.0'), components: [library('a', '1'), 'b'] }])),
      { code: 'INPUT_MALFORMED', message: '/components/0/components/1 is not an object' },
    );
    await assert.rejects(
      () => inventory({ spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', packages: 'none' }),
      { code: 'INPUT_MALFORMED', message: '/packages is not an array' },
    );
  });

  it('truncated XML: a diff of half an SBOM would report the rest as removed', async () => {
    const xml = readFileSync(
      corpusPath('sbom', 'cyclonedx', 'real', 'cern-lhc-vdm-editor-e564943', 'bom.xml'),
    );
    await assert.rejects(() => readSbomForDiff('cut.xml', xml.subarray(0, Math.floor(xml.length / 2))), {
      code: 'INPUT_MALFORMED',
      file: 'cut.xml',
      message: /not well-formed XML/,
    });
  });

  it('truncated JSON and components it cannot identify', async () => {
    const content = readFileSync(
      corpusPath('sbom', 'cyclonedx', 'real', 'juice-shop-npm-flat', 'bom.1.4.json'),
    );
    await assert.rejects(() => readSbomForDiff('cut.json', content.subarray(0, 5000)), {
      code: 'INPUT_MALFORMED',
      file: 'cut.json',
    });
    await assert.rejects(() => inventory(bom([{ type: 'library', version: '1' }]), 'nameless.json'), {
      code: 'INPUT_MALFORMED',
      message: 'component 1 has neither name nor purl, so it cannot be compared',
    });
  });
});
