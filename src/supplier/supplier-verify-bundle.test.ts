import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repositoryRoot } from '../testing/corpus.js';
import {
  advisoryFor,
  corpusSbom,
  makeKey,
  workspace,
  writeDatabase,
  writeSignedSbom,
  writeTrustPolicy,
} from './__fixtures__/supplier-workspace.js';

/**
 * The bundle is what users run (`node scripts/build.mjs` first; `npm test` builds): the command's lazy
 * chunk, the trust-policy YAML, Sigstore verification, ajv and better-sqlite3 all load from dist/cli.mjs.
 */
describe('the bundled CLI', () => {
  it('runs supplier verify end to end', async () => {
    const directory = await workspace();
    const acme = makeKey();
    const policy = await writeTrustPolicy(directory, [{ name: 'Acme, Inc.', keys: [acme] }]);
    const database = await writeDatabase(directory, [
      advisoryFor('TEST-2025-0003', 'Maven', 'com.example:absent'),
    ]);
    const document = await corpusSbom('cyclonedx', 'spec-tests', '1.6', 'valid-bom-1.6.json');
    const { sbom } = await writeSignedSbom(directory, 'acme.cdx.json', document, acme);
    const result = spawnSync(
      process.execPath,
      [
        join(repositoryRoot, 'dist', 'cli.mjs'),
        'supplier',
        'verify',
        sbom,
        '--trust',
        policy,
        '--db',
        database,
        '--format',
        'json',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr + result.stdout);
    const verification = JSON.parse(result.stdout);
    assert.equal(verification.verified, true);
    assert.equal(verification.supplier, 'Acme, Inc.');
    await rm(directory, { recursive: true, force: true });
  });
});
