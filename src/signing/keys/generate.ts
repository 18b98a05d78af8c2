import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
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
  const { privateKey, publicKey } = freshKeyPair(algorithm);
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

/**
 * A new key pair whose KeyObjects no key-generation job holds. On Node 20, exporting a key from
 * `generateKeyPairSync` as JWK deadlocks the process when the garbage collector frees its generation job
 * during the export (the export holds the key's lock while it allocates; the job's destructor takes the
 * same lock): a loop of generate + JWK export hangs at 0% CPU within a few iterations, in
 * `KeyObjectHandle::ExportJWK` under `~KeyGenJob`. PEM and DER exports do not. @sigstore/mock exports the
 * keys it is given as JWK, which hung a test file. Encoding inside the job and importing the PEM again
 * gives keys with no such tie; the same loop then runs 200,000 times.
 */
export function freshKeyPair(algorithm: KeyAlgorithm): { privateKey: KeyObject; publicKey: KeyObject } {
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
  const privateKeyEncoding = { type: 'pkcs8', format: 'pem' } as const;
  const pair =
    algorithm === 'ed25519'
      ? generateKeyPairSync('ed25519', { publicKeyEncoding, privateKeyEncoding })
      : generateKeyPairSync('ec', { namedCurve: 'prime256v1', publicKeyEncoding, privateKeyEncoding });
  return { privateKey: createPrivateKey(pair.privateKey), publicKey: createPublicKey(pair.publicKey) };
}
