/**
 * Test support (not part of the library surface): fresh Sigstore bundles made with node:crypto directly,
 * never with the sign module, so the verifier is tested against an independent producer.
 */
import { createHash, type KeyObject, sign } from 'node:crypto';
import { preAuthenticationEncoding } from '../dsse-pae.js';
import { keyIdOf } from '../key-id.js';
import { freshKeyPair } from '../keys/generate.js';

export type TestAlgorithm = 'ecdsa-p256' | 'ed25519';

export interface TestKey {
  algorithm: TestAlgorithm;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

export function generateTestKey(algorithm: TestAlgorithm): TestKey {
  const { privateKey, publicKey } = freshKeyPair(algorithm === 'ed25519' ? 'ed25519' : 'ecdsa-p256');
  return {
    algorithm,
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

function signBytes(key: TestKey, data: Uint8Array): Buffer {
  return sign(key.algorithm === 'ed25519' ? null : 'sha256', data, key.privateKey);
}

// biome-ignore lint/suspicious/noExplicitAny: test bundles are edited freely to tamper with them
export type BundleJson = Record<string, any>;

export const v03MediaType = 'application/vnd.dev.sigstore.bundle.v0.3+json';

/** A v0.3 bundle with a message signature over `artifact` and `publicKey.hint` = the key id. */
export function messageSignatureBundle(
  key: TestKey,
  artifact: Uint8Array,
  options: { hint?: boolean } = {},
): BundleJson {
  return {
    mediaType: v03MediaType,
    verificationMaterial: {
      ...(options.hint === false ? { publicKey: {} } : { publicKey: { hint: key.keyId } }),
      tlogEntries: [],
    },
    messageSignature: {
      messageDigest: {
        algorithm: 'SHA2_256',
        digest: createHash('sha256').update(artifact).digest('base64'),
      },
      signature: signBytes(key, artifact).toString('base64'),
    },
  };
}

/** An in-toto statement naming `artifact` (by SHA-256) as its subject. */
export function statementFor(artifact: Uint8Array, name = 'artifact.tgz'): Buffer {
  return Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name, digest: { sha256: createHash('sha256').update(artifact).digest('hex') } }],
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: {},
    }),
  );
}

/** A v0.3 bundle with a DSSE envelope: the signature is over PAE(payloadType, payload). */
export function dsseBundle(
  key: TestKey,
  payload: Buffer,
  payloadType = 'application/vnd.in-toto+json',
): BundleJson {
  return {
    mediaType: v03MediaType,
    verificationMaterial: { publicKey: { hint: key.keyId }, tlogEntries: [] },
    dsseEnvelope: {
      payload: payload.toString('base64'),
      payloadType,
      signatures: [
        {
          sig: signBytes(key, preAuthenticationEncoding(payloadType, payload)).toString('base64'),
          keyid: '',
        },
      ],
    },
  };
}

export function encodeBundle(bundle: BundleJson): Buffer {
  return Buffer.from(JSON.stringify(bundle));
}

/** Flips the lowest bit of one byte of a base64 field's decoded value. */
export function flipBase64(value: string, index = 0): string {
  const bytes = Buffer.from(value, 'base64');
  bytes[index] = (bytes[index] as number) ^ 0x01;
  return bytes.toString('base64');
}
