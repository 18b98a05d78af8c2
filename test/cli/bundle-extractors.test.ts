import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeWheel } from '../../src/sbom/extractors/__fixtures__/wheel-zip-writer/zip-writer.js';
import { corpusPath, repositoryRoot } from '../../src/testing/corpus.js';

/**
 * The bundle is what users run, and bundling can break a dependency that works from source (bundled
 * CommonJS reading `__filename`, say). One real input per extractor goes through dist/cli.mjs.
 */
const inputs: { file: string; type?: string }[] = [
  { file: 'lockfiles/npm-v1/atom/package-lock.json' },
  { file: 'lockfiles/npm-v3/npm-cli/package-lock.json' },
  { file: 'lockfiles/pnpm-v9/vue-core/pnpm-lock.yaml' },
  { file: 'lockfiles/yarn-v1/webpack/yarn.lock' },
  { file: 'lockfiles/yarn-berry/prettier/yarn.lock' },
  { file: 'lockfiles/uv/flask/uv.lock' },
  { file: 'lockfiles/poetry-2/poetry/poetry.lock' },
  { file: 'lockfiles/pipfile/pipenv/Pipfile.lock' },
  { file: 'lockfiles/requirements/warehouse-main/main.txt', type: 'requirements-txt' },
];

describe('the bundled CLI', () => {
  for (const input of inputs) {
    it(`reads ${input.file}`, () => {
      const args = [join(repositoryRoot, 'dist', 'cli.mjs'), 'sbom', corpusPath(input.file), '--quiet'];
      if (input.type) args.push('--type', input.type);
      const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
      assert.equal(result.status, 0, result.stderr);
      assert.ok(JSON.parse(result.stdout).components.length > 0, 'the SBOM lists components');
    });
  }

  it('reads a wheel (yauzl is CommonJS: its functions sit on the bundled namespace default)', () => {
    const directory = mkdtempSync(join(tmpdir(), 'veriship-bundle-wheel-'));
    const path = join(directory, 'demo_pkg-1.2.0-py3-none-any.whl');
    const metadata = 'Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.2.0\nLicense-Expression: MIT\n';
    writeFileSync(
      path,
      writeWheel({
        name: 'demo_pkg',
        version: '1.2.0',
        metadata,
        files: [{ name: 'demo_pkg/__init__.py', data: '' }],
      }),
    );
    const result = spawnSync(process.execPath, [join(repositoryRoot, 'dist', 'cli.mjs'), 'sbom', path], {
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    const sbom = JSON.parse(result.stdout);
    // One wheel's SBOM describes the wheel, not the folder it is in.
    assert.equal(sbom.metadata.component.name, 'demo-pkg');
    assert.equal(sbom.metadata.component.version, '1.2.0');
    assert.equal(sbom.metadata.component.purl, 'pkg:pypi/demo-pkg@1.2.0');
    assert.deepEqual(sbom.metadata.component.licenses, [{ license: { id: 'MIT' } }]);
    assert.deepEqual(sbom.components ?? [], [], 'the wheel is the subject, not one of its components');
  });

  for (const name of ['valid-bom-1.6.json', 'valid-bom-1.6.xml']) {
    it(`validates ${name} (ajv and xmllint-wasm load from node_modules)`, () => {
      const sbom = corpusPath('sbom', 'cyclonedx', 'spec-tests', '1.6', name);
      const result = spawnSync(
        process.execPath,
        [join(repositoryRoot, 'dist', 'cli.mjs'), 'sbom', 'validate', sbom],
        {
          encoding: 'utf8',
        },
      );
      assert.equal(result.status, 0, result.stderr + result.stdout);
    });
  }
});
