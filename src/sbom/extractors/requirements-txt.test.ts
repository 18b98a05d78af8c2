import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InputError, SbomError } from '../../errors.js';
import { nodeFileSystem } from '../../io/file-system.js';
import { corpusPath, hasCorpus } from '../../testing/corpus.js';
import type { Component, Extraction } from '../model/component.js';
import { requirementsTxtExtractor } from './requirements-txt.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));

async function extractFile(path: string, read: string[] = []): Promise<Extraction> {
  return requirementsTxtExtractor.extract({
    path,
    content: await readFile(path),
    readRelative: async (relative) => {
      // As generate.ts does: nothing above the top file's folder (here the folder being read) is read.
      if (relative.startsWith('../')) {
        throw new InputError({
          code: 'INPUT_UNSAFE',
          file: relative,
          message: 'outside the folder; not read',
        });
      }
      read.push(relative);
      return nodeFileSystem.readFile(join(dirname(path), relative));
    },
  });
}

function fixture(name: string): Promise<Extraction> {
  return extractFile(join(fixtures, name, 'requirements.txt'));
}

function byPurl(extraction: Extraction, purl: string): Component {
  const found = extraction.components.find((component) => component.purl === purl);
  assert.ok(found, `no component ${purl} in ${extraction.components.map((c) => c.purl).join(', ')}`);
  return found;
}

function dependsOn(extraction: Extraction, ref: string): string[] {
  return extraction.dependencies.find((edge) => edge.ref === ref)?.dependsOn ?? [];
}

/** An independent count: lines that start with `name[extras]==`, as SOURCE.md counts them. */
function countPinnedLines(text: string): number {
  return text.match(/^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?\s*===?/gm)?.length ?? 0;
}

describe('requirementsTxtExtractor.matches', () => {
  it('takes requirements file names and leaves other .txt files to -r includes', () => {
    for (const name of [
      'requirements.txt',
      'requirements-dev.txt',
      'requirements_test.txt',
      'dev-requirements.txt',
    ]) {
      assert.equal(requirementsTxtExtractor.matches(name), true, name);
    }
    for (const name of [
      'main.txt',
      'constraints.txt',
      'LICENSE.txt',
      'requirements.in',
      'requirements.txt.bak',
    ]) {
      assert.equal(requirementsTxtExtractor.matches(name), false, name);
    }
  });
});

