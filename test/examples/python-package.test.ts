import assert from 'node:assert/strict';
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseToml } from 'smol-toml';
import { pythonWheelExtractor, REQUIRES_DIST_PROPERTY } from '../../src/sbom/extractors/python-wheel.js';
import { requirementsTxtExtractor } from '../../src/sbom/extractors/requirements-txt.js';
import { corpusPath, repositoryRoot } from '../../src/testing/corpus.js';
import { fileInput } from '../../src/testing/extraction.js';

const example = join(repositoryRoot, 'examples', 'python-package');
const project = (
  parseToml(readFileSync(join(example, 'pyproject.toml'), 'utf8')) as unknown as { project: ProjectTable }
).project;
const wheelName = `hello_veriship-${project.version}-py3-none-any.whl`;
const hasPython = spawnSync('python3', ['--version']).status === 0;

interface ProjectTable {
  name: string;
  version: string;
  license: string;
  dependencies: string[];
}

/** Runs the example's own build script, as its README says, into `outputDirectory`. */
function build(outputDirectory: string, sourceDateEpoch?: string): SpawnSyncReturns<string> {
  const environment: NodeJS.ProcessEnv = { ...process.env };
  delete environment.SOURCE_DATE_EPOCH;
  if (sourceDateEpoch !== undefined) environment.SOURCE_DATE_EPOCH = sourceDateEpoch;
  return spawnSync(process.execPath, [join(example, 'build.mjs'), '--out', outputDirectory], {
    encoding: 'utf8',
    env: environment,
  });
}

function python(code: string, environment: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync('python3', ['-c', code], { encoding: 'utf8', env: { ...process.env, ...environment } });
}

