import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SbomError } from '../../errors.js';
import { corpusPath, hasCorpus } from '../../testing/corpus.js';
import { byRef, fileInput } from '../../testing/extraction.js';
import type { Extraction } from '../model/component.js';
import type { ExtractorInput } from './extractor.js';
import { uvLockExtractor } from './uv-lock.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__');

function textInput(text: string): ExtractorInput {
  return {
    path: 'uv.lock',
    content: Buffer.from(text),
    readRelative: async (relativePath) => {
      throw new Error(`no ${relativePath} in this test`);
    },
  };
}

function edgesOf(extraction: Extraction, ref: string): string[] {
  return extraction.dependencies
    .filter((edge) => edge.ref === ref)
    .flatMap((edge) => edge.dependsOn)
    .sort();
}

async function assertSbomError(input: ExtractorInput, code: string, message: RegExp): Promise<void> {
  await assert.rejects(uvLockExtractor.extract(input), (error: unknown) => {
    assert.ok(error instanceof SbomError, `expected SbomError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.file, 'uv.lock');
    assert.match(error.message, message);
    return true;
  });
}

/** An independent count: `[[package]]` headers minus the project's own (editable or virtual `.`). */
function countLockedPackages(text: string): number {
  const packages = text.match(/^\[\[package\]\]$/gm)?.length ?? 0;
  const roots = text.match(/^source = \{ (?:editable|virtual) = "\." \}$/gm)?.length ?? 0;
  return packages - roots;
}

const onePackageLock = `version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "demo"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "idna" }]

[[package]]
name = "idna"
version = "3.10"
source = { registry = "https://pypi.org/simple" }
`;

describe('uvLockExtractor.matches', () => {
  it('claims uv.lock only', () => {
    assert.equal(uvLockExtractor.matches('uv.lock'), true);
    assert.equal(uvLockExtractor.matches('poetry.lock'), false);
    assert.equal(uvLockExtractor.matches('uv.toml'), false);
  });
});

describe('when the lockfile is not a usable uv.lock', () => {
  it('rejects a zero-byte file as malformed', async () => {
    await assertSbomError(textInput(''), 'SBOM_LOCKFILE_MALFORMED', /empty file/);
  });

  it('rejects invalid TOML as malformed, naming the line', async () => {
    await assertSbomError(
      textInput('version = 1\n\n[[package]]\nname = "a"\nname = "b"\n'),
      'SBOM_LOCKFILE_MALFORMED',
      /line 5/,
    );
  });

  it('rejects a lock missing its version as malformed', async () => {
    await assertSbomError(
      textInput('requires-python = ">=3.12"\n'),
      'SBOM_LOCKFILE_MALFORMED',
      /no `version`/,
    );
  });

  it('rejects a package missing its source as malformed', async () => {
    await assertSbomError(
      textInput('version = 1\n[[package]]\nname = "a"\nversion = "1.0"\n'),
      'SBOM_LOCKFILE_MALFORMED',
      /package a has no `source`/,
    );
  });

  for (const version of ['2', '0']) {
    it(`rejects version ${version} as unsupported`, async () => {
      await assertSbomError(textInput(`version = ${version}\n`), 'SBOM_LOCKFILE_UNSUPPORTED', /supported: 1/);
    });
  }

  it('rejects a revision that is not a non-negative integer', async () => {
    await assertSbomError(textInput('version = 1\nrevision = "3"\n'), 'SBOM_LOCKFILE_MALFORMED', /revision/);
  });

  it('rejects a root package whose name no PURL can carry as malformed, not an internal error', async () => {
    await assertSbomError(
      textInput('version = 1\n[[package]]\nname = " "\nversion = "1.0"\nsource = { editable = "." }\n'),
      'SBOM_LOCKFILE_MALFORMED',
      /package " " has no valid PURL/,
    );
  });

  it('rejects the string sources of uv 0.2 previews as unsupported', async () => {
    const text =
      'version = 1\n[[distribution]]\nname = "a"\nversion = "1"\nsource = "registry+https://pypi.org/simple"\n';
    await assertSbomError(textInput(text), 'SBOM_LOCKFILE_UNSUPPORTED', /preview uv/);
  });
});

describe('a lock with no packages', () => {
  it('has no project, components, edges or warnings', async () => {
    const extraction = await uvLockExtractor.extract(
      textInput('version = 1\nrevision = 3\nrequires-python = ">=3.12"\n'),
    );
    assert.deepEqual(extraction, { components: [], dependencies: [], directDependencies: [], warnings: [] });
  });
});

describe('a lock with one package', () => {
  it('reads the virtual root as the project and its one dependency', async () => {
    const extraction = await uvLockExtractor.extract(textInput(onePackageLock));
    assert.deepEqual(extraction.project, {
      ecosystem: 'pypi',
      name: 'demo',
      version: '0.1.0',
      purl: 'pkg:pypi/demo@0.1.0',
    });
    assert.deepEqual(
      extraction.components.map((component) => component.ref),
      ['pkg:pypi/idna@3.10'],
    );
    assert.deepEqual(extraction.directDependencies, ['pkg:pypi/idna@3.10']);
    assert.deepEqual(extraction.warnings, []);
  });
});

describe('a workspace whose root is no package (virtual workspace root)', () => {
  it('has no project and makes every member a direct dependency', async () => {
    const text = `version = 1
revision = 3
requires-python = ">=3.12"

[manifest]
members = ["api", "cli"]

[[package]]
name = "api"
version = "1.0.0"
source = { editable = "packages/api" }

[[package]]
name = "cli"
version = "1.0.0"
source = { virtual = "packages/cli" }
dependencies = [{ name = "api" }]
`;
    const extraction = await uvLockExtractor.extract(textInput(text));
    assert.equal(extraction.project, undefined);
    assert.deepEqual(extraction.directDependencies, ['pkg:pypi/api@1.0.0', 'pkg:pypi/cli@1.0.0']);
    assert.deepEqual(edgesOf(extraction, 'pkg:pypi/cli@1.0.0'), ['pkg:pypi/api@1.0.0']);
    assert.deepEqual(
      extraction.components.map((component) => [component.name, component.development]),
      [
        ['api', false],
        ['cli', false],
      ],
    );
  });
});

describe('revision 1 (uv-v1-one-package)', async () => {
  const extraction = await uvLockExtractor.extract(fileInput(join(fixtures, 'uv-v1-one-package', 'uv.lock')));

  it('keeps the sdist digest as the component hash and every file as a distribution', () => {
    const markupsafe = byRef(extraction, 'pkg:pypi/markupsafe@3.0.2');
    assert.deepEqual(markupsafe.hashes, [
      { algorithm: 'SHA-256', content: 'ee55d3edf80167e48ea11a923c7386f4669df67d7994554387f84e7d8b0a2bf0' },
    ]);
    assert.deepEqual(
      markupsafe.distributions.map((distribution) => distribution.url.split('/').pop()),
      ['markupsafe-3.0.2.tar.gz', 'MarkupSafe-3.0.2-cp312-cp312-macosx_10_13_universal2.whl'],
    );
    assert.equal(markupsafe.license, undefined);
    assert.deepEqual(extraction.warnings, []);
  });
});

describe('uv 0.2-0.3 `[[distribution]]` tables without revision (uv-distribution-tables)', async () => {
  const extraction = await uvLockExtractor.extract(
    fileInput(join(fixtures, 'uv-distribution-tables', 'uv.lock')),
  );

  it('reads them as packages, the only wheel giving the component hash', () => {
    assert.equal(extraction.project?.name, 'app');
    const six = byRef(extraction, 'pkg:pypi/six@1.16.0');
    assert.deepEqual(six.hashes, [
      { algorithm: 'SHA-256', content: '8abb2f1d86890a2dfb989f9a77cfcfd3e47c2a354b01111771326f8aa26e0254' },
    ]);
    assert.deepEqual(extraction.directDependencies, ['pkg:pypi/six@1.16.0']);
  });
});

describe('every kind of source, a workspace and marker forks (uv-v1-sources)', async () => {
  const extraction = await uvLockExtractor.extract(fileInput(join(fixtures, 'uv-v1-sources', 'uv.lock')));
  const toolkit =
    'pkg:pypi/toolkit@0.9.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fexample%2Ftoolkit%400123456789abcdef0123456789abcdef01234567';

  it('warns that revision 4 is newer than this reader, and reads it', () => {
    assert.deepEqual(
      extraction.warnings.map((warning) => warning.message),
      [
        'uv.lock revision 4 is newer than revision 3, the newest this reader knows: fields added since are ignored',
      ],
    );
    assert.equal(extraction.components.length, 13);
  });

  it('names a workspace member as its release would be, never development', () => {
    const core = byRef(extraction, 'pkg:pypi/app-core');
    assert.equal(core.development, false);
    assert.deepEqual(core.properties, [{ name: 'cdx:python:package:source:local:editable', value: 'true' }]);
    assert.ok(extraction.directDependencies.includes('pkg:pypi/app-core'));
    assert.deepEqual(edgesOf(extraction, 'pkg:pypi/app-core'), [
      'pkg:pypi/coverage@7.6.1',
      'pkg:pypi/private-lib@1.0.0',
    ]);
  });

  it('qualifies git, URL and directory sources, keeping the bare PURL for another index', () => {
    const git = byRef(extraction, toolkit);
    assert.deepEqual(git.distributions, [
      { url: 'git+https://github.com/example/toolkit@0123456789abcdef0123456789abcdef01234567', hashes: [] },
    ]);
    assert.deepEqual(git.properties, [
      { name: 'cdx:python:package:source:vcs:commit_id', value: '0123456789abcdef0123456789abcdef01234567' },
      { name: 'cdx:python:package:source:vcs:requested_revision', value: 'v0.9' },
      { name: 'cdx:python:package:source:subdirectory', value: 'python' },
    ]);
    const vendored = byRef(
      extraction,
      'pkg:pypi/vendored@3.1.0?download_url=https%3A%2F%2Fexample.com%2Fdownloads%2Fvendored-3.1.0.tar.gz',
    );
    assert.deepEqual(vendored.hashes, [{ algorithm: 'SHA-256', content: '2'.repeat(64) }]);
    assert.deepEqual(vendored.distributions, [
      { url: 'https://example.com/downloads/vendored-3.1.0.tar.gz', hashes: vendored.hashes },
    ]);
    byRef(extraction, 'pkg:pypi/local-lib@0.3.0?download_url=file%3A..%2Flocal-lib');
    const privateLib = byRef(extraction, 'pkg:pypi/private-lib@1.0.0');
    assert.deepEqual(
      privateLib.distributions[0]?.url,
      'https://pypi.example.com/files/private_lib-1.0.0.tar.gz',
    );
  });

  it('names no component hash for several wheels and no sdist', () => {
    const pytest = byRef(extraction, 'pkg:pypi/pytest@8.3.3');
    assert.deepEqual(pytest.hashes, []);
    assert.equal(pytest.distributions.length, 2);
  });

  it('resolves a marker fork by the version and source the dependency entry carries', () => {
    assert.deepEqual(edgesOf(extraction, 'pkg:pypi/pytest@8.3.3'), ['pkg:pypi/colorama@0.4.5']);
    assert.ok(extraction.directDependencies.includes('pkg:pypi/colorama@0.4.5'));
    assert.ok(extraction.directDependencies.includes('pkg:pypi/colorama@0.4.6'));
  });

  it('follows extras: requests[socks] brings in pysocks, as an edge and as optional', () => {
    assert.deepEqual(edgesOf(extraction, 'pkg:pypi/requests@2.32.3'), [
      'pkg:pypi/pysocks@1.7.1',
      'pkg:pypi/urllib3@2.2.3',
    ]);
    const flags = (ref: string) => {
      const component = byRef(extraction, ref);
      return { development: component.development, optional: component.optional };
    };
    // Only the `http` extra of the project leads to requests, urllib3 and pysocks (the dev group asks for
    // `app[http]`, which makes them shipped with that extra, not development-only).
    assert.deepEqual(flags('pkg:pypi/requests@2.32.3'), { development: false, optional: true });
    assert.deepEqual(flags('pkg:pypi/pysocks@1.7.1'), { development: false, optional: true });
    // Only dev groups lead to pytest, toolkit and (through app-core's `test` group) coverage.
    assert.deepEqual(flags('pkg:pypi/pytest@8.3.3'), { development: true, optional: false });
    assert.deepEqual(flags(toolkit), { development: true, optional: false });
    assert.deepEqual(flags('pkg:pypi/coverage@7.6.1'), { development: true, optional: false });
    // pytest needs colorama 0.4.5, but so does the project itself.
    assert.deepEqual(flags('pkg:pypi/colorama@0.4.5'), { development: false, optional: false });
    // attrs: a production dependency, also reached from toolkit.
    assert.deepEqual(flags('pkg:pypi/attrs@24.2.0'), { development: false, optional: false });
  });
});

describe('uvLockExtractor on the real corpus', {
  skip: hasCorpus() ? false : 'no corpus beside the repository',
}, () => {
  const read = (project: string) => {
    const path = corpusPath('lockfiles', 'uv', project, 'uv.lock');
    return { path, text: readFileSync(path, 'utf8') };
  };

  it('flask: project, counts, hashes, flags and a marker fork', async () => {
    const { path, text } = read('flask');
    const extraction = await uvLockExtractor.extract(fileInput(path));
    assert.deepEqual(extraction.project, {
      ecosystem: 'pypi',
      name: 'flask',
      version: '3.2.0.dev0',
      purl: 'pkg:pypi/flask@3.2.0.dev0',
    });
    assert.equal(extraction.components.length, countLockedPackages(text));
    assert.equal(extraction.components.length, 82);
    assert.deepEqual(extraction.warnings, []);

    const alabaster = byRef(extraction, 'pkg:pypi/alabaster@1.0.0');
    assert.deepEqual(alabaster.hashes, [
      { algorithm: 'SHA-256', content: 'c00dca57bca26fa62a6d7d0a9fcce65f3e026e9bfe33e9c538fd3fbb2144fd9e' },
    ]);
    assert.equal(alabaster.distributions.length, 2);
    assert.equal(alabaster.development, true);

    assert.equal(byRef(extraction, 'pkg:pypi/click@8.3.2').development, false);
    const asgiref = byRef(extraction, 'pkg:pypi/asgiref@3.11.1');
    assert.deepEqual([asgiref.development, asgiref.optional], [false, true]);
    assert.deepEqual(edgesOf(extraction, 'pkg:pypi/anyio@4.13.0'), [
      'pkg:pypi/exceptiongroup@1.3.1',
      'pkg:pypi/idna@3.11',
      'pkg:pypi/typing-extensions@4.15.0',
    ]);
    // The docs group forks sphinx by Python version: both versions are direct and development.
    for (const ref of ['pkg:pypi/sphinx@8.1.3', 'pkg:pypi/sphinx@8.2.3']) {
      assert.ok(extraction.directDependencies.includes(ref), ref);
      assert.equal(byRef(extraction, ref).development, true);
    }
  });

  it('pydantic: a dynamic-version root, a workspace member, a git source and edges back to the project', async (context) => {
    const { path, text } = read('pydantic');
    const started = performance.now();
    const extraction = await uvLockExtractor.extract(fileInput(path));
    context.diagnostic(
      `uv/pydantic/uv.lock (${text.length} bytes): ${(performance.now() - started).toFixed(1)} ms`,
    );

    assert.deepEqual(extraction.project, { ecosystem: 'pypi', name: 'pydantic', purl: 'pkg:pypi/pydantic' });
    assert.equal(extraction.components.length, countLockedPackages(text));
    assert.equal(extraction.components.length, 175);
    assert.deepEqual(extraction.warnings, []);

    assert.equal(byRef(extraction, 'pkg:pypi/pydantic-core').version, '');
    assert.ok(extraction.directDependencies.includes('pkg:pypi/pydantic-core'));
    const docs = byRef(
      extraction,
      'pkg:pypi/pydantic-docs@0.0.1?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fpydantic%2Fpydantic-docs%406f657b30593b00cf5f7c0b7eca74e83b3b6b7819',
    );
    assert.equal(docs.development, true);
    assert.ok(edgesOf(extraction, 'pkg:pypi/pydantic-extra-types@2.10.6').includes('pkg:pypi/pydantic'));
    assert.deepEqual(edgesOf(extraction, 'pkg:pypi/pandas@2.3.3'), [
      'pkg:pypi/numpy@2.2.6',
      'pkg:pypi/numpy@2.3.4',
      'pkg:pypi/python-dateutil@2.9.0.post0',
      'pkg:pypi/pytz@2024.2',
      'pkg:pypi/tzdata@2025.1',
    ]);

    // pyproject.toml: four runtime dependencies (pydantic-core brings only typing-extensions) and the
    // `email` and `timezone` extras; everything else is reached only from dependency groups.
    const shipped = extraction.components
      .filter((component) => !component.development)
      .map((component) => `${component.name}${component.optional ? ' (optional)' : ''}`)
      .sort();
    assert.deepEqual(shipped, [
      'annotated-types',
      'dnspython (optional)',
      'email-validator (optional)',
      'idna (optional)',
      'pydantic-core',
      'typing-extensions',
      'typing-inspection',
      'tzdata (optional)',
    ]);
  });
});
