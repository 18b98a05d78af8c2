import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkStatementV1 } from '../../provenance/conformance.js';
import { generateKeyPair } from '../../signing/keys/generate.js';
import { gitCheckout } from '../../testing/release-workspace.js';
import { runCommand } from '../../testing/run-command.js';
import { attestProvenanceCommand } from './attest-provenance.js';

const pair = generateKeyPair('ecdsa-p256', { passphrase: undefined });

const github = {
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_REF: 'refs/tags/v1.2.0',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/release.yml@refs/tags/v1.2.0',
  SOURCE_DATE_EPOCH: '1764000000',
};

describe('veriship attest provenance: override flags', () => {
  let directory: string;
  let keyPath: string;
  let artifact: string;
  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'veriship-attest-provenance-'));
    keyPath = join(directory, 'release.key');
    await writeFile(keyPath, pair.privateKeyPem, { mode: 0o600 });
    artifact = join(directory, 'app-1.2.0.tgz');
    await writeFile(artifact, 'an npm package\n');
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const attest = (output: string, flags: string[]) =>
    runCommand(
      attestProvenanceCommand,
      ['--subject', artifact, '--key', keyPath, '-o', join(directory, output), ...flags],
      github,
    );

  it('--source-uri with credentials: the token never reaches the provenance', async () => {
    const run = await attest('creds.json', [
      '--source-uri',
      'https://ci:s3cret-token@github.com/acme/mirror.git',
    ]);
    assert.equal(run.exitCode, 0, run.stderr);
    const text = await readFile(join(directory, 'creds.json'), 'utf8');
    assert.ok(!text.includes('s3cret'), 'no token in the statement');
    assert.ok(
      !(await readFile(join(directory, 'creds.sigstore.json'), 'utf8')).includes('czNjcmV0'),
      'nor in the bundle',
    );
    const statement = JSON.parse(text);
    assert.equal(
      statement.predicate.buildDefinition.externalParameters.repository,
      'https://github.com/acme/mirror',
    );
    assert.equal(
      statement.predicate.buildDefinition.resolvedDependencies[0].uri,
      'git+https://github.com/acme/mirror@refs/tags/v1.2.0',
    );
    assert.deepEqual(checkStatementV1(statement), []);
  });

  it('overrides that are well formed give conformant provenance', async () => {
    const run = await attest('good.json', [
      '--builder-id',
      'https://builder.example/x',
      '--source-uri',
      'git@github.com:acme/app.git',
      '--source-ref',
      'refs/heads/release',
      '--source-commit',
      'B'.repeat(40),
    ]);
    assert.equal(run.exitCode, 0, run.stderr);
    const statement = JSON.parse(await readFile(join(directory, 'good.json'), 'utf8'));
    assert.deepEqual(checkStatementV1(statement), []);
    assert.equal(
      statement.predicate.buildDefinition.resolvedDependencies[0].digest.gitCommit,
      'b'.repeat(40),
    );
  });

  it('a --source-dir that does not exist is an error naming it (exit 3), not provenance without a source', async () => {
    const missing = join(directory, 'no-such-checkout');
    const run = await attest('no-source-dir.json', ['--source-dir', missing]);
    assert.equal(run.exitCode, 3, run.stderr);
    assert.match(run.stderr, /no-such-checkout: no such directory/);
    assert.ok(!existsSync(join(directory, 'no-source-dir.json')), 'no statement written');
  });

  // Each of these used to be signed as given, into provenance our own verify-attestation rejects.
  const refused: [string, string[], RegExp][] = [
    ['a builder id that is no URI', ['--builder-id', 'my-builder'], /--builder-id must be a URI/],
    ['a source without a scheme', ['--source-uri', 'github.com/acme/app'], /--source-uri must be a URL/],
    ['a source that is a local path', ['--source-uri', '/srv/git/app.git'], /--source-uri must be a URL/],
    ['a short ref', ['--source-ref', 'v1.2.0'], /--source-ref must be a full git ref/],
    [
      'a commit that is a branch name',
      ['--source-commit', 'main'],
      /--source-commit must be a full commit id/,
    ],
    ['an abbreviated commit', ['--source-commit', '0123456'], /--source-commit must be a full commit id/],
  ];
  for (const [name, flags, message] of refused) {
    it(`refuses ${name} (exit 2, nothing written)`, async () => {
      const output = `refused-${name.replace(/\W+/g, '-')}.json`;
      const run = await attest(output, flags);
      assert.equal(run.exitCode, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.ok(!existsSync(join(directory, output)), 'no statement written');
    });
  }
});

describe('veriship attest provenance in a dirty checkout', () => {
  it('warns on stderr with the veriship prefix, in text and JSON mode, and records it', async () => {
    const checkout = await mkdtemp(join(tmpdir(), 'veriship-attest-dirty-'));
    try {
      gitCheckout(checkout, 'dirty');
      const keyFile = join(checkout, 'dist', 'release.key');
      await mkdir(join(checkout, 'dist'), { recursive: true });
      await writeFile(keyFile, pair.privateKeyPem, { mode: 0o600 });
      const artifact = join(checkout, 'dist', 'app.tgz');
      await writeFile(artifact, 'bytes\n');
      await writeFile(join(checkout, 'uncommitted.txt'), 'a change\n');
      for (const format of ['text', 'json']) {
        const run = await runCommand(attestProvenanceCommand, [
          '--subject',
          artifact,
          '--key',
          keyFile,
          '--source-dir',
          checkout,
          '-o',
          join(checkout, 'dist', `provenance-${format}.json`),
          '--format',
          format,
        ]);
        assert.equal(run.exitCode, 0, run.stderr);
        assert.equal(run.stderr, 'veriship: warning: the git tree is dirty; the provenance records it\n');
        assert.doesNotMatch(run.stdout, /warning/);
      }
    } finally {
      await rm(checkout, { recursive: true, force: true });
    }
  });
});
