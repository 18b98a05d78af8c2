import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SbomError } from '../../errors.js';
import { corpusLockfiles, corpusPath, hasCorpus } from '../../testing/corpus.js';
import { byRef, fileInput } from '../../testing/extraction.js';
import type { Extraction } from '../model/component.js';
import type { ExtractorInput } from './extractor.js';
import { npmPackageLockExtractor } from './npm-package-lock.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__');

/** An input whose readRelative reads beside `path`, as the CLI's does. */
function jsonInput(value: unknown, path = 'package-lock.json'): ExtractorInput {
  return {
    path,
    content: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    readRelative: async (relativePath) => {
      throw new Error(`no ${relativePath} in this test`);
    },
  };
}

async function extractFixture(name: string): Promise<Extraction> {
  return npmPackageLockExtractor.extract(fileInput(join(fixtures, name, 'package-lock.json')));
}

function edgesOf(extraction: Extraction, ref: string): string[] {
  return [
    ...new Set(extraction.dependencies.filter((edge) => edge.ref === ref).flatMap((edge) => edge.dependsOn)),
  ].sort();
}

async function assertSbomError(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof SbomError, `expected SbomError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.file, 'package-lock.json');
    return true;
  });
}

/**
 * Always with a message: a failing bare `assert.ok(expression)` makes Node re-parse the test's source to
 * describe the expression, which hangs on some tsx-transformed files.
 */
function assertIncludes(list: readonly string[], item: string): void {
  assert.ok(
    list.includes(item),
    `${item} not in [${list.slice(0, 20).join(', ')}${list.length > 20 ? ', …' : ''}]`,
  );
}

function assertSameMembers(actual: string[], expected: string[]): void {
  assert.deepEqual([...actual].sort(), [...expected].sort());
}

/** Hex digest as the test computes it, independent of hashesFromIntegrity. */
function digestHex(algorithm: 'sha512' | 'sha1', text: string): string {
  return createHash(algorithm).update(text).digest('hex');
}

describe('npmPackageLockExtractor.matches', () => {
  it('claims package-lock.json and npm-shrinkwrap.json only', () => {
    assert.equal(npmPackageLockExtractor.matches('package-lock.json'), true);
    assert.equal(npmPackageLockExtractor.matches('npm-shrinkwrap.json'), true);
    assert.equal(npmPackageLockExtractor.matches('package.json'), false);
    assert.equal(npmPackageLockExtractor.matches('yarn.lock'), false);
    assert.equal(npmPackageLockExtractor.matches('.package-lock.json'), false);
  });
});

describe('when the lockfile is not a usable npm lock', () => {
  it('rejects empty content as malformed', async () => {
    await assertSbomError(npmPackageLockExtractor.extract(jsonInput('')), 'SBOM_LOCKFILE_MALFORMED');
  });

  it('rejects truncated JSON as malformed', async () => {
    const whole = JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'x' } } });
    await assertSbomError(
      npmPackageLockExtractor.extract(jsonInput(whole.slice(0, whole.length - 5))),
      'SBOM_LOCKFILE_MALFORMED',
    );
  });

  it('rejects a JSON array as malformed', async () => {
    await assertSbomError(npmPackageLockExtractor.extract(jsonInput([])), 'SBOM_LOCKFILE_MALFORMED');
  });

  it('rejects a missing lockfileVersion as unsupported', async () => {
    await assertSbomError(
      npmPackageLockExtractor.extract(jsonInput({ name: 'x' })),
      'SBOM_LOCKFILE_UNSUPPORTED',
    );
  });

  it('rejects an unknown lockfileVersion as unsupported', async () => {
    await assertSbomError(
      npmPackageLockExtractor.extract(jsonInput({ lockfileVersion: 4, packages: {} })),
      'SBOM_LOCKFILE_UNSUPPORTED',
    );
    await assertSbomError(
      npmPackageLockExtractor.extract(jsonInput({ lockfileVersion: '3', packages: {} })),
      'SBOM_LOCKFILE_UNSUPPORTED',
    );
  });

  it('rejects a v3 lock without packages, and non-object entries, as malformed', async () => {
    await assertSbomError(
      npmPackageLockExtractor.extract(jsonInput({ lockfileVersion: 3 })),
      'SBOM_LOCKFILE_MALFORMED',
    );
    await assertSbomError(
      npmPackageLockExtractor.extract(
        jsonInput({ lockfileVersion: 3, packages: { 'node_modules/a': '1.0.0' } }),
      ),
      'SBOM_LOCKFILE_MALFORMED',
    );
    await assertSbomError(
      npmPackageLockExtractor.extract(
        jsonInput({ lockfileVersion: 1, dependencies: { a: { dependencies: [] } } }),
      ),
      'SBOM_LOCKFILE_MALFORMED',
    );
  });

  it('rejects a link without a target and an entry with no package name as malformed', async () => {
    await assertSbomError(
      npmPackageLockExtractor.extract(
        jsonInput({ lockfileVersion: 3, packages: { 'node_modules/a': { link: true } } }),
      ),
      'SBOM_LOCKFILE_MALFORMED',
    );
    await assertSbomError(
      npmPackageLockExtractor.extract(
        jsonInput({ lockfileVersion: 3, packages: { 'node_modules/': { version: '1.0.0' } } }),
      ),
      'SBOM_LOCKFILE_MALFORMED',
    );
  });
});

describe('when the project has no dependencies', () => {
  it('reads the project from the root entry and lists nothing (v3)', async () => {
    const extraction = await npmPackageLockExtractor.extract(
      jsonInput({
        name: 'empty',
        version: '0.0.0',
        lockfileVersion: 3,
        requires: true,
        packages: { '': { name: 'empty', version: '0.0.0', license: 'ISC' } },
      }),
    );
    assert.deepEqual(extraction, {
      project: {
        ecosystem: 'npm',
        name: 'empty',
        version: '0.0.0',
        purl: 'pkg:npm/empty@0.0.0',
        license: 'ISC',
      },
      components: [],
      dependencies: [],
      directDependencies: [],
      warnings: [],
    });
  });

  it('accepts a v1 lock with no dependencies object', async () => {
    const extraction = await npmPackageLockExtractor.extract(
      jsonInput({ name: 'empty', version: '1.0.0', lockfileVersion: 1, requires: true }),
    );
    assert.equal(extraction.project?.purl, 'pkg:npm/empty@1.0.0');
    assert.deepEqual(extraction.components, []);
  });
});

describe('when the lock holds one registry package', () => {
  it('emits it with purl, hash, distribution, licence and the root edge (v3)', async () => {
    const integrity = `sha512-${createHash('sha512').update('one').digest('base64')}`;
    const extraction = await npmPackageLockExtractor.extract(
      jsonInput({
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', version: '1.0.0', dependencies: { '@scope/one': '^1.0.0' } },
          'node_modules/@scope/one': {
            version: '1.2.3',
            resolved: 'https://registry.npmjs.org/@scope/one/-/one-1.2.3.tgz',
            integrity,
            license: 'MIT',
          },
        },
      }),
    );
    const hashes = [{ algorithm: 'SHA-512', content: digestHex('sha512', 'one') }];
    assert.deepEqual(extraction.components, [
      {
        ref: 'pkg:npm/%40scope/one@1.2.3',
        ecosystem: 'npm',
        name: '@scope/one',
        version: '1.2.3',
        purl: 'pkg:npm/%40scope/one@1.2.3',
        development: false,
        optional: false,
        hashes,
        distributions: [{ url: 'https://registry.npmjs.org/@scope/one/-/one-1.2.3.tgz', hashes }],
        properties: [],
        license: 'MIT',
      },
    ]);
    assert.deepEqual(extraction.directDependencies, ['pkg:npm/%40scope/one@1.2.3']);
    assert.deepEqual(extraction.dependencies, [{ ref: 'pkg:npm/%40scope/one@1.2.3', dependsOn: [] }]);
    assert.deepEqual(extraction.warnings, []);
  });
});

describe('lockfileVersion 3 edge cases (__fixtures__/npm-v3-edge-cases)', async () => {
  const extraction = await extractFixture('npm-v3-edge-cases');
  const gitRef =
    'pkg:npm/from-git@0.5.0?vcs_url=git%2Bssh%3A%2F%2Fgit%40github.com%2Fowner%2Ffrom-git.git%230123456789abcdef0123456789abcdef01234567';
  const localTarballRef = 'pkg:npm/local-tarball@1.0.0?download_url=file%3Avendor%2Flocal-tarball-1.0.0.tgz';
  const remoteTarballRef =
    'pkg:npm/remote-tarball@3.0.0?download_url=https%3A%2F%2Fexample.com%2Fremote-tarball.tgz';
  const outsideRef = 'pkg:npm/outside@0.0.1?download_url=file%3A..%2Foutside';

  it('reads the project from packages[""]', () => {
    assert.deepEqual(extraction.project, {
      ecosystem: 'npm',
      name: 'edge-app',
      version: '1.0.0',
      purl: 'pkg:npm/edge-app@1.0.0',
      license: 'MIT',
    });
  });

  it('emits one component per non-link entry, nested copies included', () => {
    assert.equal(extraction.components.length, 18);
    assert.equal(
      extraction.components.filter((component) => component.ref === 'pkg:npm/left-pad@1.3.0').length,
      2,
    );
  });

  it('names an alias by its real package', () => {
    const aliased = byRef(extraction, 'pkg:npm/real-name@2.1.0');
    assert.equal(aliased.name, 'real-name');
    assert.equal(aliased.license, 'ISC');
    assert.deepEqual(
      extraction.components.filter((component) => component.name === 'aliased'),
      [],
    );
  });

  it('qualifies git, file and remote-tarball sources so they never merge with registry releases', () => {
    const git = byRef(extraction, gitRef);
    assert.equal(git.version, '0.5.0');
    assert.deepEqual(git.distributions, [
      {
        url: 'git+ssh://git@github.com/owner/from-git.git#0123456789abcdef0123456789abcdef01234567',
        hashes: [],
      },
    ]);
    const local = byRef(extraction, localTarballRef);
    assert.deepEqual(local.distributions, [], 'a file: tarball is not downloadable by anyone else');
    assert.equal(local.hashes[0]?.content, digestHex('sha512', 'local-tarball@1.0.0'));
    assert.equal(
      byRef(extraction, remoteTarballRef).distributions[0]?.url,
      'https://example.com/remote-tarball.tgz',
    );
    assert.equal(byRef(extraction, outsideRef).name, 'outside');
  });

  it('emits workspaces as plain-PURL components the project depends on, with their own edges', () => {
    assert.equal(byRef(extraction, 'pkg:npm/ws-a@2.0.0').license, 'Apache-2.0');
    assert.equal(byRef(extraction, 'pkg:npm/ws-b').version, '');
    assertIncludes(extraction.directDependencies, 'pkg:npm/ws-a@2.0.0');
    assertIncludes(extraction.directDependencies, 'pkg:npm/ws-b');
    // ws-a's own node_modules/left-pad (1.2.0) shadows the root's 1.3.0; its devDependencies count.
    assert.deepEqual(edgesOf(extraction, 'pkg:npm/ws-a@2.0.0'), [
      'pkg:npm/dev-tool@1.0.0',
      'pkg:npm/left-pad@1.2.0',
      'pkg:npm/ws-b',
    ]);
  });

  it('resolves by walking up node_modules: nested copy first, then the root', () => {
    assert.deepEqual(edgesOf(extraction, 'pkg:npm/left-pad@1.3.0'), ['pkg:npm/nested-dep@2.0.0']);
    assert.deepEqual(edgesOf(extraction, 'pkg:npm/dev-tool@1.0.0'), [
      'pkg:npm/dev-opt@1.0.0',
      'pkg:npm/nested-dep@1.0.0',
    ]);
    assert.deepEqual(edgesOf(extraction, outsideRef), ['pkg:npm/left-pad@1.3.0']);
    assert.deepEqual(edgesOf(extraction, 'pkg:npm/bundler@1.0.0'), ['pkg:npm/bundled-child@1.0.0']);
  });

  it('lists the root dependencies of every kind, and not extraneous packages', () => {
    assertSameMembers(extraction.directDependencies, [
      'pkg:npm/bundler@1.0.0',
      'pkg:npm/dev-tool@1.0.0',
      'pkg:npm/left-pad@1.3.0',
      'pkg:npm/opt-native@1.0.0',
      'pkg:npm/real-name@2.1.0',
      'pkg:npm/ws-a@2.0.0',
      'pkg:npm/ws-b',
      gitRef,
      localTarballRef,
      outsideRef,
      remoteTarballRef,
    ]);
  });

  it('maps dev, optional and devOptional as npm --omit does', () => {
    const flags = (ref: string) => {
      const component = byRef(extraction, ref);
      return { development: component.development, optional: component.optional };
    };
    assert.deepEqual(flags('pkg:npm/dev-tool@1.0.0'), { development: true, optional: false });
    assert.deepEqual(flags('pkg:npm/opt-native@1.0.0'), { development: false, optional: true });
    assert.deepEqual(flags('pkg:npm/dev-opt@1.0.0'), { development: false, optional: true });
    assert.deepEqual(flags('pkg:npm/left-pad@1.3.0'), { development: false, optional: false });
    assert.deepEqual(byRef(extraction, 'pkg:npm/dev-tool@1.0.0').properties, [
      { name: 'cdx:npm:package:development', value: 'true' },
    ]);
  });

  it('marks bundled and extraneous packages', () => {
    assert.deepEqual(byRef(extraction, 'pkg:npm/bundled-child@1.0.0').properties, [
      { name: 'cdx:npm:package:bundled', value: 'true' },
    ]);
    assert.deepEqual(byRef(extraction, 'pkg:npm/stray@0.1.0').properties, [
      { name: 'cdx:npm:package:extraneous', value: 'true' },
    ]);
  });

  it('warns only about a missing required dependency; missing optional and peer ones are silent', () => {
    assert.deepEqual(extraction.warnings, [
      {
        file: join(fixtures, 'npm-v3-edge-cases', 'package-lock.json'),
        message: 'edge-app depends on missing-required@^1.0.0, which the lockfile does not list',
      },
    ]);
  });
});

describe('when a v2/v3 lock has no root entry', () => {
  it('treats top-level packages nothing requires as direct, and names the project from the top level', async () => {
    const extraction = await npmPackageLockExtractor.extract(
      jsonInput({
        name: 'rootless',
        version: '2.0.0',
        lockfileVersion: 3,
        packages: {
          'node_modules/a': { version: '1.0.0', dependencies: { b: '^1.0.0' } },
          'node_modules/b': { version: '1.0.0' },
          'node_modules/a/node_modules/c': { version: '1.0.0' },
        },
      }),
    );
    assert.equal(extraction.project?.purl, 'pkg:npm/rootless@2.0.0');
    assert.deepEqual(extraction.directDependencies, ['pkg:npm/a@1.0.0']);
  });
});

describe('lockfileVersion 2 (__fixtures__/npm-v2-packages-over-dependencies)', () => {
  it('reads packages and ignores the legacy dependencies tree', async () => {
    const extraction = await extractFixture('npm-v2-packages-over-dependencies');
    assert.deepEqual(
      extraction.components.map((component) => component.ref),
      ['pkg:npm/x@1.1.0'],
    );
    assert.deepEqual(extraction.directDependencies, ['pkg:npm/x@1.1.0']);
  });

  it('falls back to the dependencies tree when a v2 lock has no packages', async () => {
    const extraction = await npmPackageLockExtractor.extract(
      jsonInput({ lockfileVersion: 2, dependencies: { x: { version: '1.0.0' } } }),
    );
    assert.deepEqual(
      extraction.components.map((component) => component.ref),
      ['pkg:npm/x@1.0.0'],
    );
  });
});

describe('lockfileVersion 1 edge cases (__fixtures__/npm-v1-edge-cases)', async () => {
  const path = join(fixtures, 'npm-v1-edge-cases', 'package-lock.json');
  const extraction = await npmPackageLockExtractor.extract(fileInput(path));
  const gitRef =
    'pkg:npm/gitdep?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fowner%2Fgitdep.git%23abcdefabcdefabcdefabcdefabcdefabcdefabcd';
  const localRef = 'pkg:npm/localdep?download_url=file%3Alibs%2Flocaldep';

  it('reads the project from the top-level name and version', () => {
    assert.deepEqual(extraction.project, {
      ecosystem: 'npm',
      name: 'legacy-app',
      version: '0.3.0',
      purl: 'pkg:npm/legacy-app@0.3.0',
    });
  });

  it('resolves requires through the nearest ancestor', () => {
    assert.deepEqual(edgesOf(extraction, 'pkg:npm/a@1.0.0'), ['pkg:npm/b@1.0.0', 'pkg:npm/c@2.0.0']);
    assert.deepEqual(edgesOf(extraction, 'pkg:npm/b@1.0.0'), ['pkg:npm/c@1.0.0']);
    assert.deepEqual(edgesOf(extraction, gitRef), ['pkg:npm/c@1.0.0']);
    assert.deepEqual(edgesOf(extraction, 'pkg:npm/bundle-host@1.0.0'), ['pkg:npm/inner@1.0.0']);
  });

  it('reads aliases, git and file versions without inventing a version', () => {
    assert.equal(byRef(extraction, 'pkg:npm/%40scope/real@3.0.0').name, '@scope/real');
    assert.equal(byRef(extraction, gitRef).version, '');
    assert.deepEqual(byRef(extraction, gitRef).distributions, [
      { url: 'git+https://github.com/owner/gitdep.git#abcdefabcdefabcdefabcdefabcdefabcdefabcd', hashes: [] },
    ]);
    assert.equal(byRef(extraction, localRef).version, '');
  });

  it('converts sha1 integrity to hex and keeps the dev, optional and bundled flags', () => {
    const devdep = byRef(extraction, 'pkg:npm/devdep@4.0.0');
    assert.deepEqual(devdep.hashes, [{ algorithm: 'SHA-1', content: digestHex('sha1', 'devdep@4.0.0') }]);
    assert.equal(devdep.development, true);
    assert.equal(byRef(extraction, 'pkg:npm/optdep@5.0.0').optional, true);
    assert.deepEqual(byRef(extraction, 'pkg:npm/inner@1.0.0').properties, [
      { name: 'cdx:npm:package:bundled', value: 'true' },
    ]);
  });

  it('takes direct dependencies from the sibling package.json', () => {
    assertSameMembers(extraction.directDependencies, [
      'pkg:npm/%40scope/real@3.0.0',
      'pkg:npm/a@1.0.0',
      'pkg:npm/bundle-host@1.0.0',
      'pkg:npm/c@1.0.0',
      'pkg:npm/devdep@4.0.0',
      'pkg:npm/optdep@5.0.0',
      gitRef,
      localRef,
    ]);
  });

  it('without package.json, treats top-level packages nothing requires as direct', async () => {
    const withoutManifest = await npmPackageLockExtractor.extract({
      ...fileInput(path),
      readRelative: async () => {
        throw new Error('not found');
      },
    });
    // c is declared by package.json but also required by b, so the lock alone cannot tell.
    assertSameMembers(withoutManifest.directDependencies, [
      'pkg:npm/%40scope/real@3.0.0',
      'pkg:npm/a@1.0.0',
      'pkg:npm/bundle-host@1.0.0',
      'pkg:npm/devdep@4.0.0',
      'pkg:npm/optdep@5.0.0',
      gitRef,
      localRef,
    ]);
  });

  it('warns about a require the lock does not hold', () => {
    assert.deepEqual(
      extraction.warnings.map((warning) => warning.message),
      ['pkg:npm/devdep@4.0.0 depends on gone@^1.0.0, which the lockfile does not list'],
    );
  });
});

/**
 * The number of distinct packages in a real lock, counted without the extractor: v2/v3 non-link
 * `packages` entries, v1 `dependencies` entries at any depth, keyed by lowercase name (the PURL spec's
 * npm rule) and version as written.
 */
function countDistinctPackages(lock: Record<string, unknown>): number {
  const seen = new Set<string>();
  const packages = lock.packages as Record<string, Record<string, unknown>> | undefined;
  if (packages !== undefined) {
    const linkedNames = new Map<string, string>();
    for (const [key, entry] of Object.entries(packages)) {
      if (entry.link) linkedNames.set(String(entry.resolved), key.split('node_modules/').pop() as string);
    }
    for (const [key, entry] of Object.entries(packages)) {
      if (key === '' || entry.link) continue;
      const name =
        (entry.name as string | undefined) ?? linkedNames.get(key) ?? key.split('node_modules/').pop();
      seen.add(`${String(name).toLowerCase()}@${entry.version ?? ''}`);
    }
    return seen.size;
  }
  const walk = (dependencies: Record<string, Record<string, unknown>> | undefined) => {
    for (const [key, entry] of Object.entries(dependencies ?? {})) {
      const version = String(entry.version);
      seen.add(
        version.startsWith('npm:') ? version.slice(4).toLowerCase() : `${key.toLowerCase()}@${version}`,
      );
      walk(entry.dependencies as Record<string, Record<string, unknown>> | undefined);
    }
  };
  walk(lock.dependencies as Record<string, Record<string, unknown>> | undefined);
  return seen.size;
}

describe('the real corpus', { skip: hasCorpus() ? false : 'no corpus beside the repository' }, () => {
  for (const format of ['npm-v1', 'npm-v2', 'npm-v3']) {
    for (const lockfile of hasCorpus()
      ? corpusLockfiles(format, (name) => name === 'package-lock.json')
      : []) {
      const project = `${format}/${lockfile.split('/').at(-2)}`;
      it(`${project}: one ref per distinct package, every edge to a listed component, no warnings`, async () => {
        const content = readFileSync(lockfile);
        const extraction = await npmPackageLockExtractor.extract(fileInput(lockfile));
        const refs = new Set(extraction.components.map((component) => component.ref));
        assert.equal(refs.size, countDistinctPackages(JSON.parse(content.toString('utf8'))));
        for (const edge of extraction.dependencies) {
          assert.ok(refs.has(edge.ref), edge.ref);
          for (const target of edge.dependsOn) assert.ok(refs.has(target), `${edge.ref} → ${target}`);
        }
        for (const ref of extraction.directDependencies) assert.ok(refs.has(ref), ref);
        assert.notEqual(extraction.directDependencies.length, 0);
        assert.deepEqual(extraction.warnings, []);
      });
    }
  }

  it('npm-v1/atom: git and file: packages, and requires resolved to nested copies', async () => {
    const extraction = await npmPackageLockExtractor.extract(
      fileInput(corpusPath('lockfiles', 'npm-v1', 'atom', 'package-lock.json')),
    );
    assert.equal(extraction.project?.purl, 'pkg:npm/atom@1.63.0-dev');
    const archiveView = byRef(
      extraction,
      'pkg:npm/archive-view?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fatom%2Farchive-view.git%23762c5b6b266704011a5672c87cf01c27920d9bd8',
    );
    assert.equal(archiveView.version, '');
    const about = 'pkg:npm/about?download_url=file%3Apackages%2Fabout';
    // about requires etch 0.9.0 and semver ^5.5.0: its own nested copies, not the top-level 0.14.1 / 7.3.2.
    assert.deepEqual(edgesOf(extraction, about), ['pkg:npm/etch@0.9.0', 'pkg:npm/semver@5.7.1']);
    assertIncludes(extraction.directDependencies, about);
  });

  it('npm-v1/atom-github: sha1 integrity as hex, dev flag', async () => {
    const extraction = await npmPackageLockExtractor.extract(
      fileInput(corpusPath('lockfiles', 'npm-v1', 'atom-github', 'package-lock.json')),
    );
    assert.deepEqual(byRef(extraction, 'pkg:npm/ansi-regex@2.1.1').hashes, [
      { algorithm: 'SHA-1', content: 'c3b33ab5ee360d86e0e628f0468ae7ef27d654df' },
    ]);
    const runner = extraction.components.filter(
      (component) => component.ref === 'pkg:npm/%40atom/mocha-test-runner@1.6.0',
    );
    assert.ok(runner.length > 0 && runner.every((component) => component.development), 'dev-only everywhere');
  });

  it('npm-v1/atom-script: bundled packages (npm bundles JSONStream)', async () => {
    const extraction = await npmPackageLockExtractor.extract(
      fileInput(corpusPath('lockfiles', 'npm-v1', 'atom-script', 'package-lock.json')),
    );
    const jsonStream = byRef(extraction, 'pkg:npm/jsonstream@1.3.5');
    assert.equal(jsonStream.name, 'JSONStream');
    assertIncludes(
      jsonStream.properties.map((property) => property.name),
      'cdx:npm:package:bundled',
    );
    assert.deepEqual(jsonStream.hashes, [], 'npm 6 writes no integrity for bundled packages');
  });

  it('npm-v2/typescript-node-starter: sha512 hex, edge, dev flag, root licence', async () => {
    const extraction = await npmPackageLockExtractor.extract(
      fileInput(corpusPath('lockfiles', 'npm-v2', 'typescript-node-starter', 'package-lock.json')),
    );
    assert.equal(extraction.project?.license, 'MIT');
    const express = byRef(extraction, 'pkg:npm/express@4.17.1');
    assert.deepEqual(express.hashes, [
      {
        algorithm: 'SHA-512',
        content:
          '98727d3bbf51aa5ba9851adcc365ff19387793db55bfc61ca326382a487858331460a45952ad21d68d30dabaebc41a8ced5a1e515aa06f6ef19443174e762de2',
      },
    ]);
    assert.equal(express.distributions[0]?.url, 'https://registry.npmjs.org/express/-/express-4.17.1.tgz');
    assert.equal(express.development, false);
    assertIncludes(edgesOf(extraction, 'pkg:npm/express@4.17.1'), 'pkg:npm/body-parser@1.19.0');
    assertIncludes(extraction.directDependencies, 'pkg:npm/express@4.17.1');
    assert.equal(byRef(extraction, 'pkg:npm/jest@27.0.6').development, true);
  });

  it('npm-v2/create-react-app: workspaces named by their link, aliases, optional', async () => {
    const extraction = await npmPackageLockExtractor.extract(
      fileInput(corpusPath('lockfiles', 'npm-v2', 'create-react-app', 'package-lock.json')),
    );
    const reactScripts = byRef(extraction, 'pkg:npm/react-scripts@5.0.1');
    assert.equal(reactScripts.license, 'MIT');
    assertIncludes(extraction.directDependencies, 'pkg:npm/react-scripts@5.0.1');
    assertIncludes(
      edgesOf(extraction, 'pkg:npm/react-scripts@5.0.1'),
      'pkg:npm/babel-preset-react-app@10.0.1',
    );
    assert.equal(
      byRef(extraction, 'pkg:npm/%40docusaurus/react-loadable@5.5.2').name,
      '@docusaurus/react-loadable',
    );
    assert.equal(byRef(extraction, 'pkg:npm/fsevents@2.3.2').optional, true);
  });

  it('npm-v3/lerna: devOptional is optional, not development; aliases by real name', async () => {
    const extraction = await npmPackageLockExtractor.extract(
      fileInput(corpusPath('lockfiles', 'npm-v3', 'lerna', 'package-lock.json')),
    );
    const swc = byRef(extraction, 'pkg:npm/%40swc/core@1.15.8');
    assert.deepEqual([swc.development, swc.optional, swc.license], [false, true, 'Apache-2.0']);
    assertIncludes(extraction.directDependencies, 'pkg:npm/lerna@10.0.1');
    assertIncludes(extraction.directDependencies, 'pkg:npm/website');
    byRef(extraction, 'pkg:npm/string-width@4.2.3');
    assert.deepEqual(
      extraction.components.filter((component) => component.name === 'string-width-cjs'),
      [],
    );
  });

  it('npm-v3/npm-cli: workspaces, bundled registry packages, root licence', async () => {
    const extraction = await npmPackageLockExtractor.extract(
      fileInput(corpusPath('lockfiles', 'npm-v3', 'npm-cli', 'package-lock.json')),
    );
    assert.deepEqual(extraction.project, {
      ecosystem: 'npm',
      name: 'npm',
      version: '10.9.0',
      purl: 'pkg:npm/npm@10.9.0',
      license: 'Artistic-2.0',
    });
    assertIncludes(extraction.directDependencies, 'pkg:npm/%40npmcli/arborist@8.0.0');
    const abbrev = byRef(extraction, 'pkg:npm/abbrev@3.0.0');
    assert.equal(abbrev.hashes[0]?.content.slice(0, 16), 'fbf91faec94643b4');
    assertIncludes(
      abbrev.properties.map((property) => property.name),
      'cdx:npm:package:bundled',
    );
  });
});
