/**
 * `veriship release --keyless` against a local Fulcio and Rekor (@sigstore/mock over real HTTP): the
 * policy gate verifies this run's keyless signatures with the given trust root, and a consumer verifies
 * the release by identity.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { corpusPath, hasCorpus, repositoryRoot } from '../../src/testing/corpus.js';
import { type MockSigstore, startMockSigstore } from '../../src/testing/mock-sigstore.js';
import { gitCheckout } from '../../src/testing/release-workspace.js';
import { runVeriship } from '../../src/testing/run-cli.js';

const workspace = mkdtempSync(join(tmpdir(), 'veriship-release-keyless-'));
const subject = 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.2.0';
const issuer = 'https://token.actions.githubusercontent.com';
const token = ['{"alg":"RS256"}', JSON.stringify({ iss: issuer, sub: subject, aud: 'sigstore' }), 'sig']
  .map((part) => Buffer.from(part).toString('base64url'))
  .join('.');

function project(name: string): string {
  const directory = join(workspace, name);
  mkdirSync(join(directory, 'dist'), { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) {
    cpSync(join(repositoryRoot, 'examples', 'node-app', file), join(directory, file));
  }
  gitCheckout(directory, name);
  writeFileSync(join(directory, 'dist', 'app-1.2.0.tgz'), 'the artifact\n');
  return directory;
}

describe('veriship release --keyless', { skip: !hasCorpus() && 'no corpus' }, () => {
  let mock: MockSigstore;
  const database = join(workspace, 'db');
  const trustedRoot = join(workspace, 'trusted_root.json');
  before(async () => {
    mock = await startMockSigstore();
    writeFileSync(trustedRoot, mock.trustedRootJson);
    assert.equal((await runVeriship(['db', 'import', corpusPath('osv'), '--db', database])).exitCode, 0);
  });
  after(async () => mock.close());

  const release = (directory: string, ...flags: string[]) =>
    runVeriship(
      [
        'release',
        '--project',
        directory,
        '--dist',
        join(directory, 'dist'),
        '--keyless',
        '--fulcio-url',
        mock.fulcioUrl,
        '--rekor-url',
        mock.rekorUrl,
        '--db',
        database,
        ...flags,
      ],
      { SIGSTORE_ID_TOKEN: token },
    );

  it('signs with the workflow identity, passes the gate with the trust root, and verifies by identity', async () => {
    const directory = project('keyless');
    const run = await release(directory, '--trusted-root', trustedRoot);
    assert.equal(run.exitCode, 0, run.stderr);
    assert.match(run.stderr, /✓ signatures .*keyless https:\/\/github\.com\/acme\/app/);
    const dist = join(directory, 'dist');
    const verify = (identity: string) =>
      runVeriship([
        'verify-release',
        dist,
        '--certificate-identity',
        identity,
        '--certificate-oidc-issuer',
        issuer,
        '--trusted-root',
        trustedRoot,
      ]);
    const verified = await verify(subject);
    assert.equal(verified.exitCode, 0, verified.stdout);
    const someoneElse = await verify(
      'https://github.com/evil/app/.github/workflows/release.yml@refs/tags/v1.2.0',
    );
    assert.equal(someoneElse.exitCode, 1, 'another identity');
    assert.match(someoneElse.stdout, /✗ manifest-signature release\.json: .*certificate-identity/);
  });

  it('without a trust root the gate cannot verify keyless signatures: denied, no manifest', async () => {
    const directory = project('keyless-no-root');
    const run = await release(directory);
    assert.equal(run.exitCode, 1, run.stderr);
    assert.match(run.stderr, /✗ policy .*signed-artifacts/);
    assert.ok(!existsSync(join(directory, 'dist', 'release.json')), 'no manifest');
  });
});
