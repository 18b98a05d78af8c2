import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nodeFileSystem } from '../../io/file-system.js';
import { generateKeyPair } from './generate.js';
import { parsePrivateKey, readSigner } from './load.js';

const encrypted = generateKeyPair('ecdsa-p256', { passphrase: 'sesame' });
const plain = generateKeyPair('ed25519', { passphrase: undefined });

describe('parsePrivateKey', () => {
  it('asks for a passphrase when the key is encrypted', () => {
    assert.throws(() => parsePrivateKey(encrypted.privateKeyPem, { origin: 'release.key' }), {
      code: 'SIGNING_KEY_ENCRYPTED',
      file: 'release.key',
      message: /encrypted.*--passphrase-env/,
    });
  });

  it('says the passphrase is wrong, naming where it came from', () => {
    assert.throws(
      () =>
        parsePrivateKey(encrypted.privateKeyPem, {
          origin: 'release.key',
          passphrase: 'open barley',
          passphraseOrigin: '$KEY_PASSPHRASE',
        }),
      { code: 'SIGNING_KEY_INVALID', message: /cannot decrypt .* from \$KEY_PASSPHRASE: wrong passphrase/ },
    );
  });

  it('rejects a public key, with a hint', () => {
    assert.throws(() => parsePrivateKey(plain.publicKeyPem, { origin: 'release.pub' }), {
      code: 'SIGNING_KEY_INVALID',
      message: /public key; signing needs the private key/,
    });
  });

  it('names the format of an OpenSSH private key, which OpenSSL cannot read', () => {
    const openssh = [
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
      '-----END OPENSSH PRIVATE KEY-----',
      '',
    ].join('\n');
    assert.throws(() => parsePrivateKey(openssh, { origin: 'id_ed25519' }), {
      code: 'SIGNING_KEY_INVALID',
      file: 'id_ed25519',
      message: /OpenSSH-format keys are not supported; give the key as PKCS#8 PEM/,
    });
  });

  it('rejects text that is not PEM', () => {
    assert.throws(() => parsePrivateKey('hello', { origin: 'x' }), { code: 'SIGNING_KEY_INVALID' });
  });

  it('reads the key after other PEM blocks (`openssl ecparam -genkey` writes EC PARAMETERS first)', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const sec1 = String(privateKey.export({ type: 'sec1', format: 'pem' }));
    const withParameters = `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${sec1}`;
    const parsed = parsePrivateKey(withParameters, { origin: 'ecparam.pem' });
    assert.ok(parsed.equals(privateKey));
    const withCertificateFirst = `-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n${plain.privateKeyPem}`;
    assert.equal(parsePrivateKey(withCertificateFirst, { origin: 'both.pem' }).asymmetricKeyType, 'ed25519');
  });

  it('reads a key with CRLF line ends, indented lines or surrounding blank lines', () => {
    const indent = (pem: string) =>
      pem
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n');
    for (const pem of [
      plain.privateKeyPem.replace(/\n/g, '\r\n'),
      indent(plain.privateKeyPem),
      `\n\n${plain.privateKeyPem}\n\n`,
    ]) {
      assert.equal(parsePrivateKey(pem, { origin: 'k' }).asymmetricKeyType, 'ed25519');
    }
    const decrypted = parsePrivateKey(indent(encrypted.privateKeyPem.replace(/\n/g, '\r\n')), {
      origin: 'k',
      passphrase: 'sesame',
    });
    assert.equal(decrypted.asymmetricKeyType, 'ec');
  });

  it('reads SEC 1 EC keys, legacy-encrypted too', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const sec1 = privateKey.export({ type: 'sec1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'pw' });
    assert.throws(() => parsePrivateKey(sec1, { origin: 'k' }), { code: 'SIGNING_KEY_ENCRYPTED' });
    assert.equal(parsePrivateKey(sec1, { origin: 'k', passphrase: 'pw' }).asymmetricKeyType, 'ec');
  });
});

describe('readSigner', () => {
  let directory: string;
  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'veriship-keys-'));
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });
  const read = (options: Omit<Parameters<typeof readSigner>[0], 'fileSystem'>) =>
    readSigner({ ...options, fileSystem: nodeFileSystem });

  it('loads an encrypted key from a file with the passphrase from the environment', async () => {
    const path = join(directory, 'a.key');
    await writeFile(path, encrypted.privateKeyPem);
    const signer = await read({ key: { path }, passphraseVariable: 'PASS', environment: { PASS: 'sesame' } });
    assert.equal(signer.keyId, encrypted.keyId);
    assert.equal(signer.algorithm, 'ecdsa-p256');
  });

  it('loads a key from an environment variable', async () => {
    const signer = await read({
      key: { environmentVariable: 'SIGNING_KEY' },
      environment: { SIGNING_KEY: plain.privateKeyPem },
    });
    assert.equal(signer.keyId, plain.keyId);
    assert.equal(signer.algorithm, 'ed25519');
  });

  it('names the missing passphrase variable', async () => {
    await assert.rejects(
      read({
        key: { environmentVariable: 'K' },
        passphraseVariable: 'KEY_PASSPHRASE',
        environment: { K: encrypted.privateKeyPem },
      }),
      { code: 'SIGNING_PASSPHRASE_MISSING', message: /KEY_PASSPHRASE/ },
    );
  });

  it('names the missing key variable', async () => {
    await assert.rejects(read({ key: { environmentVariable: 'SIGNING_KEY' }, environment: {} }), {
      code: 'SIGNING_KEY_INVALID',
      message: /environment variable SIGNING_KEY .*not set/,
    });
  });

  it('reports a missing key file as missing input', async () => {
    await assert.rejects(read({ key: { path: join(directory, 'nope.key') }, environment: {} }), {
      code: 'INPUT_NOT_FOUND',
    });
  });

  for (const [label, pair] of [
    ['RSA', generateKeyPairSync('rsa', { modulusLength: 2048 })],
    ['P-384', generateKeyPairSync('ec', { namedCurve: 'secp384r1' })],
    ['Ed448', generateKeyPairSync('ed448')],
  ] as const) {
    it(`refuses ${label} keys as SIGNING_ALGORITHM_UNSUPPORTED`, async () => {
      const pem = String(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      await assert.rejects(read({ key: { environmentVariable: 'K' }, environment: { K: pem } }), {
        code: 'SIGNING_ALGORITHM_UNSUPPORTED',
      });
    });
  }
});
