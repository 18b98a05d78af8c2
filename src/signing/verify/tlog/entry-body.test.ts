import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { BundleContent, TransparencyLogEntry } from '../bundle.js';
import { generateTestKey } from '../test-bundles.js';
import { matchEntryBody, type SignerMaterial } from './entry-body.js';

const key = generateTestKey('ecdsa-p256');
const spki = key.publicKey.export({ type: 'spki', format: 'der' });
const signer: SignerMaterial = { kind: 'public-key', spki };
const publicKeyPem = Buffer.from(key.publicKeyPem).toString('base64');
const signature = Buffer.from('a signature, as far as the body is concerned');
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

function entry(kind: string, version: string, spec: unknown): TransparencyLogEntry {
  return {
    logIndex: 1n,
    logId: Buffer.alloc(32),
    kind,
    version,
    integratedTime: undefined,
    signedEntryTimestamp: undefined,
    inclusionProof: undefined,
    canonicalizedBody: Buffer.from(JSON.stringify({ apiVersion: version, kind, spec })),
  };
}

describe('matchEntryBody', () => {
  const artifactDigest = sha256(Buffer.from('artifact'));
  const message: BundleContent = {
    kind: 'message-signature',
    digestAlgorithm: 'SHA2_256',
    digest: artifactDigest,
    signature,
  };
  const hashedRekord = (value: string) =>
    entry('hashedrekord', '0.0.1', {
      data: { hash: { algorithm: 'sha256', value } },
      signature: { content: signature.toString('base64'), publicKey: { content: publicKeyPem } },
    });

  const payload = Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}');
  const envelope: BundleContent = {
    kind: 'dsse-envelope',
    payloadType: 'application/vnd.in-toto+json',
    payload,
    signature,
  };
  const dsse = (value: string) =>
    entry('dsse', '0.0.1', {
      payloadHash: { algorithm: 'sha256', value },
      signatures: [{ signature: signature.toString('base64'), verifier: publicKeyPem }],
    });

  it('matches a hashedrekord 0.0.1 and a dsse 0.0.1 body about this bundle', () => {
    assert.deepEqual(matchEntryBody(hashedRekord(artifactDigest.toString('hex')), message, signer), []);
    assert.deepEqual(matchEntryBody(dsse(sha256(payload).toString('hex')), envelope, signer), []);
  });

  describe('when a logged hex digest has an extra digit', () => {
    // Node's hex decoder drops an odd trailing digit, so `<digest>0` decoded to the digest itself.
    it('fails the hashedrekord artifact digest', () => {
      assert.deepEqual(matchEntryBody(hashedRekord(`${artifactDigest.toString('hex')}0`), message, signer), [
        'the logged artifact digest differs',
      ]);
    });

    it('fails the dsse payload digest', () => {
      assert.deepEqual(matchEntryBody(dsse(`${sha256(payload).toString('hex')}f`), envelope, signer), [
        'the logged payload digest differs',
      ]);
    });
  });
});
