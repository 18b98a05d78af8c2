import { verify as cryptoVerify, type KeyObject } from 'node:crypto';

/**
 * The digest a key's signatures are made over, by key type: ECDSA P-256/SHA-256, P-384/SHA-384,
 * P-521/SHA-512 (the pairings Sigstore's `PublicKeyDetails` allows), RSA PKCS#1 v1.5 with SHA-256 for
 * certificates, and `null` for Ed25519, which hashes inside the algorithm. Undefined: not supported.
 */
export function signatureDigestFor(key: KeyObject): string | null | undefined {
  switch (key.asymmetricKeyType) {
    case 'ed25519':
      return null;
    case 'rsa':
      return 'sha256';
    case 'ec':
      switch (key.asymmetricKeyDetails?.namedCurve) {
        case 'prime256v1':
          return 'sha256';
        case 'secp384r1':
          return 'sha384';
        case 'secp521r1':
          return 'sha512';
        default:
          return undefined;
      }
    default:
      return undefined;
  }
}

export function describeKey(key: KeyObject): string {
  if (key.asymmetricKeyType === 'ec') return `ECDSA ${key.asymmetricKeyDetails?.namedCurve ?? '?'}`;
  return key.asymmetricKeyType ?? 'unknown';
}

/**
 * Verifies a signature over in-memory bytes with the given digest (`null` for Ed25519). ECDSA signatures
 * are DER (`dsaEncoding: 'der'`, the Sigstore encoding). A malformed signature is `false`, not a throw.
 */
export function verifySignature(
  key: KeyObject,
  digest: string | null,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (signature.length === 0) return false;
  try {
    return cryptoVerify(digest, data, key, signature);
  } catch {
    return false;
  }
}
