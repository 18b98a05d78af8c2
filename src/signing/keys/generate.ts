import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SigningError } from '../../errors.js';
import { keyIdOf } from '../key-id.js';
import type { KeyAlgorithm } from './signer.js';

/**
 * The cipher of an encrypted private key: PKCS#8 `EncryptedPrivateKeyInfo` with PBES2 (RFC 8018 §6.2),
 * AES-256-CBC and OpenSSL's PBKDF2-HMAC-SHA256 defaults, as node:crypto writes it. OpenSSL, cosign's
 * `import-key-pair` and every PKCS#8 reader open it.
 */
export const privateKeyCipher = 'aes-256-cbc';

export interface GeneratedKeyPair {
  algorithm: KeyAlgorithm;
  keyId: string;
  /** PKCS#8 PEM: `ENCRYPTED PRIVATE KEY` when a passphrase was given, else `PRIVATE KEY`. */
  privateKeyPem: string;
  /** SubjectPublicKeyInfo PEM (`PUBLIC KEY`). */
  publicKeyPem: string;
  encrypted: boolean;
}

/**
 * A fresh key pair. `passphrase: undefined` leaves the private key unencrypted; the CLI only allows that
 * with `--no-passphrase`.
 * @throws SigningError SIGNING_PASSPHRASE_MISSING when the passphrase is empty
 */
export function generateKeyPair(
  algorithm: KeyAlgorithm,
  options: { passphrase: string | undefined },
): GeneratedKeyPair {
  if (options.passphrase === '') {
    throw new SigningError({
      code: 'SIGNING_PASSPHRASE_MISSING',
      message: 'the passphrase is empty; an empty passphrase does not protect the key',
    });
  }
  const { privateKey, publicKey } = generate(algorithm);
  const privateKeyPem =
    options.passphrase === undefined
      ? privateKey.export({ type: 'pkcs8', format: 'pem' })
      : privateKey.export({
          type: 'pkcs8',
          format: 'pem',
          cipher: privateKeyCipher,
          passphrase: options.passphrase,
        });
  return {
    algorithm,
    keyId: keyIdOf(publicKey),
    privateKeyPem: String(privateKeyPem),
    publicKeyPem: String(publicKey.export({ type: 'spki', format: 'pem' })),
    encrypted: options.passphrase !== undefined,
  };
}

function generate(algorithm: KeyAlgorithm): { privateKey: KeyObject; publicKey: KeyObject } {
  switch (algorithm) {
    case 'ecdsa-p256':
      return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    case 'ed25519':
      return generateKeyPairSync('ed25519');
  }
}
