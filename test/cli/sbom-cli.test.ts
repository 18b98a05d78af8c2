import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { writeWheel, writeZip } from '../../src/sbom/extractors/__fixtures__/wheel-zip-writer/zip-writer.js';
import { corpusPath, repositoryRoot } from '../../src/testing/corpus.js';
import { cycloneDxSchemaErrors } from '../../src/testing/cyclonedx-oracle.js';
import { runVeriship } from '../../src/testing/run-cli.js';

const nodeApp = join(repositoryRoot, 'examples', 'node-app');
const pythonApp = join(repositoryRoot, 'examples', 'python-app');
const epoch = { SOURCE_DATE_EPOCH: '1767225600' };

function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'veriship-cli-'));
}

describe('veriship (global)', () => {
  it('prints the version from package.json', async () => {
    const run = await runVeriship(['--version']);
    const { version } = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8'));
    assert.equal(run.stdout, `${version}\n`);
    assert.equal(run.exitCode, 0);
  });

  it('shows help with exit 0, and usage errors with exit 2', async () => {
    assert.equal((await runVeriship(['--help'])).exitCode, 0);
    assert.match((await runVeriship(['sbom', '--help'])).stdout, /--spec-version/);
    assert.equal((await runVeriship([])).exitCode, 2);
    const unknown = await runVeriship(['frobnicate']);
    assert.equal(unknown.exitCode, 2);
    assert.match(unknown.stderr, /^veriship: unknown command 'frobnicate'/);
    assert.equal((await runVeriship(['sbom', '--no-such-flag'])).exitCode, 2);
    assert.equal((await runVeriship(['sbom', '--format', 'csv', nodeApp])).exitCode, 2);
  });

  it('ends quietly with its own exit code when the reader closes the pipe early (| head)', async () => {
    const child = spawn(process.execPath, [join(repositoryRoot, 'dist', 'cli.mjs'), 'sbom', nodeApp], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.destroy();
    const exitCode = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(stderr, '');
    assert.equal(exitCode, 0);
  });

  it('runs from the bundle in dist/ as the installed bin does', () => {
    const result = spawnSync(process.execPath, [join(repositoryRoot, 'dist', 'cli.mjs'), 'sbom', nodeApp], {
      encoding: 'utf8',
      env: { ...process.env, ...epoch },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).metadata.component.name, 'example-node-app');
  });
});

describe('veriship sbom', () => {
  it('writes a valid CycloneDX 1.6 SBOM of the example project', async () => {
    const output = join(temporaryDirectory(), 'sbom.json');
    const run = await runVeriship(['sbom', nodeApp, '-o', output], epoch);
    assert.equal(run.exitCode, 0, run.stderr);
    const json = readFileSync(output, 'utf8');
    assert.equal(await cycloneDxSchemaErrors(json), null);
    const bom = JSON.parse(json);
    assert.equal(bom.metadata.component.purl, 'pkg:npm/example-node-app@1.2.0');
    assert.equal(bom.metadata.timestamp, '2026-01-01T00:00:00.000Z');
    const lock = JSON.parse(readFileSync(join(nodeApp, 'package-lock.json'), 'utf8'));
    assert.equal(bom.components.length, Object.keys(lock.packages).length - 1);
  });

  it('gives byte-identical output for the same input', async () => {
    const first = await runVeriship(['sbom', nodeApp, pythonApp], epoch);
    const second = await runVeriship(['sbom', nodeApp, pythonApp], epoch);
    assert.equal(first.exitCode, 0, first.stderr);
    assert.equal(first.stdout, second.stdout);
  });

  it('leaves development dependencies out with --omit dev', async () => {
    // The example project has no development dependency, so the test brings its own lockfile with one.
    const directory = temporaryDirectory();
    writeFileSync(
      join(directory, 'package-lock.json'),
      JSON.stringify({
        name: 'app',
        version: '1.0.0',
        lockfileVersion: 3,
        requires: true,
        packages: {
          '': {
            name: 'app',
            version: '1.0.0',
            dependencies: { ms: '^2.1.3' },
            devDependencies: { 'left-pad': '^1.3.0' },
          },
          'node_modules/ms': { version: '2.1.3' },
          'node_modules/left-pad': { version: '1.3.0', dev: true },
        },
      }),
    );
    const all = JSON.parse((await runVeriship(['sbom', directory], epoch)).stdout);
    const production = JSON.parse((await runVeriship(['sbom', directory, '--omit', 'dev'], epoch)).stdout);
    const names = (bom: { components: { name: string }[] }) =>
      bom.components.map((component) => component.name).sort();
    assert.deepEqual(names(all), ['left-pad', 'ms']);
    assert.deepEqual(names(production), ['ms']);
  });

  for (const format of ['cyclonedx-xml', 'spdx-json', 'spdx3-json'] as const) {
    it(`writes --format ${format}`, async () => {
      const directory = temporaryDirectory();
      const output = join(directory, `sbom.${format}`);
      const run = await runVeriship(['sbom', pythonApp, '--format', format, '-o', output], epoch);
      assert.equal(run.exitCode, 0, run.stderr);
      const text = readFileSync(output, 'utf8');
      assert.match(text, /requests/);
      const validation = await runVeriship(['sbom', 'validate', output]);
      assert.equal(validation.exitCode, 0, validation.stdout);
    });
  }

  it('describes a wheel by the wheel itself: its package and its file digest, in every format', async () => {
    const directory = temporaryDirectory();
    const wheelPath = join(directory, 'demo_pkg-1.2.0-py3-none-any.whl');
    writeFileSync(
      wheelPath,
      writeWheel({
        name: 'demo_pkg',
        version: '1.2.0',
        metadata: 'Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.2.0\nLicense-Expression: MIT\n',
        files: [{ name: 'demo_pkg/__init__.py', data: '' }],
      }),
    );
    const digest = createHash('sha256').update(readFileSync(wheelPath)).digest('hex');
    const sbom = async (format: string) => {
      const run = await runVeriship(['sbom', wheelPath, '--format', format], epoch);
      assert.equal(run.exitCode, 0, run.stderr);
      return JSON.parse(run.stdout);
    };
    const cyclonedx = await sbom('cyclonedx-json');
    assert.equal(cyclonedx.metadata.component.purl, 'pkg:pypi/demo-pkg@1.2.0');
    assert.deepEqual(cyclonedx.metadata.component.hashes, [{ alg: 'SHA-256', content: digest }]);
    assert.deepEqual(cyclonedx.components, [], 'the wheel is the subject, not one of its components');
    assert.equal(await cycloneDxSchemaErrors(JSON.stringify(cyclonedx)), null);

    const spdx2 = await sbom('spdx-json');
    const described = spdx2.packages.find(
      (item: { SPDXID: string }) => item.SPDXID === spdx2.documentDescribes[0],
    );
    assert.deepEqual(described.checksums, [{ algorithm: 'SHA256', checksumValue: digest }]);

    const spdx3 = await sbom('spdx3-json');
    const root = spdx3['@graph'].find(
      (node: { type: string; software_primaryPurpose?: string }) =>
        node.type === 'software_Package' && node.software_primaryPurpose === 'application',
    );
    assert.deepEqual(root.verifiedUsing, [{ type: 'Hash', algorithm: 'sha256', hashValue: digest }]);
  });

  it('reads a file whose name does not say its format with --type', async () => {
    const file = corpusPath('lockfiles', 'requirements', 'treeherder-common', 'common.txt');
    const guessed = await runVeriship(['sbom', file]);
    assert.equal(guessed.exitCode, 3);
    assert.match(guessed.stderr, /--type/);
    const typed = await runVeriship(['sbom', file, '--type', 'requirements-txt', '--quiet'], epoch);
    assert.equal(typed.exitCode, 0, typed.stderr);
    assert.ok(JSON.parse(typed.stdout).components.length > 100, 'components from common.txt');
    assert.equal((await runVeriship(['sbom', file, '--type', 'nonsense'])).exitCode, 2);
  });

  describe('when the input is bad', () => {
    const cases: { name: string; file: string; content: string | Buffer }[] = [
      { name: 'truncated JSON', file: 'package-lock.json', content: '{"lockfileVersion": 3, "packages": {' },
      {
        name: 'an unknown lockfileVersion',
        file: 'package-lock.json',
        content: '{"lockfileVersion": 99, "packages": {}}',
      },
      {
        name: 'malformed YAML',
        file: 'pnpm-lock.yaml',
        content: "lockfileVersion: '9.0'\nimporters: [\n  - : :\n",
      },
      { name: 'malformed TOML', file: 'uv.lock', content: 'version = 1\n[[package]\nname = "x"\n' },
      {
        name: 'a zip that is not a wheel',
        file: 'demo-1.0-py3-none-any.whl',
        content: Buffer.from('PK\u0005\u0006'.padEnd(22, '\u0000'), 'latin1'),
      },
      {
        name: 'a zip bomb (METADATA inflating far past its declared size)',
        file: 'demo-1.0-py3-none-any.whl',
        content: writeZip([
          {
            name: 'demo-1.0.dist-info/METADATA',
            data: Buffer.alloc(20 * 1024 * 1024, 0x41),
            declaredSize: 4096,
          },
          { name: 'demo-1.0.dist-info/WHEEL', data: 'Wheel-Version: 1.0\n' },
          { name: 'demo-1.0.dist-info/RECORD', data: '' },
        ]),
      },
      {
        name: 'a wheel entry with ../ in its name',
        file: 'demo-1.0-py3-none-any.whl',
        content: writeWheel({
          name: 'demo',
          version: '1.0',
          metadata: 'Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n',
          files: [{ name: '../../evil.pth', data: 'import os' }],
        }),
      },
    ];
    for (const testCase of cases) {
      it(`exits 3 on ${testCase.name}, names the file, and writes no output`, async () => {
        const directory = temporaryDirectory();
        const input = join(directory, testCase.file);
        writeFileSync(input, testCase.content);
        const output = join(directory, 'out', 'sbom.json');
        const run = await runVeriship(['sbom', input, '-o', output]);
        assert.equal(run.exitCode, 3, run.stderr);
        assert.ok(run.stderr.startsWith(`veriship: ${input}: `), run.stderr);
        assert.ok(!run.stderr.includes('    at '), 'no stack trace without --debug');
        assert.equal(existsSync(output), false);
      });
    }

    it('keeps an existing output file untouched when generation fails', async () => {
      const directory = temporaryDirectory();
      const input = join(directory, 'package-lock.json');
      writeFileSync(input, '{');
      const output = join(directory, 'sbom.json');
      writeFileSync(output, 'previous');
      assert.equal((await runVeriship(['sbom', input, '-o', output])).exitCode, 3);
      assert.equal(readFileSync(output, 'utf8'), 'previous');
    });

    it('exits 3 for a folder without lockfiles', async () => {
      const run = await runVeriship(['sbom', temporaryDirectory()]);
      assert.equal(run.exitCode, 3);
      assert.match(run.stderr, /no supported lockfile found/);
    });

    it('writes the same bytes however the folder is named (relative, absolute, with a trailing slash)', async () => {
      for (const format of ['spdx-json', 'spdx3-json', 'cyclonedx-json']) {
        const outputs = new Set<string>();
        for (const target of [relative(process.cwd(), nodeApp), nodeApp, `${nodeApp}/`]) {
          const run = await runVeriship(['sbom', target, '--quiet', '--format', format], epoch);
          assert.equal(run.exitCode, 0, run.stderr);
          outputs.add(run.stdout);
        }
        assert.equal(outputs.size, 1, format);
        assert.doesNotMatch([...outputs][0] ?? '', /\/work\/|examples\/node-app\/package-lock/, format);
      }
    });

    it('exits 3 for a SOURCE_DATE_EPOCH that is not a number', async () => {
      const run = await runVeriship(['sbom', nodeApp], { SOURCE_DATE_EPOCH: 'yesterday' });
      assert.equal(run.exitCode, 3);
      assert.match(run.stderr, /SOURCE_DATE_EPOCH/);
    });

    it('exits 3 for a SOURCE_DATE_EPOCH past the year 9999, which no timestamp can state', async () => {
      for (const epoch of ['253402300800', '99999999999999']) {
        const run = await runVeriship(['sbom', nodeApp], { SOURCE_DATE_EPOCH: epoch });
        assert.equal(run.exitCode, 3, run.stderr);
        assert.match(run.stderr, /SOURCE_DATE_EPOCH: \d+ is after 9999-12-31T23:59:59Z/);
      }
      const last = await runVeriship(['sbom', nodeApp, '--quiet'], { SOURCE_DATE_EPOCH: '253402300799' });
      assert.equal(last.exitCode, 0, last.stderr);
      assert.match(last.stdout, /"timestamp": "9999-12-31T23:59:59.000Z"/);
    });
  });
});

describe('veriship sbom validate / diff', () => {
  it('exits 0 for a valid SBOM, 1 for an invalid one, 3 for an unreadable one', async () => {
    const directory = temporaryDirectory();
    const valid = join(directory, 'valid.json');
    await runVeriship(['sbom', nodeApp, '-o', valid], epoch);
    assert.equal((await runVeriship(['sbom', 'validate', valid])).exitCode, 0);
    const bom = JSON.parse(readFileSync(valid, 'utf8'));
    bom.components[0].hashes[0].content = 'not-hex';
    const invalid = join(directory, 'invalid.json');
    writeFileSync(invalid, JSON.stringify(bom));
    const run = await runVeriship(['sbom', 'validate', invalid, '--format', 'json']);
    assert.equal(run.exitCode, 1);
    assert.equal(JSON.parse(run.stdout).valid, false);
    const truncated = join(directory, 'truncated.json');
    writeFileSync(truncated, readFileSync(valid, 'utf8').slice(0, 100));
    assert.equal((await runVeriship(['sbom', 'validate', truncated])).exitCode, 3);
  });

  it('reports an upgrade as a change and fails on it with --fail-on changed', async () => {
    const directory = temporaryDirectory();
    const before = join(directory, 'before.json');
    await runVeriship(['sbom', nodeApp, '-o', before], epoch);
    const bom = JSON.parse(readFileSync(before, 'utf8'));
    const target = bom.components.find((component: { name: string }) => component.name === 'semver');
    target.version = '99.0.0';
    target.purl = target.purl.replace(/@[^@]+$/, '@99.0.0');
    const after = join(directory, 'after.json');
    writeFileSync(after, JSON.stringify(bom));
    const run = await runVeriship(['sbom', 'diff', before, after, '--format', 'json']);
    assert.equal(run.exitCode, 0, run.stderr);
    const diff = JSON.parse(run.stdout);
    assert.equal(diff.changed.length, 1);
    assert.deepEqual(diff.added, []);
    assert.equal((await runVeriship(['sbom', 'diff', before, after, '--fail-on', 'changed'])).exitCode, 1);
    assert.equal(
      (await runVeriship(['sbom', 'diff', before, after, '--fail-on', 'added,removed'])).exitCode,
      0,
    );
  });
});

describe('veriship sbom merge', () => {
  it('writes one valid SBOM, byte-identical across runs, with the SOURCE_DATE_EPOCH timestamp', async () => {
    const directory = temporaryDirectory();
    const node = join(directory, 'node.json');
    const python = join(directory, 'python.json');
    await runVeriship(['sbom', nodeApp, '-o', node], epoch);
    await runVeriship(['sbom', pythonApp, '-o', python], epoch);
    const output = join(directory, 'merged.json');
    const run = await runVeriship(['sbom', 'merge', node, python, '--name', 'all', '-o', output], epoch);
    assert.equal(run.exitCode, 0, run.stderr);
    const text = readFileSync(output, 'utf8');
    assert.equal(await cycloneDxSchemaErrors(text), null);
    const merged = JSON.parse(text);
    assert.equal(merged.metadata.timestamp, '2026-01-01T00:00:00.000Z');
    assert.equal(merged.metadata.component.name, 'all');
    const again = await runVeriship(['sbom', 'merge', node, python, '--name', 'all'], epoch);
    assert.equal(again.stdout, text);
  });

  it('exits 3 on a CycloneDX XML input, names it as such, and writes no output', async () => {
    const directory = temporaryDirectory();
    const json = join(directory, 'node.json');
    await runVeriship(['sbom', nodeApp, '-o', json], epoch);
    const xml = join(directory, 'node.xml');
    await runVeriship(['sbom', nodeApp, '--format', 'cyclonedx-xml', '-o', xml], epoch);
    const output = join(directory, 'merged.json');
    const run = await runVeriship(['sbom', 'merge', json, xml, '-o', output]);
    assert.equal(run.exitCode, 3, run.stderr);
    assert.equal(
      run.stderr,
      `veriship: ${xml}: sbom merge reads CycloneDX JSON; this is CycloneDX XML 1.6\n`,
    );
    assert.equal(existsSync(output), false);
  });
});
