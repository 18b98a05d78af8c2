import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { keyIdOf } from '../key-id.js';
import { localKeySigner } from './signer.js';

const message = Buffer.from('the quick brown fox jumps over the lazy dog\n'.repeat(1000));

async function signInChunks(signer: ReturnType<typeof localKeySigner>, data: Buffer, size: number) {
  const incremental = signer.startMessage();
  for (let offset = 0; offset < data.length; offset += size)
    incremental.update(data.subarray(offset, offset + size));
  return incremental.finish();
}

describe('localKeySigner', () => {
  describe('Ed25519', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = localKeySigner(privateKey);

    it('is deterministic (RFC 8032 §5.1.6): the same message gives the same signature', async () => {
      const first = Buffer.from(await signer.sign(message));
      const second = Buffer.from(await signer.sign(message));
      assert.deepEqual(first, second);
      assert.equal(first.length, 64);
    });

    it('signs a message fed in chunks exactly as the whole message (pure Ed25519)', async () => {
      assert.deepEqual(
        Buffer.from(await signInChunks(signer, message, 777)),
        Buffer.from(await signer.sign(message)),
      );
      assert.ok(verify(null, message, publicKey, await signInChunks(signer, message, 4096)));
    });

    it('names its key', () => {
      assert.equal(signer.keyId, keyIdOf(publicKey));
      assert.equal(signer.algorithm, 'ed25519');
    });
  });

  describe('ECDSA P-256', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const signer = localKeySigner(privateKey);

    it('makes randomized DER signatures over SHA-256 that verify', async () => {
      const first = Buffer.from(await signer.sign(message));
      const second = Buffer.from(await signer.sign(message));
      assert.notDeepEqual(first, second);
      assert.equal(first[0], 0x30, 'an ASN.1 SEQUENCE (DER), not IEEE P1363 r||s');
      for (const signature of [first, second]) {
        assert.ok(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature));
      }
    });

    it('signs a message fed in chunks as the whole message', async () => {
      const signature = await signInChunks(signer, message, 1000);
      assert.ok(verify('sha256', message, publicKey, signature));
    });
  });

  it('refuses a public key', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    assert.throws(() => localKeySigner(publicKey), { code: 'SIGNING_KEY_INVALID' });
  });
});
