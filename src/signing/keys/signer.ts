import { constants } from 'node:buffer';
import { createPublicKey, createSign, type KeyObject, sign } from 'node:crypto';
import { SigningError } from '../../errors.js';
import { keyIdOf } from '../key-id.js';

/**
 * The key types veriship signs with, as Sigstore's algorithm registry names them
 * (sigstore/architecture-docs, algorithm-registry.md):
 * - `ecdsa-p256`: ECDSA on NIST P-256 with SHA-256, ASN.1 DER signature (`PKIX_ECDSA_P256_SHA_256`);
 * - `ed25519`: pure Ed25519, RFC 8032 §5.1 (`PKIX_ED25519`), signing the message itself.
 */
export type KeyAlgorithm = 'ecdsa-p256' | 'ed25519';
export const keyAlgorithms: readonly KeyAlgorithm[] = ['ecdsa-p256', 'ed25519'];

/** An incremental signature over a message given in chunks. */
export interface MessageSigner {
  /** Feeds the next chunk. The chunk may be reused by the caller once this returns. */
  update(chunk: Uint8Array): void;
  /** The signature over every chunk fed so far, in order. */
  finish(): Promise<Uint8Array>;
}

/**
 * Everything signing needs from a key, so that a cloud KMS or a PKCS#11 token can stand in for a local key
 * without touching callers: they hash locally in `startMessage` and send the digest in `finish`.
 */
export interface Signer {
  /** Hex SHA-256 of the public key's SPKI DER (`keyIdOf`). */
  readonly keyId: string;
  readonly algorithm: KeyAlgorithm;
  readonly publicKey: KeyObject;
  /** Signs `data` whole (a DSSE PAE, a small message). */
  sign(data: Uint8Array): Promise<Uint8Array>;
  /**
   * Signs a message too large to hold: constant memory for ECDSA; pure Ed25519 hashes the message twice
   * (RFC 8032 §5.1.6), so it must buffer it.
   */
  startMessage(): MessageSigner;
}

/**
 * The algorithm of a key, or `SIGNING_ALGORITHM_UNSUPPORTED` (RSA, P-384, Ed448, …).
 * @throws SigningError SIGNING_ALGORITHM_UNSUPPORTED
 */
export function keyAlgorithmOf(key: KeyObject, origin: string): KeyAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return 'ecdsa-p256';
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const kind = `${key.asymmetricKeyType ?? key.type}${curve ? ` (${curve})` : ''}`;
  throw new SigningError({
    code: 'SIGNING_ALGORITHM_UNSUPPORTED',
    file: origin,
    message: `${kind} keys are not supported; use ${keyAlgorithms.join(' or ')}`,
  });
}

class EcdsaMessageSigner implements MessageSigner {
  readonly #sign = createSign('sha256');
  constructor(readonly privateKey: KeyObject) {}
  update(chunk: Uint8Array): void {
    this.#sign.update(chunk);
  }
  async finish(): Promise<Uint8Array> {
    return this.#sign.sign({ key: this.privateKey, dsaEncoding: 'der' });
  }
}

class Ed25519MessageSigner implements MessageSigner {
  readonly #chunks: Buffer[] = [];
  #size = 0;
  constructor(readonly privateKey: KeyObject) {}
  update(chunk: Uint8Array): void {
    this.#size += chunk.length;
    if (this.#size > constants.MAX_LENGTH) {
      throw new SigningError({
        code: 'SIGNING_ALGORITHM_UNSUPPORTED',
        message: `pure Ed25519 signs the whole message at once, and it is over ${constants.MAX_LENGTH} bytes; use an ecdsa-p256 key`,
      });
    }
    this.#chunks.push(Buffer.from(chunk));
  }
  async finish(): Promise<Uint8Array> {
    return sign(null, Buffer.concat(this.#chunks), this.privateKey);
  }
}

/**
 * A `Signer` over a private key held in this process.
 * @throws SigningError SIGNING_ALGORITHM_UNSUPPORTED, SIGNING_KEY_INVALID (a public key)
 */
export function localKeySigner(privateKey: KeyObject, origin = 'key'): Signer {
  if (privateKey.type !== 'private') {
    throw new SigningError({
      code: 'SIGNING_KEY_INVALID',
      file: origin,
      message: 'this is a public key; signing needs the private key',
    });
  }
  const algorithm = keyAlgorithmOf(privateKey, origin);
  // createPublicKey derives the public half of a private KeyObject.
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    algorithm,
    publicKey,
    async sign(data) {
      // Synchronous on purpose: a P-256 or Ed25519 signature costs tens of microseconds, less than a hop to
      // the thread pool would.
      return algorithm === 'ed25519'
        ? sign(null, data, privateKey)
        : sign('sha256', data, { key: privateKey, dsaEncoding: 'der' });
    },
    startMessage() {
      return algorithm === 'ed25519'
        ? new Ed25519MessageSigner(privateKey)
        : new EcdsaMessageSigner(privateKey);
    },
  };
}
