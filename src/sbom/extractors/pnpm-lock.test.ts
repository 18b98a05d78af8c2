import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SbomError } from '../../errors.js';
import { corpusLockfiles, corpusPath, hasCorpus } from '../../testing/corpus.js';
import { byRef, fileInput } from '../../testing/extraction.js';
import type { Component, Extraction } from '../model/component.js';
import type { ExtractorInput } from './extractor.js';
import { pnpmLockExtractor } from './pnpm-lock.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__');

/** An input whose readRelative reads beside `path`, as the CLI's does. */
function textInput(text: string): ExtractorInput {
  return {
    path: 'pnpm-lock.yaml',
    content: Buffer.from(text),
    readRelative: async (relativePath) => {
      throw new Error(`no ${relativePath} in this test`);
    },
  };
}

function edgesOf(extraction: Extraction, ref: string): string[] {
  return extraction.dependencies.filter((edge) => edge.ref === ref).flatMap((edge) => edge.dependsOn);
}

/** The hex SHA-512 the hand-made fixtures' integrity strings were made from. */
function fixtureDigest(text: string): string {
  return createHash('sha512').update(text).digest('hex');
}

async function assertSbomError(input: ExtractorInput, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(pnpmLockExtractor.extract(input), (error: unknown) => {
    assert.ok(error instanceof SbomError, `expected SbomError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.file, 'pnpm-lock.yaml');
    if (message) assert.match(error.message, message);
    return true;
  });
}

const isWorkspace = (component: Component) =>
  component.properties.some((property) => property.name === 'cdx:npm:package:path');

describe('pnpmLockExtractor.matches', () => {
  it('claims pnpm-lock.yaml only', () => {
    assert.equal(pnpmLockExtractor.matches('pnpm-lock.yaml'), true);
    assert.equal(pnpmLockExtractor.matches('pnpm-workspace.yaml'), false);
    assert.equal(pnpmLockExtractor.matches('yarn.lock'), false);
  });
});

describe('when the lockfile is not a usable pnpm lock', () => {
  it('rejects an empty file as malformed', async () => {
    await assertSbomError(textInput(''), 'SBOM_LOCKFILE_MALFORMED', /no lockfileVersion/);
  });

  it('rejects a lock missing its lockfileVersion as malformed', async () => {
    await assertSbomError(
      textInput('importers:\n  .: {}\n'),
      'SBOM_LOCKFILE_MALFORMED',
      /no lockfileVersion/,
    );
  });

  it('rejects invalid YAML as malformed, naming the line', async () => {
    const text =
      "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {integrity: x}\n  a@1.0.0: {}\n";
    await assertSbomError(textInput(text), 'SBOM_LOCKFILE_MALFORMED', /line 5/);
  });

  it('rejects a link dependency with no valid name as malformed, not a crash', async () => {
    await assertSbomError(
      textInput(
        "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      '':\n        specifier: link:../x\n        version: link:../x\n",
      ),
      'SBOM_LOCKFILE_MALFORMED',
      /link to \.\.\/x names no valid package/,
    );
  });

  it('rejects a runtime package with no valid name as malformed, not a crash', async () => {
    await assertSbomError(
      textInput(
        "lockfileVersion: '9.0'\nimporters:\n  .: {}\npackages:\n  '':\n    resolution: {type: binary, url: 'https://example.com/node.tgz'}\n",
      ),
      'SBOM_LOCKFILE_MALFORMED',
      /packages\[""\] names no valid package/,
    );
  });

  it('rejects a packages section that is not a mapping as malformed', async () => {
    await assertSbomError(textInput("lockfileVersion: '6.0'\npackages:\n  - a\n"), 'SBOM_LOCKFILE_MALFORMED');
  });

  for (const version of ["'4.0'", '3', "'7.0'", "'10.0'", 'banana']) {
    it(`rejects lockfileVersion ${version} as unsupported`, async () => {
      await assertSbomError(
        textInput(`lockfileVersion: ${version}\n`),
        'SBOM_LOCKFILE_UNSUPPORTED',
        /5\.x, 6\.x, 9\.x/,
      );
    });
  }
});

describe('a project with no dependencies', () => {
  it('has no components, edges to nothing and no warnings', async () => {
    const extraction = await pnpmLockExtractor.extract(
      textInput("lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n\nimporters:\n\n  .: {}\n"),
    );
    assert.deepEqual(extraction.components, []);
    assert.deepEqual(extraction.directDependencies, []);
    assert.deepEqual(extraction.warnings, []);
  });
});

describe('6.x with one package (pnpm-v6-one-package)', () => {
  it('reads the top-level dependencies of a single-project lock', async () => {
    const extraction = await pnpmLockExtractor.extract(
      fileInput(join(fixtures, 'pnpm-v6-one-package', 'pnpm-lock.yaml')),
    );
    assert.equal(extraction.components.length, 1);
    const leftPad = byRef(extraction, 'pkg:npm/left-pad@1.3.0');
    assert.deepEqual(leftPad.hashes, [{ algorithm: 'SHA-512', content: fixtureDigest('left-pad@1.3.0') }]);
    assert.equal(leftPad.development, false);
    assert.equal(leftPad.license, undefined);
    assert.deepEqual(extraction.directDependencies, ['pkg:npm/left-pad@1.3.0']);
    assert.deepEqual(extraction.warnings, []);
  });
});

describe('5.x single project without importers (pnpm-v5-single-project)', async () => {
  const extraction = await pnpmLockExtractor.extract(
    fileInput(join(fixtures, 'pnpm-v5-single-project', 'pnpm-lock.yaml')),
  );
  const isEven =
    'pkg:npm/is-even@1.0.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fexample%2Fis-even.git%230123456789abcdef0123456789abcdef01234567';

  it('strips the peer suffix from /debug/4.3.4_supports-color@8.1.1 and keeps its edges', () => {
    assert.deepEqual(edgesOf(extraction, 'pkg:npm/debug@4.3.4').sort(), [
      'pkg:npm/ms@2.1.2',
      'pkg:npm/supports-color@8.1.1',
    ]);
  });

  it('qualifies a git package with its repository and commit, and keeps its dev flag', () => {
    const component = byRef(extraction, isEven);
    assert.equal(component.name, 'is-even');
    assert.equal(component.development, true);
  });

  it('makes a link outside the workspace a local component, and lists every kind of direct dependency', () => {
    assert.equal(byRef(extraction, 'pkg:npm/local-tool?download_url=link%3A..%2Flocal-tool').version, '');
    assert.deepEqual(extraction.directDependencies, [
      'pkg:npm/debug@4.3.4',
      isEven,
      'pkg:npm/local-tool?download_url=link%3A..%2Flocal-tool',
      'pkg:npm/ms@2.1.2',
    ]);
    assert.deepEqual(extraction.warnings, []);
  });
});

describe('9.x workspace (pnpm-v9-workspace)', async () => {
  const extraction = await pnpmLockExtractor.extract(
    fileInput(join(fixtures, 'pnpm-v9-workspace', 'pnpm-lock.yaml')),
  );
  const lib = 'pkg:npm/%40example/lib@2.0.0';

  it('collapses peer variants of react-dom@18.2.0 into one component with the union of their edges', () => {
    assert.equal(extraction.components.filter((component) => component.name === 'react-dom').length, 1);
    assert.deepEqual(edgesOf(extraction, 'pkg:npm/react-dom@18.2.0').sort(), [
      'pkg:npm/loose-envify@1.4.0',
      'pkg:npm/react@18.2.0',
      'pkg:npm/react@18.3.1',
      'pkg:npm/scheduler@0.23.2',
    ]);
  });

  it('names the workspace package from its package.json and gives it its own edges', () => {
    const component = byRef(extraction, lib);
    assert.deepEqual(component.properties, [{ name: 'cdx:npm:package:path', value: 'packages/lib' }]);
    assert.deepEqual(edgesOf(extraction, lib).sort(), ['pkg:npm/react-dom@18.2.0', 'pkg:npm/react@18.3.1']);
  });

  it('resolves an npm: alias to the real package', () => {
    assert.ok(extraction.directDependencies.includes('pkg:npm/string-width@4.2.3'));
    assert.equal(
      extraction.components.some((component) => component.name === 'string-width-cjs'),
      false,
    );
  });

  it('computes development by reachability: only devDependencies lead to is-even and is-odd', () => {
    const development = extraction.components
      .filter((component) => component.development)
      .map((component) => component.name)
      .sort();
    assert.deepEqual(development, ['is-even', 'is-odd', 'left-pad']);
    assert.deepEqual(byRef(extraction, 'pkg:npm/is-odd@1.0.0').properties, [
      { name: 'cdx:npm:package:development', value: 'true' },
    ]);
  });

  it('marks the optional fsevents optional but not development', () => {
    const fsevents = byRef(extraction, 'pkg:npm/fsevents@2.3.3');
    assert.equal(fsevents.optional, true);
    assert.equal(fsevents.development, false);
    assert.equal(byRef(extraction, 'pkg:npm/loose-envify@1.4.0').optional, false);
  });

  it('qualifies a tarball URL package and keeps the URL and integrity as its distribution', () => {
    const leftPad = byRef(
      extraction,
      'pkg:npm/left-pad@1.3.0?download_url=https%3A%2F%2Fexample.com%2Fleft-pad-1.3.0.tgz',
    );
    const hash = { algorithm: 'SHA-512', content: fixtureDigest('left-pad@1.3.0') };
    assert.deepEqual(leftPad.distributions, [
      { url: 'https://example.com/left-pad-1.3.0.tgz', hashes: [hash] },
    ]);
  });

  it('takes the project from package.json and depends on every workspace package', () => {
    assert.equal(extraction.project?.purl, 'pkg:npm/example-app@1.0.0');
    assert.equal(extraction.project?.license, 'MIT');
    assert.equal(extraction.directDependencies.length, 6);
    assert.ok(extraction.directDependencies.includes(lib));
    assert.deepEqual(extraction.warnings, []);
  });
});

describe('when a 9.x lock keeps a peer variant no importer reaches', () => {
  it('lets only the reached variants decide whether the package is development-only', async () => {
    const extraction = await pnpmLockExtractor.extract(
      textInput(
        "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    devDependencies:\n      a:\n        specifier: 1.0.0\n        version: 1.0.0(p@1.0.0)\n\npackages:\n\n  a@1.0.0:\n    resolution: {integrity: sha512-AAAA}\n\n  p@1.0.0:\n    resolution: {integrity: sha512-AAAA}\n\n  p@2.0.0:\n    resolution: {integrity: sha512-AAAA}\n\nsnapshots:\n\n  a@1.0.0(p@1.0.0):\n    dependencies:\n      p: 1.0.0\n\n  a@1.0.0(p@2.0.0):\n    dependencies:\n      p: 2.0.0\n\n  p@1.0.0: {}\n\n  p@2.0.0: {}\n",
      ),
    );
    assert.equal(byRef(extraction, 'pkg:npm/a@1.0.0').development, true);
    assert.equal(byRef(extraction, 'pkg:npm/p@1.0.0').development, true);
    // p@2.0.0 is reached by nothing: not proven development-only, so kept as shipped.
    assert.equal(byRef(extraction, 'pkg:npm/p@2.0.0').development, false);
    assert.deepEqual(edgesOf(extraction, 'pkg:npm/a@1.0.0').sort(), ['pkg:npm/p@1.0.0', 'pkg:npm/p@2.0.0']);
  });
});

describe('when an edge points at nothing the lock lists', () => {
  const lock = (kind: string) =>
    `lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      a:\n        specifier: 1.0.0\n        version: 1.0.0\n\npackages:\n\n  a@1.0.0:\n    resolution: {integrity: sha512-AAAA}\n\nsnapshots:\n\n  a@1.0.0:\n    ${kind}:\n      gone: 2.0.0\n`;

  it('warns about a missing required dependency and still lists the package', async () => {
    const extraction = await pnpmLockExtractor.extract(textInput(lock('dependencies')));
    assert.equal(extraction.components.length, 1);
    assert.deepEqual(
      extraction.warnings.map((warning) => warning.message),
      ['a@1.0.0 depends on gone@2.0.0, which the lockfile does not list'],
    );
  });

  it('says nothing about a missing optional dependency (skipped on this platform)', async () => {
    const extraction = await pnpmLockExtractor.extract(textInput(lock('optionalDependencies')));
    assert.deepEqual(extraction.warnings, []);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The real corpus (../shared/corpus/lockfiles, SOURCE.md)

/** `packages:` keys of the last document, read with a regular expression rather than a YAML parser. */
function packageKeys(text: string): string[] {
  const section = text.slice(text.lastIndexOf('\npackages:\n'));
  const end = section.slice(1).search(/\n[a-zA-Z]/);
  const body = end < 0 ? section : section.slice(0, end + 1);
  return [...body.matchAll(/^ {2}'?([^ '][^']*?)'?:(?: \{\})?$/gm)].map((match) => match[1] ?? '');
}

/** Registry name@version pairs, per format's key syntax: an independent count of unique packages. */
function registryPackages(text: string, generation: 5 | 6 | 9): Set<string> {
  const found = new Set<string>();
  for (const key of packageKeys(text)) {
    if (generation === 9) {
      const at = key.indexOf('@', 1);
      if (!/[:/]/.test(key.slice(at + 1))) found.add(key);
    } else if (key.startsWith('/')) {
      const bare = key.slice(1);
      if (generation === 6) found.add(bare.replace(/\(.*$/, ''));
      else {
        const parts = bare.split('/');
        const nameLength = bare.startsWith('@') ? 2 : 1;
        const version = parts.slice(nameLength).join('/').replace(/_.*$/, '');
        found.add(`${parts.slice(0, nameLength).join('/')}@${version}`);
      }
    }
  }
  return found;
}

describe('the real corpus', { skip: hasCorpus() ? false : 'no corpus beside the repository' }, () => {
  for (const [format, generation] of [
    ['pnpm-v5', 5],
    ['pnpm-v6', 6],
    ['pnpm-v9', 9],
  ] as const) {
    for (const lockfile of hasCorpus() ? corpusLockfiles(format, (name) => name === 'pnpm-lock.yaml') : []) {
      const project = `${format}/${lockfile.split('/').at(-2)}`;
      it(`${project}: one component per registry name@version, every edge to a listed component`, async () => {
        const extraction = await pnpmLockExtractor.extract(fileInput(lockfile));
        const registry = extraction.components.filter(
          (component) =>
            component.purl.startsWith('pkg:npm/') && !component.purl.includes('?') && !isWorkspace(component),
        );
        const expected = registryPackages(readFileSync(lockfile, 'utf8'), generation);
        assert.equal(registry.length, expected.size);
        assert.deepEqual(
          new Set(registry.map((component) => `${component.name}@${component.version}`)),
          expected,
        );
        assert.equal(
          new Set(extraction.components.map((component) => component.ref)).size,
          extraction.components.length,
        );

        const known = new Set(extraction.components.map((component) => component.ref));
        if (extraction.project?.purl) known.add(extraction.project.purl);
        for (const edge of extraction.dependencies) {
          for (const target of edge.dependsOn)
            assert.ok(known.has(target), `${edge.ref} → unknown ${target}`);
        }
        for (const ref of extraction.directDependencies) assert.ok(known.has(ref), `direct → unknown ${ref}`);
        // Only the workspace folders' package.json files are missing from the corpus.
        for (const warning of extraction.warnings)
          assert.match(warning.message, /workspace package name not known/);
      });

      if (generation !== 9) {
        it(`${project}: recomputing development by reachability reproduces pnpm's own dev flags`, async () => {
          const content = readFileSync(lockfile);
          const stored = await pnpmLockExtractor.extract(fileInput(lockfile, content));
          const stripped = Buffer.from(content.toString('utf8').replace(/^ {4}dev: (?:true|false)\n/gm, ''));
          const recomputed = await pnpmLockExtractor.extract(fileInput(lockfile, stripped));
          const flags = (extraction: Extraction) =>
            new Map(extraction.components.map((component) => [component.ref, component.development]));
          assert.ok(stored.components.some((component) => component.development));
          assert.deepEqual(flags(recomputed), flags(stored));
        });
      }
    }
  }

  it('5.x pnpm-2022: a registry package with its integrity, dev flag and edges', async () => {
    const extraction = await pnpmLockExtractor.extract(
      fileInput(corpusPath('lockfiles', 'pnpm-v5', 'pnpm-2022', 'pnpm-lock.yaml')),
    );
    const core = byRef(extraction, 'pkg:npm/%40babel/core@7.18.6');
    assert.deepEqual(core.hashes, [
      {
        algorithm: 'SHA-512',
        content:
          '7106d6069c5c6dbb3f214ade7483e41e200650b2d5f22c20351305cef6e1117212a787f7ad4517139f93230e8ac145944770f0c88ea0981467980b586967a1c1',
      },
    ]);
    assert.equal(core.development, true);
    assert.ok(edgesOf(extraction, core.ref).includes('pkg:npm/gensync@1.0.0-beta.2'));
    // `execa: /safe-execa/0.1.1`: an alias, by key.
    assert.ok(extraction.dependencies.some((edge) => edge.dependsOn.includes('pkg:npm/safe-execa@0.1.1')));
    // github.com/vercel/pkg/<commit>_<patch hash>: a codeload tarball, not the registry's pkg@5.7.0.
    const pkg = byRef(
      extraction,
      'pkg:npm/pkg@5.7.0?download_url=https%3A%2F%2Fcodeload.github.com%2Fvercel%2Fpkg%2Ftar.gz%2F7e4fef9f0828b11c7a9655b95425f32094f2daa2',
    );
    assert.equal(
      pkg.distributions[0]?.url,
      'https://codeload.github.com/vercel/pkg/tar.gz/7e4fef9f0828b11c7a9655b95425f32094f2daa2',
    );
  });

  it('6.x pnpm-2024: two peer variants of ts-node@10.9.2 are one component with both @types/node edges', async () => {
    const extraction = await pnpmLockExtractor.extract(
      fileInput(corpusPath('lockfiles', 'pnpm-v6', 'pnpm-2024', 'pnpm-lock.yaml')),
    );
    const tsNode = byRef(extraction, 'pkg:npm/ts-node@10.9.2');
    assert.equal(tsNode.hashes[0]?.content.slice(0, 16), '7f4145a4875c1e09');
    assert.equal(tsNode.development, true);
    const edges = edgesOf(extraction, tsNode.ref);
    assert.ok(edges.includes('pkg:npm/%40types/node@18.14.6'));
    assert.ok(edges.includes('pkg:npm/%40types/node@20.5.1'));
    assert.ok(extraction.dependencies.some((edge) => edge.dependsOn.includes('pkg:npm/safe-execa@0.1.2')));
  });

  it('6.x vue2: the `file:` package of the lockfile folder is the project, not a second component', async () => {
    const extraction = await pnpmLockExtractor.extract(
      fileInput(corpusPath('lockfiles', 'pnpm-v6', 'vue2', 'pnpm-lock.yaml')),
    );
    assert.equal(extraction.project?.purl, 'pkg:npm/vue@2.7.16');
    assert.equal(
      extraction.components.some(
        (component) => component.name === 'vue' && component.purl.includes('download_url'),
      ),
      false,
    );
    assert.ok(edgesOf(extraction, 'pkg:npm/vue@2.7.16').includes('pkg:npm/csstype@3.1.2'));
  });

  it('9.x vite: reachability from importers, workspace links from snapshots, file: folders as workspaces', async () => {
    const extraction = await pnpmLockExtractor.extract(
      fileInput(corpusPath('lockfiles', 'pnpm-v9', 'vite', 'pnpm-lock.yaml')),
    );
    const codeFrame = byRef(extraction, 'pkg:npm/%40babel/code-frame@7.29.7');
    assert.equal(
      codeFrame.hashes[0]?.content,
      '02ea7b69439fa5b01483644e38937a230e5ff43301973bb4988926fe66a52d014dfd84203b8f300a3d0ac5adec10726f3d5160eec891faa4489f05dddaa8502b',
    );
    assert.deepEqual(edgesOf(extraction, codeFrame.ref).sort(), [
      'pkg:npm/%40babel/helper-validator-identifier@7.29.7',
      'pkg:npm/js-tokens@4.0.0',
      'pkg:npm/picocolors@1.1.1',
    ]);
    // packages/vite depends on picomatch@4.0.5; vitest is only a devDependency anywhere.
    assert.equal(byRef(extraction, 'pkg:npm/picomatch@4.0.5').development, false);
    assert.equal(byRef(extraction, 'pkg:npm/vitest@4.1.10').development, true);
    assert.equal(byRef(extraction, 'pkg:npm/fsevents@2.3.3').optional, true);
    // `vite: link:packages/vite` inside the vitest snapshot.
    const vite = extraction.components.find(
      (component) => isWorkspace(component) && component.properties[0]?.value === 'packages/vite',
    );
    assert.ok(vite);
    assert.ok(edgesOf(extraction, 'pkg:npm/vitest@4.1.10').includes(vite.ref));
    assert.ok(edgesOf(extraction, vite.ref).includes('pkg:npm/picomatch@4.0.5'));
    // '@vitejs/require@file:playground/json/dep-json-require' is the workspace folder, named by that key.
    assert.ok(extraction.components.some((component) => component.purl === 'pkg:npm/%40vitejs/require'));
  });

  it('9.x pnpm-multidoc: reads the project document, not the packageManagerDependencies one', async () => {
    const extraction = await pnpmLockExtractor.extract(
      fileInput(corpusPath('lockfiles', 'pnpm-v9', 'pnpm-multidoc', 'pnpm-lock.yaml')),
    );
    const refs = new Set(extraction.components.map((component) => component.ref));
    assert.ok(refs.has('pkg:npm/pnpm@11.22.0'));
    assert.equal(refs.has('pkg:npm/pnpm@12.0.0-rc.8'), false);
    // `node@runtime:26.7.0`: the Node.js binary, one archive per platform, not the npm package "node".
    const node = byRef(extraction, 'pkg:generic/node@26.7.0');
    assert.ok(node.distributions.length >= 6);
    assert.ok(
      node.distributions.some(
        (distribution) =>
          distribution.url ===
            'https://nodejs.org/download/release/v26.7.0/node-v26.7.0-darwin-arm64.tar.gz' &&
          distribution.hashes[0]?.algorithm === 'SHA-256',
      ),
    );
    assert.ok(extraction.directDependencies.includes(node.ref));
  });
});
