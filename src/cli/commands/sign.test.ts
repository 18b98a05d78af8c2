import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundleFromJSON, isBundleWithCertificateChain } from '@sigstore/bundle';
import { toSignedEntity, Verifier } from '@sigstore/verify';
import { generateKeyPair } from '../../signing/keys/generate.js';
import { type MockSigstore, startMockSigstore } from '../../testing/mock-sigstore.js';
import { publicKeyTrustMaterial, verifyWithSigstoreJs } from '../../testing/public-key-trust.js';
import { runCommand } from '../../testing/run-command.js';
import { signCommand } from './sign.js';

const pair = generateKeyPair('ecdsa-p256', { passphrase: 'release passphrase' });
const trust = publicKeyTrustMaterial(pair.keyId, createPublicKey(pair.publicKeyPem));

describe('veriship sign', () => {
  let directory: string;
  let keyPath: string;
  let artifacts: string[];
  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'veriship-sign-cli-'));
    keyPath = join(directory, 'release.key');
    await writeFile(keyPath, pair.privateKeyPem, { mode: 0o600 });
    artifacts = [join(directory, 'app-1.0.tgz'), join(directory, 'app 1.0.whl')];
    for (const path of artifacts) await writeFile(path, `bytes of ${path}`);
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('writes FILE.sigstore.json for each file, verifiable by @sigstore/verify', async () => {
    const run = await runCommand(signCommand, [...artifacts, '--key', keyPath, '--passphrase-env', 'PASS'], {
      PASS: 'release passphrase',
    });
    assert.equal(run.exitCode, 0, run.stderr);
    for (const artifact of artifacts) {
      const bundle: unknown = JSON.parse(await readFile(`${artifact}.sigstore.json`, 'utf8'));
      verifyWithSigstoreJs(bundle, trust, await readFile(artifact));
      assert.match(
        run.stdout,
        new RegExp(
          `${artifact.replace(/[.]/g, '\\.')}\\.sigstore\\.json  sha256:[0-9a-f]{64}  key ${pair.keyId}`,
        ),
      );
    }
  });

  it('takes the key from an environment variable and reports JSON', async () => {
    const run = await runCommand(
      signCommand,
      [artifacts[0] as string, '--key-env', 'SIGNING_KEY', '--passphrase-env', 'PASS', '--format', 'json'],
      { SIGNING_KEY: pair.privateKeyPem, PASS: 'release passphrase' },
    );
    assert.equal(run.exitCode, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { signed: { file: string; bundle: string; keyId: string }[] };
    assert.deepEqual(
      report.signed.map(({ file, bundle, keyId }) => ({ file, bundle, keyId })),
      [{ file: artifacts[0], bundle: `${artifacts[0]}.sigstore.json`, keyId: pair.keyId }],
    );
  });

  it('exits 3 naming the missing passphrase variable of an encrypted key', async () => {
    const run = await runCommand(signCommand, [
      artifacts[0] as string,
      '--key',
      keyPath,
      '--passphrase-env',
      'PASS',
    ]);
    assert.equal(run.exitCode, 3);
    assert.match(run.stderr, /PASS/);
    const none = await runCommand(signCommand, [artifacts[0] as string, '--key', keyPath]);
    assert.equal(none.exitCode, 3);
    assert.match(none.stderr, /encrypted/);
  });

  it('exits 3 on a wrong passphrase', async () => {
    const run = await runCommand(
      signCommand,
      [artifacts[0] as string, '--key', keyPath, '--passphrase-env', 'P'],
      {
        P: 'not it',
      },
    );
    assert.equal(run.exitCode, 3);
    assert.match(run.stderr, /wrong passphrase/);
  });

  for (const [label, argv] of [
    ['no file', ['--key', 'k']],
    ['no key', ['f']],
    ['two keys', ['f', '--key', 'k', '--key-env', 'K']],
    ['a key and --keyless', ['f', '--key', 'k', '--keyless']],
    ['a keyless flag with a key', ['f', '--key', 'k', '--fulcio-url', 'https://f']],
    ['--keyless without a token', ['f', '--keyless']],
    ['a bad URL', ['f', '--keyless', '--identity-token', 'a.b.c', '--rekor-url', 'ftp://x']],
  ] as const) {
    it(`is a usage error with ${label}`, async () => {
      assert.equal((await runCommand(signCommand, [...argv])).exitCode, 2);
    });
  }
});

describe('veriship sign --keyless against a local Fulcio and Rekor', () => {
  let mock: MockSigstore;
  let directory: string;
  before(async () => {
    mock = await startMockSigstore();
    directory = await mkdtemp(join(tmpdir(), 'veriship-sign-keyless-'));
  });
  after(async () => {
    await mock.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('signs with the token from SIGSTORE_ID_TOKEN and writes a v0.3 bundle with certificate and tlog entry', async () => {
    const artifact = join(directory, 'app.tgz');
    await writeFile(artifact, 'keyless artifact');
    const subject = 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0';
    const claims = { iss: 'https://token.actions.githubusercontent.com', sub: subject, aud: 'sigstore' };
    const token = ['{"alg":"RS256"}', JSON.stringify(claims), 'sig']
      .map((part) => Buffer.from(part).toString('base64url'))
      .join('.');
    const run = await runCommand(
      signCommand,
      [artifact, '--keyless', '--fulcio-url', mock.fulcioUrl, '--rekor-url', `${mock.rekorUrl}/`],
      { SIGSTORE_ID_TOKEN: token },
    );
    assert.equal(run.exitCode, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`URI:${subject}  Rekor log index \\d+`));
    const json: unknown = JSON.parse(await readFile(`${artifact}.sigstore.json`, 'utf8'));
    const bundle = bundleFromJSON(json);
    assert.equal(bundle.mediaType, 'application/vnd.dev.sigstore.bundle.v0.3+json');
    assert.equal(isBundleWithCertificateChain(bundle), false);
    assert.equal(bundle.verificationMaterial.tlogEntries.length, 1);
    const verifier = new Verifier(mock.trustMaterial);
    verifier.verify(toSignedEntity(bundle, await readFile(artifact)), { subjectAlternativeName: subject });
  });
});
