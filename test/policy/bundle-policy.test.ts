import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { corpusPath, hasCorpus, repositoryRoot } from '../../src/testing/corpus.js';

/**
 * The bundled CLI carries the built-in pack as text and @bufbuild/cel, spdx-satisfies and the SBOM
 * reader inside it: one run of each policy command through dist/cli.mjs (built by `npm test`).
 */
describe('the bundled CLI: policy', { skip: !hasCorpus() }, () => {
  const directory = mkdtempSync(join(tmpdir(), 'veriship-policy-bundle-'));
  after(() => rmSync(directory, { recursive: true, force: true }));
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(repositoryRoot, 'dist', 'cli.mjs'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, SOURCE_DATE_EPOCH: '1780272000' },
      maxBuffer: 1 << 26,
    });

  it('policy init writes a pack that policy eval uses, evaluating CEL over a real SBOM', () => {
    const policy = join(directory, 'policy.yaml');
    const init = cli('policy', 'init', '-o', policy);
    assert.equal(init.status, 0, init.stderr);
    const sbom = corpusPath('sbom', 'cyclonedx', 'real', 'dropwizard-1.3.15', 'bom.json');
    const run = cli('policy', 'eval', '--policy', policy, '--sbom', sbom, '--format', 'json');
    assert.equal(run.status, 1, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.rules.length, 7);
    assert.ok(
      result.rules.find((rule: { id: string }) => rule.id === 'license-allowlist').violations.length > 0,
      'spdx-satisfies ran inside the bundle',
    );
  });

  it('policy test runs the built-in pack tests', () => {
    const run = cli('policy', 'test', join(repositoryRoot, 'src', 'policy', 'packs', 'tests'));
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });
});
