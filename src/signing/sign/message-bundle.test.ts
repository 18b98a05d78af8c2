import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundleFromJSON, bundleToJSON, toMessageSignatureBundle } from '@sigstore/bundle';
import { toSignedEntity, Verifier } from '@sigstore/verify';
import { publicKeyTrustMaterial, verifyWithSigstoreJs } from '../../testing/public-key-trust.js';
import { fileChunkSize, sha256 } from '../digest.js';
import { localKeySigner } from '../keys/signer.js';
import { bundleV03MediaType, serializeBundle } from './bundle-json.js';
import { messageSignatureBundle, signFile, signMessage } from './message-bundle.js';

const ecdsa = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const ecdsaSigner = localKeySigner(ecdsa.privateKey);
const ecdsaTrust = publicKeyTrustMaterial(ecdsaSigner.keyId, ecdsa.publicKey);
const ed25519 = generateKeyPairSync('ed25519');
const ed25519Signer = localKeySigner(ed25519.privateKey);

function flipByte(data: Buffer, index = 0): Buffer {
  const copy = Buffer.from(data);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

describe('messageSignatureBundle', () => {
  it('is the JSON @sigstore/bundle writes for the same key-based signature', () => {
    const digest = randomBytes(32);
    const signature = randomBytes(71);
    const ours = messageSignatureBundle({ digest, signature, keyId: 'abc123' });
    const theirs = bundleToJSON(toMessageSignatureBundle({ digest, signature, keyHint: 'abc123' }));
    assert.deepEqual(ours, theirs);
    assert.equal(JSON.stringify(ours), JSON.stringify(theirs), 'same field order too');
    assert.equal(ours.mediaType, bundleV03MediaType);
    assert.equal(ours.messageSignature?.messageDigest.algorithm, 'SHA2_256');
    assert.equal(ours.verificationMaterial.publicKey?.hint, 'abc123');
  });
});

describe('signMessage with an ECDSA P-256 key', () => {
  const artifact = Buffer.from('veriship-1.0.0.tgz contents\n');

  it('verifies with @sigstore/verify (public-key trust material, thresholds 0)', async () => {
    const bundle = await signMessage(artifact, ecdsaSigner);
    const signer = verifyWithSigstoreJs(bundle, ecdsaTrust, artifact);
    assert.equal(signer.key, ecdsa.publicKey);
  });

  it("is rejected under @sigstore/verify's default thresholds, which expect a timestamp and a tlog entry", async () => {
    const bundle = await signMessage(artifact, ecdsaSigner);
    const verifier = new Verifier(ecdsaTrust);
    assert.throws(() => verifier.verify(toSignedEntity(bundleFromJSON(bundle), artifact)), {
      code: 'TIMESTAMP_ERROR',
    });
    const withTimestampsWaived = new Verifier(ecdsaTrust, { timestampThreshold: 0 });
    assert.throws(() => withTimestampsWaived.verify(toSignedEntity(bundleFromJSON(bundle), artifact)), {
      code: 'TLOG_ERROR',
    });
  });

  it('round-trips through the serialized file form', async () => {
    const bundle = await signMessage(artifact, ecdsaSigner);
    const reparsed: unknown = JSON.parse(serializeBundle(bundle));
    verifyWithSigstoreJs(reparsed, ecdsaTrust, artifact);
    assert.deepEqual(bundleToJSON(bundleFromJSON(reparsed)), bundle);
  });

  it('fails when one byte of the artifact is flipped', async () => {
    const bundle = await signMessage(artifact, ecdsaSigner);
    assert.throws(() => verifyWithSigstoreJs(bundle, ecdsaTrust, flipByte(artifact, 5)), {
      code: 'SIGNATURE_ERROR',
    });
  });

  it('fails under another key', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
    const bundle = await signMessage(artifact, ecdsaSigner);
    assert.throws(() =>
      verifyWithSigstoreJs(bundle, publicKeyTrustMaterial(ecdsaSigner.keyId, other), artifact),
    );
  });
});

describe('signMessage with an Ed25519 key', () => {
  const artifact = Buffer.from('wheel bytes');

  it('signs the artifact itself with pure Ed25519, deterministically', async () => {
    const first = await signMessage(artifact, ed25519Signer);
    const second = await signMessage(artifact, ed25519Signer);
    assert.deepEqual(first, second);
    const signature = Buffer.from(first.messageSignature?.signature ?? '', 'base64');
    assert.ok(verify(null, artifact, ed25519.publicKey, signature));
    assert.equal(first.messageSignature?.messageDigest.digest, sha256(artifact).toString('base64'));
  });

  // @sigstore/verify 3.x checks message signatures with crypto.verify('sha256', …), which OpenSSL refuses
  // for Ed25519 keys ("invalid digest"), so sigstore-js cannot verify pure Ed25519 message signatures;
  // cosign and sigstore-go can. If this starts failing, sigstore-js gained support: update the help of
  // `veriship sign`.
  it('is not verifiable by @sigstore/verify 3.x (a documented sigstore-js limitation)', async () => {
    const bundle = await signMessage(artifact, ed25519Signer);
    const trust = publicKeyTrustMaterial(ed25519Signer.keyId, ed25519.publicKey);
    assert.throws(() => verifyWithSigstoreJs(bundle, trust, artifact), { code: 'SIGNATURE_ERROR' });
  });
});

describe('signFile', () => {
  let directory: string;
  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'veriship-sign-'));
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  for (const size of [0, 1, fileChunkSize - 1, fileChunkSize, 2 * fileChunkSize + 3]) {
    it(`signs a ${size}-byte file read in chunks as if read whole`, async () => {
      const content = randomBytes(size);
      const path = join(directory, `artifact-${size}.bin`);
      await writeFile(path, content);
      const signed = await signFile(path, ecdsaSigner);
      assert.equal(signed.size, size);
      assert.deepEqual(signed.sha256, sha256(content));
      verifyWithSigstoreJs(signed.bundle, ecdsaTrust, content);
      const ed = await signFile(path, ed25519Signer);
      assert.deepEqual(ed.bundle, await signMessage(content, ed25519Signer));
    });
  }

  it('reports a missing file as INPUT_NOT_FOUND', async () => {
    await assert.rejects(signFile(join(directory, 'missing'), ecdsaSigner), {
      code: 'INPUT_NOT_FOUND',
      file: join(directory, 'missing'),
    });
  });

  it('reports a directory as INPUT_UNREADABLE', async () => {
    await assert.rejects(signFile(directory, ecdsaSigner), { code: 'INPUT_UNREADABLE' });
  });
});
