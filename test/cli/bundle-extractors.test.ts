import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
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
