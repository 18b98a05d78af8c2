import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { keyIdOf } from '../key-id.js';
import { generateKeyPair } from './generate.js';
import { parsePrivateKey } from './load.js';
import { type KeyAlgorithm, keyAlgorithms } from './signer.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

function openssl(args: string[], input: string, environment: Record<string, string> = {}) {
  return spawnSync('openssl', args, { input, env: { ...process.env, ...environment } });
}

describe('generateKeyPair', () => {
  for (const algorithm of keyAlgorithms) {
    describe(algorithm, () => {
      const pair = generateKeyPair(algorithm, { passphrase: 'correct horse' });

      it('writes an encrypted PKCS#8 private key and an SPKI public key', () => {
        assert.match(pair.privateKeyPem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
        assert.match(pair.publicKeyPem, /^-----BEGIN PUBLIC KEY-----\n/);
        assert.equal(pair.encrypted, true);
        assert.equal(pair.algorithm, algorithm);
      });

      it('round-trips through the passphrase', () => {
        const privateKey = parsePrivateKey(pair.privateKeyPem, {
          origin: 'test.key',
          passphrase: 'correct horse',
        });
        const expected: Record<KeyAlgorithm, string> = { 'ecdsa-p256': 'ec', ed25519: 'ed25519' };
        assert.equal(privateKey.asymmetricKeyType, expected[algorithm]);
        assert.equal(keyIdOf(createPublicKey(privateKey)), pair.keyId);
      });

      it('names the key by the SHA-256 of its SPKI DER', () => {
        const der = createPublicKey(pair.publicKeyPem).export({ type: 'spki', format: 'der' });
        assert.equal(pair.keyId, createHash('sha256').update(der).digest('hex'));
        assert.match(pair.keyId, /^[0-9a-f]{64}$/);
      });

      it('agrees with openssl on the key id (openssl pkey -pubin -outform DER | sha256sum)', {
        skip: !hasOpenssl && 'openssl not installed',
      }, () => {
        const der = openssl(['pkey', '-pubin', '-outform', 'DER'], pair.publicKeyPem);
        assert.equal(der.status, 0, der.stderr.toString());
        const sum = spawnSync('sha256sum', { input: der.stdout });
        assert.equal(sum.stdout.toString().split(' ')[0], pair.keyId);
      });

      it('is opened by openssl with the same passphrase, and not with another', {
        skip: !hasOpenssl && 'openssl not installed',
      }, () => {
        const right = openssl(['pkey', '-passin', 'env:PASS', '-pubout'], pair.privateKeyPem, {
          PASS: 'correct horse',
        });
        assert.equal(right.status, 0, right.stderr.toString());
        assert.equal(right.stdout.toString(), pair.publicKeyPem);
        const wrong = openssl(['pkey', '-passin', 'env:PASS', '-pubout'], pair.privateKeyPem, {
          PASS: 'wrong',
        });
        assert.notEqual(wrong.status, 0);
      });
    });
  }

  it('writes a plain PKCS#8 key when no passphrase is given', () => {
    const pair = generateKeyPair('ed25519', { passphrase: undefined });
    assert.match(pair.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.equal(pair.encrypted, false);
  });

  it('refuses an empty passphrase', () => {
    assert.throws(() => generateKeyPair('ecdsa-p256', { passphrase: '' }), {
      code: 'SIGNING_PASSPHRASE_MISSING',
    });
  });

  it('makes a new key each time', () => {
    const options = { passphrase: undefined };
    assert.notEqual(generateKeyPair('ed25519', options).keyId, generateKeyPair('ed25519', options).keyId);
  });
});
