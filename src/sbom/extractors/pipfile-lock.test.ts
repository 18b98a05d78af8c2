import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InputError, SbomError } from '../../errors.js';
import { corpusPath, hasCorpus } from '../../testing/corpus.js';
import { byRef, fileInput } from '../../testing/extraction.js';
import type { ExtractorInput } from './extractor.js';
import { pipfileLockExtractor } from './pipfile-lock.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__');

function textInput(text: string, siblings: Record<string, string> = {}): ExtractorInput {
  return {
    path: 'Pipfile.lock',
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

async function assertSbomError(input: ExtractorInput, code: string, message: RegExp): Promise<void> {
  await assert.rejects(pipfileLockExtractor.extract(input), (error: unknown) => {
    assert.ok(error instanceof SbomError, `expected SbomError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.file, 'Pipfile.lock');
    assert.match(error.message, message);
    return true;
  });
}

const sha256 = (content: string) => ({ algorithm: 'SHA-256', content });
const lockText = (body: Record<string, unknown>, spec: unknown = 6) =>
  JSON.stringify(
    { _meta: { 'pipfile-spec': spec, sources: [] }, default: {}, develop: {}, ...body },
    null,
    4,
  );

/** An independent count: distinct (normalised name, version) over every category, less the project itself. */
function countLocked(lock: Record<string, Record<string, { version?: string; path?: string }>>): number {
  const seen = new Set<string>();
  for (const [category, packages] of Object.entries(lock)) {
    if (category === '_meta') continue;
    for (const [name, entry] of Object.entries(packages)) {
      if (entry.path === '.') continue;
      seen.add(`${name.toLowerCase().replace(/[-_.]+/g, '-')} ${entry.version}`);
    }
  }
  return seen.size;
}

describe('pipfileLockExtractor.matches', () => {
  it('claims Pipfile.lock only', () => {
    assert.equal(pipfileLockExtractor.matches('Pipfile.lock'), true);
    assert.equal(pipfileLockExtractor.matches('Pipfile'), false);
    assert.equal(pipfileLockExtractor.matches('pipfile.lock'), false);
  });
});

describe('when the lockfile is not a usable Pipfile.lock', () => {
  it('rejects a zero-byte file as malformed', async () => {
    await assertSbomError(textInput(''), 'SBOM_LOCKFILE_MALFORMED', /empty file/);
  });

  it('rejects invalid JSON as malformed, saying where', async () => {
    await assertSbomError(
      textInput('{"_meta": {"pipfile-spec": 6},\n}'),
      'SBOM_LOCKFILE_MALFORMED',
      /not valid JSON/,
    );
  });

  it('rejects a lock missing its _meta as malformed', async () => {
    await assertSbomError(textInput('{"default": {}}'), 'SBOM_LOCKFILE_MALFORMED', /no "_meta"/);
  });

  it('rejects a lock missing its pipfile-spec as malformed', async () => {
    await assertSbomError(textInput('{"_meta": {}}'), 'SBOM_LOCKFILE_MALFORMED', /pipfile-spec/);
  });

  for (const spec of [5, 7, '6']) {
    it(`rejects pipfile-spec ${JSON.stringify(spec)} as unsupported`, async () => {
      await assertSbomError(textInput(lockText({}, spec)), 'SBOM_LOCKFILE_UNSUPPORTED', /supported: 6/);
    });
  }

  it('rejects a project self-install whose name no PURL can carry as malformed, not an internal error', async () => {
    await assertSbomError(
      textInput(lockText({ default: { ' ': { path: '.', editable: true } } })),
      'SBOM_LOCKFILE_MALFORMED',
      /"default"\." ": no valid PURL/,
    );
  });

  it('rejects a category that is not an object as malformed', async () => {
    await assertSbomError(textInput(lockText({ default: [] })), 'SBOM_LOCKFILE_MALFORMED', /"default"/);
  });
});

describe('a lock with no packages', () => {
  it('has no components, edges or warnings', async () => {
    assert.deepEqual(await pipfileLockExtractor.extract(textInput(lockText({}))), {
      components: [],
      dependencies: [],
      directDependencies: [],
      warnings: [],
    });
  });
});

describe('one package and no Pipfile (pipfile-one-package)', async () => {
  const extraction = await pipfileLockExtractor.extract(
    fileInput(join(fixtures, 'pipfile-one-package', 'Pipfile.lock')),
  );

  it('normalises the name, keeps a lone digest as the component hash, and makes it direct', () => {
    const cors = byRef(extraction, 'pkg:pypi/flask-cors@4.0.0');
    assert.equal(cors.name, 'Flask-Cors');
    assert.equal(cors.version, '4.0.0');
    assert.deepEqual(cors.hashes, [
      sha256('3d4fa2ba3e1bcb7b3ee8b5b7e2a8cd3d8a5e5e9a8c3e7e7c24c11a0a1c1a5f0d'),
    ]);
    assert.deepEqual(cors.distributions, [
      { url: 'https://pypi.org/simple/flask-cors/', hashes: cors.hashes },
    ]);
    assert.equal(cors.development, false);
    assert.deepEqual(extraction.directDependencies, ['pkg:pypi/flask-cors@4.0.0']);
    assert.deepEqual(extraction.dependencies, []);
    assert.deepEqual(extraction.warnings, []);
  });
});

describe('every kind of entry, with a Pipfile (pipfile-sources)', async () => {
  const extraction = await pipfileLockExtractor.extract(
    fileInput(join(fixtures, 'pipfile-sources', 'Pipfile.lock')),
  );

  it('takes the editable install of "." as the project, not a component', () => {
    assert.deepEqual(extraction.project, {
      ecosystem: 'pypi',
      name: 'sources-demo',
      purl: 'pkg:pypi/sources-demo',
    });
    assert.equal(extraction.components.length, 7);
    assert.deepEqual(extraction.warnings, []);
  });

  it('qualifies git, file and path entries', () => {
    const toolkit = byRef(
      extraction,
      'pkg:pypi/toolkit?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fexample%2Ftoolkit.git%400123456789abcdef0123456789abcdef01234567',
    );
    assert.deepEqual(toolkit.properties, [
      { name: 'cdx:pipenv:category', value: 'default' },
      { name: 'cdx:python:package:source:vcs:commit_id', value: '0123456789abcdef0123456789abcdef01234567' },
    ]);
    const vendored = byRef(
      extraction,
      'pkg:pypi/vendored?download_url=https%3A%2F%2Fexample.com%2Fvendored-1.0.0.tar.gz',
    );
    assert.deepEqual(vendored.hashes, [sha256('4'.repeat(64))]);
    byRef(extraction, 'pkg:pypi/sibling?download_url=file%3A..%2Fsibling');
  });

  it('puts digests on the project page of the package’s index, without the index credentials', () => {
    const internal = byRef(extraction, 'pkg:pypi/internal-pkg@3.1.0');
    assert.deepEqual(internal.distributions, [
      { url: 'https://pypi.internal.example/simple/internal-pkg/', hashes: [sha256('3'.repeat(64))] },
    ]);
    const zope = byRef(extraction, 'pkg:pypi/zope-interface@6.1');
    assert.deepEqual(zope.hashes, []);
    assert.equal(zope.distributions[0]?.url, 'https://pypi.org/simple/zope-interface/');
    assert.equal(zope.distributions[0]?.hashes.length, 2);
  });

  it('is development only when no default entry has it, custom categories included', () => {
    assert.equal(byRef(extraction, 'pkg:pypi/zope-interface@6.1').development, false);
    const pytest = byRef(extraction, 'pkg:pypi/pytest@7.4.3');
    assert.equal(pytest.development, true);
    assert.ok(pytest.properties.some((property) => property.value === 'testing'));
    const sphinx = byRef(extraction, 'pkg:pypi/sphinx@7.2.6');
    assert.equal(sphinx.development, true);
    assert.deepEqual(sphinx.properties, [{ name: 'cdx:pipenv:category', value: 'docs' }]);
  });

  it('takes what the Pipfile names as direct, by name or, for an alias, by location', () => {
    assert.deepEqual(extraction.directDependencies, [
      'pkg:pypi/internal-pkg@3.1.0',
      'pkg:pypi/pytest@7.4.3',
      'pkg:pypi/sibling?download_url=file%3A..%2Fsibling',
      'pkg:pypi/sphinx@7.2.6',
      'pkg:pypi/toolkit?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fexample%2Ftoolkit.git%400123456789abcdef0123456789abcdef01234567',
      'pkg:pypi/vendored?download_url=https%3A%2F%2Fexample.com%2Fvendored-1.0.0.tar.gz',
      'pkg:pypi/zope-interface@6.1',
    ]);
  });
});

describe('when the Pipfile beside the lock is broken or stale', () => {
  const lock = lockText({
    default: { six: { version: '==1.16.0', hashes: [] }, idna: { version: '==3.7', hashes: [] } },
  });

  it('warns about invalid TOML, naming the line, and takes every package as direct', async () => {
    const extraction = await pipfileLockExtractor.extract(
      textInput(lock, { Pipfile: '[packages]\nsix = \n' }),
    );
    assert.deepEqual(extraction.directDependencies, ['pkg:pypi/idna@3.7', 'pkg:pypi/six@1.16.0']);
    assert.match(extraction.warnings[0]?.message ?? '', /Pipfile: not valid TOML: line 2/);
  });

  it('warns about a package the Pipfile names but the lock does not have', async () => {
    const extraction = await pipfileLockExtractor.extract(
      textInput(lock, { Pipfile: '[packages]\nsix = "*"\nrequests = "*"\n' }),
    );
    assert.deepEqual(extraction.directDependencies, ['pkg:pypi/six@1.16.0']);
    assert.deepEqual(
      extraction.warnings.map((warning) => warning.message),
      ['Pipfile [packages] names requests, which the lock does not list (lock out of date?)'],
    );
  });
});

describe('pipfileLockExtractor on the real corpus', {
  skip: hasCorpus() ? false : 'no corpus beside the repository',
}, () => {
  const read = (project: string) => {
    const path = corpusPath('lockfiles', 'pipfile', project, 'Pipfile.lock');
    const text = readFileSync(path, 'utf8');
    return { path, text, lock: JSON.parse(text) };
  };

  it('pipenv: categories, differing versions, digests, direct dependencies from the Pipfile', async (context) => {
    const { path, text, lock } = read('pipenv');
    const started = performance.now();
    const extraction = await pipfileLockExtractor.extract(fileInput(path));
    context.diagnostic(
      `pipfile/pipenv/Pipfile.lock (${text.length} bytes): ${(performance.now() - started).toFixed(1)} ms`,
    );

    assert.equal(extraction.components.length, countLocked(lock));
    assert.equal(extraction.components.length, 105);
    assert.deepEqual(extraction.warnings, []);
    assert.deepEqual(extraction.dependencies, []);

    const jaraco = byRef(extraction, 'pkg:pypi/jaraco-classes@3.4.0');
    assert.equal(jaraco.name, 'jaraco.classes');
    assert.equal(jaraco.development, true);
    assert.deepEqual(jaraco.hashes, []);
    assert.deepEqual(jaraco.distributions, [
      {
        url: 'https://pypi.org/simple/jaraco-classes/',
        hashes: [
          sha256('47a024b51d0239c0dd8c8540c6c7f484be3b8fcf0b2d85c13825780d3b3f3acd'),
          sha256('f662826b6bed8cace05e7ff873ce0f9283b5c924470fe664fff1c2f00f581790'),
        ],
      },
    ]);
    assert.deepEqual(byRef(extraction, 'pkg:pypi/atomicwrites@1.4.1').hashes, [
      sha256('81b2c9071a49367a7f770170e5eec8cb66567cfbbc8c73d20ce5ca4a8d71cf11'),
    ]);
    // packaging is locked at 26.3 for `default` and at 26.2 for `develop`: two components.
    assert.equal(byRef(extraction, 'pkg:pypi/packaging@26.3').development, false);
    assert.equal(byRef(extraction, 'pkg:pypi/packaging@26.2').development, true);
    // pytest 9.0.3 is in both categories: shipped.
    const pytest = byRef(extraction, 'pkg:pypi/pytest@9.0.3');
    assert.equal(pytest.development, false);
    assert.deepEqual(
      pytest.properties.map((property) => property.value),
      ['default', 'develop'],
    );
    // Pipfile: pytz in [packages], 26 [dev-packages].
    assert.equal(extraction.directDependencies.length, 27);
    assert.ok(extraction.directDependencies.includes('pkg:pypi/exceptiongroup@1.1.0'));
    assert.ok(!extraction.directDependencies.includes('pkg:pypi/exceptiongroup@1.3.1'));
  });

  it('requests-html: the editable self-install is the project', async () => {
    const { path, lock } = read('requests-html');
    const extraction = await pipfileLockExtractor.extract(fileInput(path));
    assert.equal(extraction.project?.name, 'requests-html');
    assert.equal(extraction.components.length, countLocked(lock));
    assert.equal(extraction.components.length, 69);
    assert.equal(extraction.directDependencies.length, 15);
    assert.deepEqual(byRef(extraction, 'pkg:pypi/bs4@0.0.1').hashes, [
      sha256('36ecea1fd7cc5c0c6e4a1ff075df26d50da647b75376626cc186e2212886dd3a'),
    ]);
    assert.deepEqual(extraction.warnings, []);
  });
});
