import { createHash } from 'node:crypto';
import { isVerishipError } from '../../errors.js';
import { fileReadError } from '../../io/file-system.js';
import { consumeFile, sha256 } from '../digest.js';
import type { Signer } from '../keys/signer.js';
import { type BundleJson, base64, bundleV03MediaType } from './bundle-json.js';

export interface MessageSignatureParts {
  /** SHA-256 of the artifact. */
  digest: Uint8Array;
  /** The signature over the artifact itself (which, for ECDSA P-256, signs its SHA-256). */
  signature: Uint8Array;
  keyId: string;
}

/**
 * A key-based bundle v0.3 with a `messageSignature`. It has no transparency-log entry and no timestamp: the
 * verifier trusts the key out of band, so a Sigstore verifier must be told to require none
 * (`@sigstore/verify`'s `Verifier` with `tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0`, and a
 * `TrustMaterial` whose `publicKey(hint)` returns the key; cosign's `--insecure-ignore-tlog`).
 * The JSON matches what `@sigstore/bundle` writes for the same signature (`bundleToJSON`), field for field.
 */
export function messageSignatureBundle(parts: MessageSignatureParts): BundleJson {
  return {
    mediaType: bundleV03MediaType,
    verificationMaterial: { publicKey: { hint: parts.keyId }, timestampVerificationData: {} },
    messageSignature: {
      messageDigest: { algorithm: 'SHA2_256', digest: base64(parts.digest) },
      signature: base64(parts.signature),
    },
  };
}

/** Signs an artifact held in memory. */
export async function signMessage(data: Uint8Array, signer: Signer): Promise<BundleJson> {
  const signature = await signer.sign(data);
  return messageSignatureBundle({ digest: sha256(data), signature, keyId: signer.keyId });
}

export interface SignedFile {
  bundle: BundleJson;
  sha256: Buffer;
  size: number;
}

/**
 * Signs a file, reading it once: each chunk goes to the SHA-256 for the bundle's digest and to the
 * signer. Constant memory for ECDSA keys (pure Ed25519 must hold the message; see `Signer.startMessage`).
 * An ECDSA signature hashes the chunks a second time: node:crypto cannot sign a precomputed digest, and
 * reading the file once matters more than hashing it once.
 * @throws InputError when the file cannot be read; SigningError from the signer
 */
export async function signFile(path: string, signer: Signer): Promise<SignedFile> {
  const hash = createHash('sha256');
  const message = signer.startMessage();
  let size: number;
  try {
    size = await consumeFile(path, (chunk) => {
      hash.update(chunk);
      message.update(chunk);
    });
  } catch (error) {
    if (isVerishipError(error)) throw error;
    throw fileReadError(path, error);
  }
  const digest = hash.digest();
  const signature = await message.finish();
  return { bundle: messageSignatureBundle({ digest, signature, keyId: signer.keyId }), sha256: digest, size };
}