describe('requirementsTxtExtractor', () => {
  it('reads an empty file as no components', async () => {
    const extraction = await fixture('requirements-empty');
    assert.deepEqual(extraction, { components: [], dependencies: [], directDependencies: [], warnings: [] });
  });

  describe('when the file is UTF-16 with a byte order mark (PowerShell `pip freeze >`)', () => {
    it('reads it as pip does', async () => {
      const text = 'six==1.16.0\r\nidna==3.4\r\n';
      const littleEndian = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const bigEndian = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
      for (const content of [littleEndian, bigEndian]) {
        const extraction = await requirementsTxtExtractor.extract({
          path: 'requirements.txt',
          content,
          readRelative: async (relative) => assert.fail(`read ${relative}`),
        });
        assert.deepEqual(
          extraction.components.map((component) => component.purl),
          ['pkg:pypi/six@1.16.0', 'pkg:pypi/idna@3.4'],
        );
        assert.deepEqual(extraction.warnings, []);
      }
    });
  });

  describe('when a direct URL holds a malformed percent escape', () => {
    it('keeps it as written, as pip does, instead of crashing', async () => {
      const extraction = await requirementsTxtExtractor.extract({
        path: 'requirements.txt',
        content: Buffer.from(
          'foo @ https://example.com/foo-1.0%2Blocal.tar.gz\nbar @ https://example.com/get%E0%A4?name=bar%zz\n',
        ),
        readRelative: async (relative) => assert.fail(`read ${relative}`),
      });
      assert.deepEqual(
        extraction.components.map((component) => [component.name, component.version]),
        [
          ['foo', '1.0+local'],
          ['bar', ''],
        ],
      );
    });
  });

  it('reads one pinned package', async () => {
    const extraction = await fixture('requirements-one');
    assert.equal(extraction.components.length, 1);
    const six = byPurl(extraction, 'pkg:pypi/six@1.16.0');
    assert.equal(six.ref, six.purl);
    assert.equal(six.name, 'six');
    assert.equal(six.development, false);
    assert.deepEqual(six.hashes, []);
    assert.deepEqual(six.distributions, []);
    assert.deepEqual(extraction.directDependencies, ['pkg:pypi/six@1.16.0']);
    assert.deepEqual(extraction.warnings, []);
  });

  describe('when a line is not a valid requirement', () => {
    it('fails with SBOM_LOCKFILE_MALFORMED naming the file and line', async () => {
      const path = join(fixtures, 'requirements-malformed', 'requirements.txt');
      await assert.rejects(extractFile(path), (error: unknown) => {
        assert.ok(error instanceof SbomError);
        assert.equal(error.code, 'SBOM_LOCKFILE_MALFORMED');
        assert.equal(error.file, path);
        assert.match(error.message, /^line 2: invalid version specifier/);
        return true;
      });
    });
  });

  describe('when an included file is missing', () => {
    it('fails with INPUT_NOT_FOUND naming the including file and line', async () => {
      const path = join(fixtures, 'requirements-missing-include', 'requirements.txt');
      await assert.rejects(extractFile(path), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.code, 'INPUT_NOT_FOUND');
        assert.equal(error.file, path);
        assert.match(error.message, /^line 2: -r nope\.txt/);
        return true;
      });
    });
  });

  describe('with every form of the file format', () => {
    const path = join(fixtures, 'requirements-grammar', 'requirements.txt');
    const extracted = extractFile(path);

    it('records each pinned requirement, PURL names normalised per PEP 503', async () => {
      const extraction = await extracted;
      assert.deepEqual(extraction.components.map((component) => component.purl).sort(), [
        'pkg:pypi/blackvcs?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fpsf%2Fblack.git',
        'pkg:pypi/celery@5.3.6',
        'pkg:pypi/certifi@2023.7.22',
        'pkg:pypi/click?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fpallets%2Fclick.git%408.1.7',
        'pkg:pypi/django@4.2.7',
        'pkg:pypi/docopt@0.6.1',
        'pkg:pypi/idna@3.4',
        'pkg:pypi/legacy@1.0-custom',
        'pkg:pypi/urllib3?download_url=https%3A%2F%2Fgithub.com%2Furllib3%2Furllib3%2Farchive%2Frefs%2Ftags%2F1.26.8.zip',
        'pkg:pypi/wheelpkg@2.0',
        'pkg:pypi/zope-interface@6.1',
      ]);
      assert.equal(byPurl(extraction, 'pkg:pypi/zope-interface@6.1').name, 'Zope.Interface');
      assert.equal(extraction.directDependencies.length, 11);
      assert.deepEqual(extraction.dependencies, []);
    });

    it('warns, with file and line, about every requirement it cannot record', async () => {
      const { warnings } = await extracted;
      const lines = (await readFile(path, 'utf8')).split('\n');
      const lineOf = (text: string) => lines.findIndex((line) => line.startsWith(text)) + 1;
      const expected = [
        {
          line: lineOf('requests'),
          message: 'requests[security]>=2.8.1,==2.8.*: not pinned, no exact version to record',
        },
        { line: lineOf('numpy'), message: 'numpy>=1.26: not pinned, no exact version to record' },
        { line: lineOf('flask'), message: 'flask: not pinned, no exact version to record' },
        { line: lineOf('black'), message: 'black==23.*: not pinned, no exact version to record' },
      ];
      for (const { line, message } of expected) {
        assert.ok(
          warnings.some(
            (warning) => warning.file === path && warning.line === line && warning.message === message,
          ),
          `missing warning line ${line}: ${message}\n${JSON.stringify(warnings, null, 1)}`,
        );
      }
      const about = (text: string) => warnings.filter((warning) => warning.message.includes(text));
      assert.equal(about('-e .: local editable project').length, 1);
      assert.equal(about('./downloads/numpy-1.9.2-cp34-none-win32.whl: local path').length, 1);
      assert.equal(
        about('blackvcs @ git+https://github.com/psf/black.git: VCS requirement without a revision').length,
        1,
      );
      assert.equal(about('privatepkg==$' + '{PRIVATE_VERSION}: uses an environment variable').length, 1);
      assert.equal(warnings.length, 8);
    });

    it('keeps extras as cdx:python:package:required-extra and ignores markers', async () => {
      const celery = byPurl(await extracted, 'pkg:pypi/celery@5.3.6');
      assert.deepEqual(celery.properties, [
        { name: 'cdx:python:package:required-extra', value: 'redis' },
        { name: 'cdx:python:package:required-extra', value: 'msgpack' },
      ]);
      assert.equal(celery.optional, false);
    });

    it('puts several --hash digests on the index page, not on the component', async () => {
      const certifi = byPurl(await extracted, 'pkg:pypi/certifi@2023.7.22');
      assert.deepEqual(certifi.hashes, []);
      // The last --index-url wins, its credentials removed; --extra-index-url adds a page.
      assert.deepEqual(
        certifi.distributions.map((distribution) => [distribution.url, distribution.hashes.length]),
        [
          ['https://mirror.example/simple/certifi/', 2],
          ['https://extra.example/simple/certifi/', 2],
        ],
      );
    });

    it('takes a single --hash as the component hash too', async () => {
      const idna = byPurl(await extracted, 'pkg:pypi/idna@3.4');
      assert.equal(idna.hashes.length, 1);
      assert.equal(idna.hashes[0]?.algorithm, 'SHA-256');
      assert.match(idna.hashes[0]?.content ?? '', /^[0-9a-f]{64}$/);
    });

    it('records VCS requirements with vcs_url and the requested revision, without credentials', async () => {
      const extraction = await extracted;
      const click = extraction.components.find((component) => component.name === 'click');
      assert.ok(click);
      assert.equal(click.version, '');
      assert.equal(click.distributions[0]?.url, 'git+https://github.com/pallets/click.git@8.1.7');
      assert.ok(!JSON.stringify(extraction).includes('token'), 'a credential leaked into the extraction');
      assert.ok(!JSON.stringify(extraction).includes('s3cret'), 'a credential leaked into the extraction');
      assert.deepEqual(click.properties, [
        { name: 'cdx:python:package:source:vcs:requested_revision', value: '8.1.7' },
      ]);
    });

    it('records direct URLs with download_url, except files on PyPI itself', async () => {
      const extraction = await extracted;
      const wheel = byPurl(extraction, 'pkg:pypi/wheelpkg@2.0');
      assert.equal(
        wheel.distributions[0]?.url,
        'https://files.pythonhosted.org/packages/ab/cd/wheelpkg-2.0-py3-none-any.whl',
      );
      assert.equal(wheel.hashes.length, 1, 'the #sha256= fragment is the digest of that one file');
      const urllib3 = extraction.components.find((component) => component.name === 'urllib3');
      assert.equal(urllib3?.version, '');
    });
  });

  describe('with -r and -c includes', () => {
    it('follows includes relative to the including file, detects cycles, pins from constraints', async () => {
      const read: string[] = [];
      const path = join(fixtures, 'requirements-includes', 'requirements.txt');
      const extraction = await extractFile(path, read);
      assert.deepEqual(read, ['base/common.txt', 'base/extra.txt', 'constraints.txt']);
      assert.deepEqual(extraction.components.map((component) => component.purl).sort(), [
        'pkg:pypi/common@2.0',
        'pkg:pypi/extra@3.0',
        // unpinned in requirements.txt, pinned by constraints.txt
        'pkg:pypi/requests@2.31.0',
        'pkg:pypi/toplevel@1.0',
      ]);
      const cycles = extraction.warnings.filter((warning) => warning.message.includes('include cycle'));
      assert.deepEqual(
        cycles.map((warning) => [warning.file, warning.line]),
        [
          [join(fixtures, 'requirements-includes', 'base', 'extra.txt'), 1],
          [join(fixtures, 'requirements-includes', 'base', 'common.txt'), 3],
        ],
      );
      assert.equal(extraction.warnings.length, 2);
    });

    it('reads no include the reader refuses as outside the folder, and says so', async () => {
      const read: string[] = [];
      const folder = join(fixtures, 'requirements-include-outside');
      const extraction = await extractFile(join(folder, 'requirements.txt'), read);
      assert.deepEqual(read, ['sub/inner.txt']);
      assert.deepEqual(
        extraction.components.map((component) => component.purl),
        ['pkg:pypi/inside@1.0'],
      );
      assert.deepEqual(
        extraction.warnings.map((warning) => [warning.file, warning.line, warning.message]),
        [
          [
            join(folder, 'sub', 'inner.txt'),
            1,
            '-r ../../requirements-one/requirements.txt: outside the folder; not read',
          ],
          [
            join(folder, 'sub', 'inner.txt'),
            2,
            '-r ../requirements.txt: include cycle (requirements.txt → sub/inner.txt → requirements.txt), not read again',
          ],
        ],
      );
    });

    it('adds no components from constraints files', async () => {
      const extraction = await fixture('requirements-constraints-only');
      assert.deepEqual(extraction.components, []);
      assert.equal(extraction.warnings.length, 1);
      assert.match(extraction.warnings[0]?.message ?? '', /include cycle/);
    });
  });

  describe('with pip-compile annotations', () => {
    const extracted = fixture('requirements-pip-compile');

    it('turns "# via X" into an edge X → package, within the file', async () => {
      const extraction = await extracted;
      assert.deepEqual(dependsOn(extraction, 'pkg:pypi/requests@2.31.0'), [
        'pkg:pypi/certifi@2024.2.2',
        'pkg:pypi/charset-normalizer@3.3.2',
        'pkg:pypi/urllib3@2.2.1',
      ]);
      assert.deepEqual(dependsOn(extraction, 'pkg:pypi/myapp-plugin@0.1.0'), ['pkg:pypi/requests@2.31.0']);
      assert.deepEqual(dependsOn(extraction, 'pkg:pypi/oldstyle@1.0'), ['pkg:pypi/six@1.16.0']);
    });

    it('makes direct only what an input file or the project asks for', async () => {
      const extraction = await extracted;
      assert.deepEqual(extraction.directDependencies, [
        'pkg:pypi/myapp-plugin@0.1.0',
        'pkg:pypi/oldstyle@1.0',
        'pkg:pypi/requests@2.31.0',
      ]);
      assert.equal(extraction.components.length, 7);
      assert.equal(
        byPurl(extraction, 'pkg:pypi/charset-normalizer@3.3.2').distributions[0]?.hashes.length,
        1,
      );
    });
  });
});

