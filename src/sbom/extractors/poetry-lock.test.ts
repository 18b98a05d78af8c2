import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as pep440 from '@renovatebot/pep440';
import { InputError, SbomError } from '../../errors.js';
import { corpusLockfiles, corpusPath, hasCorpus } from '../../testing/corpus.js';
import { byRef, fileInput } from '../../testing/extraction.js';
import type { Extraction } from '../model/component.js';
import type { ExtractorInput } from './extractor.js';
import { poetryLockExtractor } from './poetry-lock.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__');

/** A lock given as text, with the files beside it given as a map (absent ones are INPUT_NOT_FOUND). */
function textInput(text: string, siblings: Record<string, string> = {}): ExtractorInput {
  return {
    path: 'poetry.lock',
    content: Buffer.from(text),
    readRelative: async (relativePath) => {
      const sibling = siblings[relativePath];
      if (sibling === undefined) {
        throw new InputError({ code: 'INPUT_NOT_FOUND', file: relativePath, message: 'no such file' });
      }
      return Buffer.from(sibling);
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
  await assert.rejects(poetryLockExtractor.extract(input), (error: unknown) => {
    assert.ok(error instanceof SbomError, `expected SbomError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.file, 'poetry.lock');
    assert.match(error.message, message);
    return true;
  });
}

const sha256 = (content: string) => ({ algorithm: 'SHA-256', content });

describe('poetryLockExtractor.matches', () => {
  it('claims poetry.lock only', () => {
    assert.equal(poetryLockExtractor.matches('poetry.lock'), true);
    assert.equal(poetryLockExtractor.matches('pyproject.toml'), false);
    assert.equal(poetryLockExtractor.matches('uv.lock'), false);
  });
});

describe('when the lockfile is not a usable poetry.lock', () => {
  it('rejects a zero-byte file as malformed', async () => {
    await assertSbomError(textInput(''), 'SBOM_LOCKFILE_MALFORMED', /empty file/);
  });

  it('rejects invalid TOML as malformed, naming the line', async () => {
    await assertSbomError(
      textInput('[[package]]\nname = "a"\nversion = 1.0.0\n'),
      'SBOM_LOCKFILE_MALFORMED',
      /line 3/,
    );
  });

  it('rejects a lock missing its [metadata] table as malformed', async () => {
    await assertSbomError(
      textInput('[[package]]\nname = "a"\nversion = "1.0"\n'),
      'SBOM_LOCKFILE_MALFORMED',
      /no \[metadata\]/,
    );
  });

  it('rejects a package missing its version as malformed', async () => {
    await assertSbomError(
      textInput('[[package]]\nname = "a"\n\n[metadata]\nlock-version = "2.1"\n'),
      'SBOM_LOCKFILE_MALFORMED',
      /package a has no version/,
    );
  });

  for (const version of ['3.0', '0.9', 'next']) {
    it(`rejects lock-version ${version} as unsupported`, async () => {
      await assertSbomError(
        textInput(`[metadata]\nlock-version = "${version}"\n`),
        'SBOM_LOCKFILE_UNSUPPORTED',
        /supported: 1\.x, 2\.x/,
      );
    });
  }
});

describe('a lock with no packages', () => {
  it('has no components and, with a pyproject, names the project', async () => {
    const extraction = await poetryLockExtractor.extract(
      textInput('package = []\n\n[metadata]\nlock-version = "2.1"\n', {
        'pyproject.toml': '[project]\nname = "Empty_Project"\nversion = "1.0"\nlicense = "MIT"\n',
      }),
    );
    assert.deepEqual(extraction, {
      project: {
        ecosystem: 'pypi',
        name: 'Empty_Project',
        version: '1.0',
        purl: 'pkg:pypi/empty-project@1.0',
        license: 'MIT',
      },
      components: [],
      dependencies: [],
      directDependencies: [],
      warnings: [],
    });
  });
});

describe('1.1 with one package (poetry-v1-one-package)', async () => {
  const extraction = await poetryLockExtractor.extract(
    fileInput(join(fixtures, 'poetry-v1-one-package', 'poetry.lock')),
  );

  it('normalises the name in the PURL, takes the sdist digest from [metadata.files]', () => {
    assert.equal(extraction.components.length, 1);
    const pyyaml = byRef(extraction, 'pkg:pypi/pyyaml@6.0');
    assert.equal(pyyaml.name, 'PyYAML');
    assert.deepEqual(pyyaml.hashes, [
      sha256('68fb519c14306fec9720a2a5b45bc9f0c8d1b9c72adf45c37baedfcd949c35a2'),
    ]);
    // No file URLs in the lock: both digests go on the PyPI project page, none on an invented URL.
    assert.deepEqual(
      pyyaml.distributions.map((distribution) => [distribution.url, distribution.hashes.length]),
      [['https://pypi.org/simple/pyyaml/', 2]],
    );
    assert.equal(pyyaml.description, 'YAML parser and emitter for Python');
    assert.equal(pyyaml.license, undefined);
  });

  it('takes the project and its licence from pyproject.toml', () => {
    assert.deepEqual(extraction.project, {
      ecosystem: 'pypi',
      name: 'one-package',
      version: '0.1.0',
      purl: 'pkg:pypi/one-package@0.1.0',
      license: 'Apache-2.0',
    });
    assert.deepEqual(extraction.directDependencies, ['pkg:pypi/pyyaml@6.0']);
    assert.deepEqual(extraction.warnings, []);
  });
});

describe('1.0 without lock-version, [metadata.hashes] and no pyproject.toml (poetry-v1-legacy-hashes)', async () => {
  const extraction = await poetryLockExtractor.extract(
    fileInput(join(fixtures, 'poetry-v1-legacy-hashes', 'poetry.lock')),
  );

  it('keeps a lone digest as the component hash, and several only on the project page', () => {
    assert.deepEqual(byRef(extraction, 'pkg:pypi/idna@2.8').hashes, [
      sha256('c357b3f628cf53ae2c4c05627ecc484553142ca23264e593d327bcde5e9c3407'),
    ]);
    const requests = byRef(extraction, 'pkg:pypi/requests@2.22.0');
    assert.deepEqual(requests.hashes, []);
    assert.equal(requests.distributions[0]?.hashes.length, 2);
  });

  it('warns, and takes the packages nothing depends on as direct', () => {
    assert.equal(extraction.project, undefined);
    assert.deepEqual(extraction.directDependencies, ['pkg:pypi/requests@2.22.0']);
    assert.deepEqual(edgesOf(extraction, 'pkg:pypi/requests@2.22.0'), ['pkg:pypi/idna@2.8']);
    assert.equal(extraction.warnings.length, 1);
    assert.match(extraction.warnings[0]?.message ?? '', /no pyproject\.toml beside the lock/);
  });
});

describe('2.0 with every kind of source (poetry-v2-sources)', async () => {
  const extraction = await poetryLockExtractor.extract(
    fileInput(join(fixtures, 'poetry-v2-sources', 'poetry.lock')),
  );

  it('reads every package, the project from [tool.poetry], and warns about nothing', () => {
    assert.equal(extraction.components.length, 16);
    assert.equal(extraction.project?.purl, 'pkg:pypi/sources-demo@1.2.0');
    assert.deepEqual(extraction.warnings, []);
  });

  it('qualifies git, url, file and directory sources', () => {
    const mylib = byRef(
      extraction,
      'pkg:pypi/mylib@0.4.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fexample%2Fmylib.git%4089abcdef0123456789abcdef0123456789abcdef',
    );
    assert.deepEqual(mylib.properties, [
      { name: 'cdx:poetry:group', value: 'main' },
      { name: 'cdx:python:package:source:vcs:requested_revision', value: 'main' },
      { name: 'cdx:python:package:source:vcs:commit_id', value: '89abcdef0123456789abcdef0123456789abcdef' },
      { name: 'cdx:python:package:source:subdirectory', value: 'python' },
    ]);
    const vendored = byRef(
      extraction,
      'pkg:pypi/vendored@1.0.0?download_url=https%3A%2F%2Fexample.com%2Fvendored-1.0.0.tar.gz',
    );
    assert.deepEqual(vendored.distributions, [
      { url: 'https://example.com/vendored-1.0.0.tar.gz', hashes: [sha256('4'.repeat(64))] },
    ]);
    const wheelhouse = byRef(
      extraction,
      'pkg:pypi/wheelhouse@0.5.0?download_url=file%3Adist%2Fwheelhouse-0.5.0-py3-none-any.whl',
    );
    assert.deepEqual(wheelhouse.hashes, [sha256('5'.repeat(64))]);
    assert.deepEqual(wheelhouse.distributions, []);
    const sibling = byRef(extraction, 'pkg:pypi/sibling@0.1.0?download_url=file%3A..%2Fsibling');
    assert.ok(
      sibling.properties.some((property) => property.name === 'cdx:python:package:source:local:editable'),
    );
  });

  it('puts a legacy source’s digests on its own index page, without the credentials', () => {
    const internal = byRef(extraction, 'pkg:pypi/internal-pkg@3.1.0');
    assert.deepEqual(internal.distributions, [
      { url: 'https://pypi.internal.example/simple/internal-pkg/', hashes: [sha256('3'.repeat(64))] },
    ]);
    // The only file is a wheel: with no sdist, the only file's digest is the component's.
    assert.deepEqual(internal.hashes, [sha256('3'.repeat(64))]);
  });

  it('picks among locked versions by constraint', () => {
    assert.deepEqual(edgesOf(extraction, 'pkg:pypi/numexpr@2.8.8'), ['pkg:pypi/numpy@1.26.4']);
    assert.deepEqual(edgesOf(extraction, 'pkg:pypi/pandas@2.1.4'), [
      'pkg:pypi/numexpr@2.8.8',
      'pkg:pypi/numpy@1.24.4',
      'pkg:pypi/numpy@1.26.4',
      'pkg:pypi/python-dateutil@2.8.2',
    ]);
  });

  it('follows an optional dependency only when its extra is requested', () => {
    // The project asks for requests[socks]; nobody asks for urllib3[socks].
    assert.deepEqual(edgesOf(extraction, 'pkg:pypi/requests@2.31.0'), [
      'pkg:pypi/pysocks@1.7.1',
      'pkg:pypi/urllib3@2.1.0',
    ]);
    assert.deepEqual(edgesOf(extraction, 'pkg:pypi/urllib3@2.1.0'), []);
  });

  it('reads category and optional, and takes every pyproject dependency as direct', () => {
    assert.equal(byRef(extraction, 'pkg:pypi/pytest@7.4.3').development, true);
    assert.equal(byRef(extraction, 'pkg:pypi/rich@13.7.0').optional, true);
    assert.equal(byRef(extraction, 'pkg:pypi/django@4.2.7').development, false);
    assert.equal(extraction.directDependencies.length, 10);
    assert.ok(extraction.directDependencies.includes('pkg:pypi/django@4.2.7'));
  });
});

describe('a lock whose packages say neither category nor groups', () => {
  it('recomputes development from the pyproject groups by reachability', async () => {
    const lock = `[[package]]
name = "app-lib"
version = "1.0"
[package.dependencies]
shared = "*"

[[package]]
name = "test-tool"
version = "2.0"
[package.dependencies]
shared = "*"
only-test = "*"

[[package]]
name = "shared"
version = "3.0"

[[package]]
name = "only-test"
version = "4.0"

[metadata]
lock-version = "2.1"
`;
    const pyproject = `[project]
name = "app"
version = "0.1"
dependencies = ["app-lib>=1"]

[tool.poetry.group.test.dependencies]
test-tool = "*"
`;
    const extraction = await poetryLockExtractor.extract(textInput(lock, { 'pyproject.toml': pyproject }));
    const development = extraction.components.filter((component) => component.development).map((c) => c.name);
    assert.deepEqual(development.sort(), ['only-test', 'test-tool']);
    assert.deepEqual(extraction.directDependencies, ['pkg:pypi/app-lib@1.0', 'pkg:pypi/test-tool@2.0']);
  });
});

describe('when a name is locked at a pre-release and a release (PEP 440 version matching)', () => {
  it('links each dependency to the versions its constraint allows, as PEP 440 says', async () => {
    const lock = `[[package]]
name = "app-lib"
version = "1.0"
[package.dependencies]
below = "<2.0"
prefix = "==1.0.*"
compatible = "~=1.0.0"
after = ">1.0"

${[
  ['below', '2.0rc1'],
  ['below', '1.5'],
  ['prefix', '1.0rc1'],
  ['prefix', '2.0'],
  ['compatible', '1.1.dev1'],
  ['compatible', '1.0.3'],
  ['after', '1.0.post1'],
  ['after', '1.1'],
]
  .map(([name, version]) => `[[package]]\nname = "${name}"\nversion = "${version}"\n`)
  .join('\n')}
[metadata]
lock-version = "2.1"
`;
    const extraction = await poetryLockExtractor.extract(textInput(lock));
    // `<2.0` excludes 2.0's pre-releases, `==1.0.*` takes 1.0's, `~=1.0.0` is `==1.0.*` above 1.0.0,
    // `>1.0` excludes 1.0's post-releases.
    const expected = [
      'pkg:pypi/after@1.1',
      'pkg:pypi/below@1.5',
      'pkg:pypi/compatible@1.0.3',
      'pkg:pypi/prefix@1.0rc1',
    ];
    assert.deepEqual(edgesOf(extraction, 'pkg:pypi/app-lib@1.0'), expected);
    const constraints: Record<string, string> = {
      below: '<2.0',
      prefix: '==1.0.*',
      compatible: '~=1.0.0',
      after: '>1.0',
    };
    for (const component of extraction.components.filter((c) => c.name !== 'app-lib')) {
      const allowed = pep440.satisfies(component.version, constraints[component.name] as string, {
        prereleases: true,
      });
      assert.equal(expected.includes(component.ref), allowed, `oracle on ${component.ref}`);
    }
  });
});

describe('when pyproject.toml beside the lock is broken', () => {
  it('warns with the line and falls back to the packages nothing depends on', async () => {
    const extraction = await poetryLockExtractor.extract(
      textInput('[[package]]\nname = "a"\nversion = "1.0"\n\n[metadata]\nlock-version = "2.1"\n', {
        'pyproject.toml': '[project\nname = "x"\n',
      }),
    );
    assert.equal(extraction.project, undefined);
    assert.deepEqual(extraction.directDependencies, ['pkg:pypi/a@1.0']);
    assert.match(extraction.warnings[0]?.message ?? '', /pyproject\.toml: not valid TOML: line 1/);
  });
});

describe('poetryLockExtractor on the real corpus', {
  skip: hasCorpus() ? false : 'no corpus beside the repository',
}, () => {
  const read = (format: string, project: string) => {
    const path = corpusPath('lockfiles', format, project, 'poetry.lock');
    return { path, text: readFileSync(path, 'utf8') };
  };

  it('every lock: one component per [[package]], the project from pyproject.toml, no warnings', async () => {
    for (const format of ['poetry-1', 'poetry-2']) {
      for (const path of corpusLockfiles(format, (name) => name === 'poetry.lock')) {
        const text = readFileSync(path, 'utf8');
        const extraction = await poetryLockExtractor.extract(fileInput(path));
        assert.equal(extraction.components.length, text.match(/^\[\[package\]\]$/gm)?.length, path);
        assert.deepEqual(extraction.warnings, [], path);
        assert.ok(extraction.project?.name, path);
      }
    }
  });

  it('1.1 gino: normalised dependency names, sdist digests, category, and plugins depending on the project', async () => {
    const { path } = read('poetry-1', 'gino');
    const extraction = await poetryLockExtractor.extract(fileInput(path));
    assert.equal(extraction.project?.purl, 'pkg:pypi/gino@1.1.0-rc.1');
    assert.equal(extraction.project?.license, 'BSD-3-Clause');
    // aiomysql writes `PyMySQL = ">=0.9,<=0.9.3"`; the lock names the package `pymysql`.
    assert.deepEqual(edgesOf(extraction, 'pkg:pypi/aiomysql@0.0.22'), ['pkg:pypi/pymysql@0.9.3']);
    assert.deepEqual(byRef(extraction, 'pkg:pypi/pymysql@0.9.3').hashes, [
      sha256('d8c059dcd81dedb85a9f034d5e22dcb4442c0b201908bede99e306d65ea7c8e7'),
    ]);
    assert.equal(byRef(extraction, 'pkg:pypi/alabaster@0.7.12').development, true);
    assert.equal(byRef(extraction, 'pkg:pypi/aiomysql@0.0.22').development, false);
    assert.equal(byRef(extraction, 'pkg:pypi/gino-starlette@0.1.2').optional, true);
    assert.ok(edgesOf(extraction, 'pkg:pypi/gino-starlette@0.1.2').includes('pkg:pypi/gino@1.1.0-rc.1'));
  });

  it('1.1 fastapi-realworld: extras the project requests bring in optional dependencies', async () => {
    const { path } = read('poetry-1', 'fastapi-realworld');
    const extraction = await poetryLockExtractor.extract(fileInput(path));
    assert.deepEqual(edgesOf(extraction, 'pkg:pypi/pydantic@1.9.2'), [
      'pkg:pypi/email-validator@1.1.3',
      'pkg:pypi/python-dotenv@0.19.2',
      'pkg:pypi/typing-extensions@3.10.0.2',
    ]);
    // pyproject: 14 dependencies besides python, 13 dev-dependencies.
    assert.equal(extraction.directDependencies.length, 27);
  });

  it('2.1 poetry: groups, a git source and the largest lock', async (context) => {
    const { path, text } = read('poetry-2', 'poetry');
    const started = performance.now();
    const extraction = await poetryLockExtractor.extract(fileInput(path));
    context.diagnostic(
      `poetry-2/poetry/poetry.lock (${text.length} bytes): ${(performance.now() - started).toFixed(1)} ms`,
    );

    const pytest = byRef(extraction, 'pkg:pypi/pytest@9.0.3');
    assert.equal(pytest.development, true);
    assert.deepEqual(
      pytest.properties.map((property) => property.value),
      ['github-actions', 'test'],
    );
    assert.deepEqual(pytest.hashes, [
      sha256('b86ada508af81d19edeb213c681b1d48246c1a91d304c6c81a427674c17eb91c'),
    ]);
    // backports-tarfile's files are spelt backports.tarfile / backports_tarfile.
    assert.deepEqual(byRef(extraction, 'pkg:pypi/backports-tarfile@1.2.0').hashes, [
      sha256('d75e02c268746e1b8144c278978b6e98e85de6ad16f8e4b0844a154557eca991'),
    ]);
    const core =
      'pkg:pypi/poetry-core@2.4.1?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fpython-poetry%2Fpoetry-core.git%40e3998b0e111dc03e4aa721fd054c48e5c7de6fc5';
    assert.equal(byRef(extraction, core).development, false);
    assert.ok(extraction.directDependencies.includes(core));
    // `cachecontrol[filecache]` in [project].dependencies brings in filelock.
    assert.ok(edgesOf(extraction, 'pkg:pypi/cachecontrol@0.14.4').includes('pkg:pypi/filelock@3.29.0'));
    const development = extraction.components.filter((component) => component.development).length;
    assert.equal(development, text.match(/^groups = \[(?![^\]]*"main")/gm)?.length);
  });
});