describe('examples/python-package', () => {
  let directory: string;
  let wheel: string;

  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'veriship-python-example-'));
    const result = build(join(directory, 'default'));
    assert.equal(result.status, 0, result.stderr);
    wheel = join(directory, 'default', wheelName);
    assert.equal(result.stdout.trim(), wheel);
  });

  after(() => rmSync(directory, { recursive: true, force: true }));

  it("builds a wheel that veriship's wheel extractor reads, RECORD digests checked", async () => {
    const content = readFileSync(wheel);
    const extraction = await pythonWheelExtractor.extract(fileInput(wheel, content));
    assert.deepEqual(extraction.warnings, []);
    const [component] = extraction.components;
    assert.ok(component, 'the wheel is one component');
    assert.deepEqual(
      [component.name, component.version, component.license, component.purl],
      [project.name, project.version, project.license, `pkg:pypi/${project.name}@${project.version}`],
    );
    assert.deepEqual(
      component.properties.filter((property) => property.name === REQUIRES_DIST_PROPERTY).map((p) => p.value),
      project.dependencies,
    );
    assert.deepEqual(component.hashes, [
      { algorithm: 'SHA-256', content: createHash('sha256').update(content).digest('hex') },
    ]);
  });

  it('passes `python3 -m zipfile -t`', { skip: !hasPython && 'no python3' }, () => {
    const result = spawnSync('python3', ['-m', 'zipfile', '-t', wheel], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });

  it('lists every file in RECORD with its digest and size, as Python reads them', {
    skip: !hasPython && 'no python3',
  }, () => {
    // An oracle apart from our extractor (which checks only METADATA and WHEEL): Python's zipfile,
    // csv and hashlib check every row, and that nothing in the archive is left out.
    const result = python(
      `
import base64, csv, hashlib, io, zipfile
archive = zipfile.ZipFile(${JSON.stringify(wheel)})
record_name = [n for n in archive.namelist() if n.endswith('.dist-info/RECORD')]
assert len(record_name) == 1, record_name
rows = list(csv.reader(io.TextIOWrapper(archive.open(record_name[0]), encoding='utf-8')))
listed = {row[0] for row in rows}
assert listed == set(archive.namelist()), (listed, archive.namelist())
for name, digest, size in rows:
    if name == record_name[0]:
        assert (digest, size) == ('', ''), (digest, size)
        continue
    data = archive.read(name)
    algorithm, _, value = digest.partition('=')
    assert algorithm == 'sha256', digest
    assert value == base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode(), name
    assert int(size) == len(data), name
assert archive.namelist()[-1] == record_name[0], 'RECORD is not last'
print(len(rows))
`,
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal(Number(result.stdout.trim()), 4, 'RECORD lists the module, METADATA, WHEEL and itself');
  });

  it('imports from the wheel with python3', { skip: !hasPython && 'no python3' }, () => {
    const result = python('import hello_veriship as h; print(h.__version__); print(h.greet("release"))', {
      PYTHONPATH: wheel,
    });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      project.version,
      'Hello, release! This package was released with veriship.',
    ]);
  });

  const hasPip = hasPython && spawnSync('python3', ['-m', 'pip', '--version']).status === 0;

  it('installs with pip, which reads back the metadata', { skip: !hasPip && 'no python3 -m pip' }, () => {
    const target = join(directory, 'site-packages');
    const install = spawnSync(
      'python3',
      ['-m', 'pip', 'install', '--no-deps', '--no-index', '--quiet', '--target', target, wheel],
      { encoding: 'utf8', env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' } },
    );
    assert.equal(install.status, 0, install.stderr);
    const result = python(
      `import importlib.metadata as m, json; d = m.distribution(${JSON.stringify(project.name)}); print(json.dumps([d.metadata['Name'], d.version, d.metadata['License-Expression'], d.requires]))`,
      { PYTHONPATH: target },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), [
      project.name,
      project.version,
      project.license,
      project.dependencies,
    ]);
  });

  describe('reproducibility', () => {
    it('builds the same bytes twice', () => {
      const again = join(directory, 'again');
      assert.equal(build(again).status, 0);
      assert.ok(readFileSync(join(again, wheelName)).equals(readFileSync(wheel)), 'two builds differ');
    });

    it('dates every entry from SOURCE_DATE_EPOCH, else 1980-01-01', {
      skip: !hasPython && 'no python3',
    }, () => {
      const epoch = 1_700_000_001; // odd: zip times hold even seconds only
      const dated = join(directory, 'dated');
      assert.equal(build(dated, String(epoch)).status, 0);
      const read = (path: string) =>
        JSON.parse(
          python(
            `import json, zipfile; print(json.dumps([i.date_time for i in zipfile.ZipFile(${JSON.stringify(path)}).infolist()]))`,
          ).stdout,
        ) as number[][];
      const expected = new Date((epoch - 1) * 1000);
      const fields = [
        expected.getUTCFullYear(),
        expected.getUTCMonth() + 1,
        expected.getUTCDate(),
        expected.getUTCHours(),
        expected.getUTCMinutes(),
        expected.getUTCSeconds(),
      ];
      assert.deepEqual(read(join(dated, wheelName)), [fields, fields, fields, fields]);
      const epochStart = [1980, 1, 1, 0, 0, 0];
      assert.deepEqual(read(wheel), [epochStart, epochStart, epochStart, epochStart]);
    });

    it('refuses a SOURCE_DATE_EPOCH that is not a number of seconds, leaving no wheel', () => {
      const refused = join(directory, 'refused');
      const result = build(refused, 'yesterday');
      assert.equal(result.status, 1);
      assert.match(result.stderr, /SOURCE_DATE_EPOCH: not a whole number of seconds/);
      assert.ok(!existsSync(refused) || readdirSync(refused).length === 0, 'a wheel was written');
    });
  });

  describe('requirements.txt', () => {
    const path = join(example, 'requirements.txt');

    it('pins genuine PyPI hashes: each is in a published lockfile for the same release', async () => {
      // The hashes come from gino's poetry.lock in the corpus (lockfiles/SOURCE.md); checking them
      // against it, file by file, catches a hash typed wrong or moved to another package.
      const lock = parseToml(
        readFileSync(corpusPath('lockfiles', 'poetry-1', 'gino', 'poetry.lock'), 'utf8'),
      ) as {
        package: { name: string; version: string }[];
        metadata: { files: Record<string, { file: string; hash: string }[]> };
      };
      const extraction = await requirementsTxtExtractor.extract(fileInput(path));
      assert.ok(extraction.components.length >= 2, 'the lock pins aiohttp and its dependencies');
      for (const component of extraction.components) {
        const locked = lock.package.find((item) => item.name === component.name);
        assert.equal(locked?.version, component.version, `${component.name} is not at the published version`);
        const published = new Set(lock.metadata.files[component.name]?.map((entry) => entry.hash.slice(7)));
        const pinned = readFileSync(path, 'utf8')
          .split(/\n(?=\S)/)
          .find((block) => block.startsWith(`${component.name}==`));
        const hashes = [...(pinned ?? '').matchAll(/--hash=sha256:([0-9a-f]{64})/g)].map((match) => match[1]);
        assert.ok(hashes.length > 0, `${component.name} has no hashes`);
        for (const hash of hashes) assert.ok(published.has(hash as string), `${component.name}: ${hash}`);
        // One hash, the sdist's: then it is the component's hash in the SBOM (pinned-dependencies).
        const file = lock.metadata.files[component.name]?.find(
          (candidate) => candidate.hash === `sha256:${hashes[0]}`,
        );
        assert.match(file?.file ?? '', /\.tar\.gz$/, `${component.name}: the hash is not the sdist's`);
        assert.deepEqual(component.hashes, [{ algorithm: 'SHA-256', content: hashes[0] }]);
      }
    });

    it('pins a release the corpus has a real advisory for, so the example scan finds something', async () => {
      const advisory = JSON.parse(readFileSync(corpusPath('osv', 'pypi', 'PYSEC-2023-250.json'), 'utf8')) as {
        affected: { package: { name: string }; versions: string[] }[];
      };
      const extraction = await requirementsTxtExtractor.extract(fileInput(path));
      const aiohttp = extraction.components.find((component) => component.name === 'aiohttp');
      assert.ok(aiohttp, 'aiohttp is pinned');
      assert.ok(
        project.dependencies.includes(`aiohttp==${aiohttp.version}`),
        'pyproject and the lock disagree',
      );
      const affected = advisory.affected.find((entry) => entry.package.name === 'aiohttp');
      assert.ok(affected?.versions.includes(aiohttp.version), `aiohttp ${aiohttp.version} is not affected`);
    });
  });
});