describe('requirementsTxtExtractor on the real corpus', { skip: !hasCorpus() }, () => {
  const corpus = (...segments: string[]) => corpusPath('lockfiles', 'requirements', ...segments);

  it('certbot-tools: every pinned line, markers and duplicates by version kept', async () => {
    const path = corpus('certbot-tools', 'requirements.txt');
    const extraction = await extractFile(path);
    assert.equal(extraction.components.length, countPinnedLines(await readFile(path, 'utf8')));
    assert.equal(extraction.components.length, 191);
    // Two cython pins for two Python ranges are two components.
    byPurl(extraction, 'pkg:pypi/cython@0.29.37');
    byPurl(extraction, 'pkg:pypi/cython@3.2.5');
    assert.equal(byPurl(extraction, 'pkg:pypi/boto3@1.43.26').version, '1.43.26');
    // No annotations: every pinned package is direct.
    assert.equal(extraction.directDependencies.length, new Set(extraction.components.map((c) => c.ref)).size);
    assert.deepEqual(extraction.dependencies, []);
    assert.deepEqual(extraction.warnings, []);
  });

  it('treeherder-common: hashes on the index page, via edges', async (context) => {
    const path = corpus('treeherder-common', 'common.txt');
    const text = await readFile(path, 'utf8');
    const started = performance.now();
    const extraction = await extractFile(path);
    context.diagnostic(
      `treeherder-common/common.txt (${text.length} bytes): ${(performance.now() - started).toFixed(1)} ms`,
    );
    assert.equal(extraction.components.length, countPinnedLines(text));
    assert.equal(extraction.components.length, 154);

    const aiohttp = byPurl(extraction, 'pkg:pypi/aiohttp@3.12.14');
    const block = text.slice(text.indexOf('\naiohttp==') + 1).split(/\n(?=\S)/)[0] ?? '';
    const hashCount = block.match(/--hash=sha256:/g)?.length ?? 0;
    assert.equal(hashCount, 86);
    assert.deepEqual(aiohttp.hashes, []);
    assert.equal(aiohttp.distributions.length, 1);
    assert.equal(aiohttp.distributions[0]?.url, 'https://pypi.org/simple/aiohttp/');
    assert.equal(aiohttp.distributions[0]?.hashes.length, hashCount);
    assert.ok(
      aiohttp.distributions[0]?.hashes.some(
        (hash) => hash.content === '02fcd3f69051467bbaa7f84d7ec3267478c7df18d68b2e28279116e29d18d4f3',
      ),
    );

    // aiohappyeyeballs: "# via aiohttp"; certifi: "# via -r requirements/common.in, requests".
    assert.ok(dependsOn(extraction, 'pkg:pypi/aiohttp@3.12.14').includes('pkg:pypi/aiohappyeyeballs@2.6.1'));
    assert.ok(!extraction.directDependencies.includes('pkg:pypi/aiohappyeyeballs@2.6.1'));
    const certifi = extraction.components.find((component) => component.name === 'certifi');
    assert.ok(certifi);
    assert.ok(extraction.directDependencies.includes(certifi.ref));
    const requests = extraction.components.find((component) => component.name === 'requests');
    assert.ok(requests && dependsOn(extraction, requests.ref).includes(certifi.ref));
    assert.deepEqual(extraction.warnings, []);
  });

  it('warehouse-main: via edges and direct dependencies', async () => {
    const path = corpus('warehouse-main', 'main.txt');
    const extraction = await extractFile(path);
    assert.equal(extraction.components.length, countPinnedLines(await readFile(path, 'utf8')));
    assert.equal(extraction.components.length, 184);
    assert.ok(
      dependsOn(extraction, 'pkg:pypi/alembic-postgresql-enum@1.10.0').includes('pkg:pypi/alembic@1.18.5'),
    );
    assert.ok(extraction.directDependencies.includes('pkg:pypi/alembic@1.18.5'));
    assert.ok(!extraction.directDependencies.includes('pkg:pypi/amqp@5.3.1'));
    // "amqp==5.3.1 … # via kombu"
    const kombu = extraction.components.find((component) => component.name === 'kombu');
    assert.ok(kombu && dependsOn(extraction, kombu.ref).includes('pkg:pypi/amqp@5.3.1'));
    // Every component is reachable: direct, or the target of an edge.
    const targets = new Set(extraction.dependencies.flatMap((edge) => edge.dependsOn));
    for (const component of extraction.components) {
      assert.ok(
        extraction.directDependencies.includes(component.ref) || targets.has(component.ref),
        component.ref,
      );
    }
  });

  it('warehouse-includes: the -r chain reads all 7 included files', async (context) => {
    const path = corpus('warehouse-includes', 'requirements.txt');
    const read: string[] = [];
    const started = performance.now();
    const extraction = await extractFile(path, read);
    context.diagnostic(
      `warehouse-includes (8 files, 444968 bytes): ${(performance.now() - started).toFixed(1)} ms`,
    );
    assert.deepEqual(read, [
      'requirements/main.txt',
      'requirements/deploy.txt',
      'requirements/docs-dev.txt',
      'requirements/docs-user.txt',
      'requirements/docs-blog.txt',
      'requirements/lint.txt',
      'requirements/tests.txt',
    ]);
    let pinnedLines = 0;
    for (const name of read)
      pinnedLines += countPinnedLines(await readFile(corpus('warehouse-includes', name), 'utf8'));
    assert.equal(extraction.components.length, pinnedLines);
    assert.equal(extraction.components.length, 407);
    assert.equal(new Set(extraction.components.map((component) => component.ref)).size, 294);
    assert.deepEqual(extraction.warnings, []);
  });
});
