import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateKeyPair } from '../../signing/keys/generate.js';
import { encodeBundle, generateTestKey, messageSignatureBundle } from '../../signing/verify/test-bundles.js';
import { corpusPath, hasCorpus } from '../../testing/corpus.js';
import { runCommand } from '../../testing/run-command.js';
import { signCommand } from './sign.js';
import { verifyCommand } from './verify.js';

const key = generateTestKey('ecdsa-p256');
const other = generateTestKey('ed25519');

describe('veriship verify', () => {
  let directory: string;
  let artifact: string;
  let bundle: string;
  let keyPath: string;
  const path = (name: string) => join(directory, name);

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'veriship-verify-cli-'));
    artifact = path('app-1.0.tgz');
    await writeFile(artifact, 'the release tarball\n');
    bundle = `${artifact}.sigstore.json`;
    await writeFile(bundle, encodeBundle(messageSignatureBundle(key, await readFile(artifact))));
    keyPath = path('release.pub');
    await writeFile(keyPath, key.publicKeyPem);
    await writeFile(path('other.pub'), other.publicKeyPem);
    await writeFile(path('garbage.json'), '{"mediaType": ');
    await writeFile(path('tampered.tgz'), 'the release tarball!\n');
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('prints every check with ✓ and exits 0 when verified (bundle defaults to FILE.sigstore.json)', async () => {
    const run = await runCommand(verifyCommand, [artifact, '--key', keyPath]);
    assert.equal(run.exitCode, 0, run.stderr);
    for (const check of ['bundle-parse', 'bundle-media-type', 'artifact-digest', 'signature', 'key-trust']) {
      assert.match(run.stdout, new RegExp(`  ✓ ${check}`));
    }
    assert.match(run.stdout, /^verified: all 5 checks passed$/m);
  });

  it('prints the VerificationResult with --format json', async () => {
    const run = await runCommand(verifyCommand, [
      artifact,
      '--bundle',
      bundle,
      '--key',
      keyPath,
      '--format',
      'json',
    ]);
    assert.equal(run.exitCode, 0);
    const result = JSON.parse(run.stdout);
    assert.equal(result.verified, true);
    assert.deepEqual(Object.keys(result), ['verified', 'checks', 'signer']);
    assert.equal(result.checks.length, 5);
    assert.equal(typeof result.signer.keyId, 'string', 'the verified signer is named');
  });

  it('verifies with a keyring', async () => {
    const keyring = path('keyring.json');
    await writeFile(
      keyring,
      JSON.stringify({
        keys: [
          { keyid: other.keyId, publicKey: other.publicKeyPem },
          { keyid: key.keyId, publicKey: key.publicKeyPem, validFrom: '2020-01-01T00:00:00Z' },
        ],
      }),
    );
    assert.equal((await runCommand(verifyCommand, [artifact, '--keyring', keyring])).exitCode, 0);
  });

  it('exits 1 and marks the failed checks with ✗ when a check fails', async () => {
    const run = await runCommand(verifyCommand, [path('tampered.tgz'), '--bundle', bundle, '--key', keyPath]);
    assert.equal(run.exitCode, 1);
    assert.match(run.stdout, / {2}✗ artifact-digest: /);
    assert.match(run.stdout, / {2}✗ signature: /);
    assert.match(run.stdout, /^NOT verified: 2 of 5 checks failed$/m);
    const wrongKey = await runCommand(verifyCommand, [
      artifact,
      '--key',
      path('other.pub'),
      '--format',
      'json',
    ]);
    assert.equal(wrongKey.exitCode, 1);
    assert.equal(JSON.parse(wrongKey.stdout).verified, false);
  });

  it('verifies what veriship sign writes (ECDSA P-256 and Ed25519), and rejects it with another key', async () => {
    for (const algorithm of ['ecdsa-p256', 'ed25519'] as const) {
      const pair = generateKeyPair(algorithm, { passphrase: 'secret' });
      const signed = path(`signed-${algorithm}.bin`);
      await writeFile(signed, `artifact signed with ${algorithm}\n`);
      await writeFile(path(`${algorithm}.key`), pair.privateKeyPem, { mode: 0o600 });
      await writeFile(path(`${algorithm}.pub`), pair.publicKeyPem);
      const sign = await runCommand(
        signCommand,
        [signed, '--key', path(`${algorithm}.key`), '--passphrase-env', 'PASS'],
        {
          PASS: 'secret',
        },
      );
      assert.equal(sign.exitCode, 0, sign.stderr);
      const run = await runCommand(verifyCommand, [signed, '--key', path(`${algorithm}.pub`)]);
      assert.equal(run.exitCode, 0, run.stdout);
      assert.equal((await runCommand(verifyCommand, [signed, '--key', keyPath])).exitCode, 1);
    }
  });

  it('exits 1 (bundle-parse), not 3, for a bundle that does not parse', async () => {
    const run = await runCommand(verifyCommand, [
      artifact,
      '--bundle',
      path('garbage.json'),
      '--key',
      keyPath,
    ]);
    assert.equal(run.exitCode, 1);
    assert.match(run.stdout, /✗ bundle-parse: not valid JSON/);
  });

  it('exits 1 (a failed check), not 4, for a bundle naming an Object.prototype member', async () => {
    const crafted = JSON.parse(await readFile(bundle, 'utf8'));
    crafted.messageSignature.messageDigest.algorithm = 'constructor';
    await writeFile(path('constructor.json'), JSON.stringify(crafted));
    const run = await runCommand(verifyCommand, [
      artifact,
      '--bundle',
      path('constructor.json'),
      '--key',
      keyPath,
    ]);
    assert.equal(run.exitCode, 1, run.stderr);
    assert.match(run.stdout, /✗ artifact-digest: unsupported digest algorithm constructor/);
  });

  it('exits 3 when an input cannot be read or parsed', async () => {
    const cases: [string[], RegExp][] = [
      [[artifact, '--bundle', path('missing.json'), '--key', keyPath], /missing\.json: no such file/],
      [[path('missing.tgz'), '--bundle', bundle, '--key', keyPath], /missing\.tgz: no such file/],
      [[artifact, '--key', path('missing.pub')], /missing\.pub: no such file/],
      [[artifact, '--key', path('garbage.json')], /garbage\.json: not a PEM public key/],
      [[artifact, '--keyring', path('garbage.json')], /garbage\.json: \$: not valid JSON/],
      [[artifact, '--key', keyPath, '--trusted-root', path('garbage.json')], /garbage\.json: not valid JSON/],
      [[directory, '--bundle', bundle, '--key', keyPath], /is a directory/],
    ];
    for (const [argv, message] of cases) {
      const run = await runCommand(verifyCommand, argv);
      assert.equal(run.exitCode, 3, `${argv.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
    }
  });

  it('exits 2 on usage errors', async () => {
    const cases: string[][] = [
      [artifact],
      [],
      [artifact, artifact, '--key', keyPath],
      [artifact, '--key', keyPath, '--keyring', keyPath],
      [artifact, '--certificate-identity', 'x', '--certificate-oidc-issuer', 'y'],
      [artifact, '--certificate-identity', 'x', '--trusted-root', keyPath],
      [artifact, '--certificate-oidc-issuer', 'y', '--trusted-root', keyPath],
      [
        artifact,
        '--certificate-identity',
        'x',
        '--certificate-identity-regexp',
        'y',
        '--certificate-oidc-issuer',
        'z',
      ],
      [artifact, '--key', keyPath, '--certificate-identity', 'x', '--certificate-oidc-issuer', 'y'],
      [artifact, '--key', keyPath, '--format', 'yaml'],
    ];
    for (const argv of cases) {
      const run = await runCommand(verifyCommand, argv);
      assert.equal(run.exitCode, 2, `${argv.join(' ')}: ${run.stderr}`);
    }
  });

  describe('keyless, against the conformance corpus', { skip: !hasCorpus() }, () => {
    const cases = corpusPath('sigstore', 'conformance', 'bundle-verify');
    const root = corpusPath('sigstore', 'trusted-roots', 'production', 'trusted_root.json');
    const keyless = (bundlePath: string, ...flags: string[]) =>
      runCommand(verifyCommand, [
        join(cases, 'a.txt'),
        '--bundle',
        bundlePath,
        '--trusted-root',
        root,
        '--certificate-oidc-issuer',
        'https://token.actions.githubusercontent.com',
        ...flags,
      ]);

    it('verifies with an exact identity or an anchored regular expression', async () => {
      const happy = join(cases, 'happy-path-v0.3', 'bundle.sigstore.json');
      const exact = await keyless(
        happy,
        '--certificate-identity',
        'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main',
      );
      assert.equal(exact.exitCode, 0, exact.stdout);
      for (const check of [
        'certificate-chain',
        'certificate-identity',
        'certificate-issuer',
        'sct',
        'tlog-set',
      ]) {
        assert.match(exact.stdout, new RegExp(`✓ ${check}`));
      }
      const pattern = await keyless(
        happy,
        '--certificate-identity-regexp',
        'https://github\\.com/sigstore-conformance/.*',
      );
      assert.equal(pattern.exitCode, 0, pattern.stdout);
      const prefixOnly = await keyless(
        happy,
        '--certificate-identity-regexp',
        'https://github\\.com/sigstore-conformance/',
      );
      assert.equal(prefixOnly.exitCode, 1);
      assert.match(prefixOnly.stdout, /✗ certificate-identity/);
    });

    it('exits 1 for a conformance _fail case and 2 for an invalid pattern', async () => {
      const run = await keyless(
        join(cases, 'set-invalid-signature_fail', 'bundle.sigstore.json'),
        '--certificate-identity-regexp',
        '.*',
      );
      assert.equal(run.exitCode, 1);
      assert.match(run.stdout, /✗ tlog-set/);
      const invalid = await keyless(
        join(cases, 'happy-path-v0.3', 'bundle.sigstore.json'),
        '--certificate-identity-regexp',
        '(',
      );
      assert.equal(invalid.exitCode, 2);
    });

    it('exits 3 for a trusted root that must be rejected', async () => {
      const directory = join(cases, 'trust-root-tlog-missing-validity-start_fail');
      const run = await runCommand(verifyCommand, [
        join(cases, 'a.txt'),
        '--bundle',
        join(directory, 'bundle.sigstore.json'),
        '--trusted-root',
        join(directory, 'trusted_root.json'),
        '--certificate-identity-regexp',
        '.*',
        '--certificate-oidc-issuer',
        'https://token.actions.githubusercontent.com',
      ]);
      assert.equal(run.exitCode, 3);
      assert.match(run.stderr, /validFor\.start: missing/);
    });
  });
});
