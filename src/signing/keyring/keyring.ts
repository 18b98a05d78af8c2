import { createPublicKey, type KeyObject } from 'node:crypto';
import { parseDocument } from 'yaml';
import { yamlDateTime } from '../../dates.js';
import { SigningError } from '../../errors.js';
import { keyIdOf } from '../key-id.js';

/**
 * A keyring: the public keys a verifier trusts, each with an optional validity window and revocation
 * (docs/keyring.md). Keys rotate by closing one key's window (`validUntil`) and opening the next one's;
 * revocation is for compromise and rejects every signature made with the key.
 */
export interface KeyRevocation {
  at: Date | undefined;
  reason: string | undefined;
}

export interface KeyringKey {
  /** Lowercase hex SHA-256 of the SubjectPublicKeyInfo DER (src/signing/key-id.ts). */
  keyId: string;
  publicKey: KeyObject;
  validFrom: Date | undefined;
  validUntil: Date | undefined;
  revoked: KeyRevocation | undefined;
}

export interface Keyring {
  /** `key` for a single key given with `--key` (no window, never revoked), `keyring` for a keyring file. */
  source: 'key' | 'keyring';
  file: string;
  keys: KeyringKey[];
}

const keyringFields = ['keys'];
const keyFields = ['keyid', 'publicKey', 'validFrom', 'validUntil', 'revoked'];
const revocationFields = ['at', 'reason'];

function invalid(file: string, path: string, message: string): SigningError {
  return new SigningError({ code: 'SIGNING_KEYRING_INVALID', file, message: `${path}: ${message}` });
}

/**
 * Parses a keyring file: JSON when the name ends in `.json`, YAML otherwise. Strict: unknown fields, a
 * field given twice, duplicate key ids, a `keyid` that is not the key's own id, an unsupported key type or
 * a window that ends before it starts are all errors, reported with the file and the JSON path.
 *
 * @throws SigningError SIGNING_KEYRING_INVALID
 */
export function parseKeyring(text: string, file: string): Keyring {
  let data: unknown;
  if (file.toLowerCase().endsWith('.json')) {
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw invalid(file, '$', `not valid JSON: ${(error as Error).message}`);
    }
    // JSON.parse keeps the last of two same-named fields, so `"revoked": true, …, "revoked": false` would
    // silently un-revoke a key. JSON is YAML 1.2, whose parser reports the duplicate.
    const duplicate = parseDocument(text, { uniqueKeys: true }).errors.find(
      (error) => error.code === 'DUPLICATE_KEY',
    );
    if (duplicate) throw invalid(file, '$', `a field is given twice: ${duplicate.message.split('\n')[0]}`);
  } else {
    const document = parseDocument(text, { uniqueKeys: true });
    const [error] = document.errors;
    if (error) throw invalid(file, '$', `not valid YAML: ${error.message.split('\n')[0]}`);
    data = document.toJS();
  }
  const root = expectObject(data, file, '$', keyringFields);
  if (!Array.isArray(root.keys)) throw invalid(file, '$.keys', 'required: a list of keys');
  if (root.keys.length === 0) throw invalid(file, '$.keys', 'empty: a keyring must list at least one key');
  const seen = new Set<string>();
  const keys = root.keys.map((item: unknown, index: number) => {
    const key = readKey(item, file, `$.keys[${index}]`);
    if (seen.has(key.keyId)) throw invalid(file, `$.keys[${index}].keyid`, `duplicate key id ${key.keyId}`);
    seen.add(key.keyId);
    return key;
  });
  return { source: 'keyring', file, keys };
}

/**
 * A keyring of one key, from a PEM `SubjectPublicKeyInfo` (`-----BEGIN PUBLIC KEY-----`).
 *
 * @throws SigningError SIGNING_KEY_INVALID (not a PEM public key), SIGNING_ALGORITHM_UNSUPPORTED
 */
export function keyringFromPublicKey(pem: string, file: string): Keyring {
  if (!pem.includes('-----BEGIN PUBLIC KEY-----')) {
    throw new SigningError({
      code: 'SIGNING_KEY_INVALID',
      file,
      message: 'not a PEM public key (expected -----BEGIN PUBLIC KEY-----)',
    });
  }
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new SigningError({
      code: 'SIGNING_KEY_INVALID',
      file,
      message: `unreadable public key: ${(error as Error).message}`,
      cause: error,
    });
  }
  const problem = unsupportedKeyType(publicKey);
  if (problem) throw new SigningError({ code: 'SIGNING_ALGORITHM_UNSUPPORTED', file, message: problem });
  return {
    source: 'key',
    file,
    keys: [
      {
        keyId: keyIdOf(publicKey),
        publicKey,
        validFrom: undefined,
        validUntil: undefined,
        revoked: undefined,
      },
    ],
  };
}

/** Why a key cannot verify signatures here, or undefined for ECDSA P-256/P-384/P-521 and Ed25519. */
export function unsupportedKeyType(publicKey: KeyObject): string | undefined {
  const type = publicKey.asymmetricKeyType;
  if (type === 'ed25519') return undefined;
  if (type === 'ec') {
    const curve = publicKey.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1' || curve === 'secp384r1' || curve === 'secp521r1') return undefined;
    return `unsupported elliptic curve ${curve ?? 'unknown'} (supported: P-256, P-384, P-521)`;
  }
  return `unsupported key type ${type ?? 'unknown'} (supported: ECDSA P-256/P-384/P-521, Ed25519)`;
}

/**
 * The keys a bundle's `publicKey.hint` names. A hint is the key id, written by veriship as lowercase hex
 * and by other Sigstore clients as the base64 of the same SHA-256; both are accepted.
 */
export function keysForHint(keyring: Keyring, hint: string): KeyringKey[] {
  const keyId = normalizeHint(hint);
  return keyId === undefined ? [] : keyring.keys.filter((key) => key.keyId === keyId);
}

export function normalizeHint(hint: string): string | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(hint)) return hint.toLowerCase();
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(hint)) {
    const bytes = Buffer.from(hint.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 32) return bytes.toString('hex');
  }
  return undefined;
}

function expectObject(value: unknown, file: string, path: string, fields: string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(file, path, 'expected a mapping');
  }
  for (const key of Object.keys(value)) {
    if (!fields.includes(key))
      throw invalid(file, `${path}.${key}`, `unknown field (allowed: ${fields.join(', ')})`);
  }
  return value as Record<string, unknown>;
}

function readDate(value: unknown, file: string, path: string): Date {
  const date = yamlDateTime(value);
  if (!date) {
    throw invalid(
      file,
      path,
      `expected an RFC 3339 date-time such as 2025-01-31T00:00:00Z, got ${JSON.stringify(value)}`,
    );
  }
  return date;
}

function readKey(value: unknown, file: string, path: string): KeyringKey {
  const object = expectObject(value, file, path, keyFields);
  if (typeof object.publicKey !== 'string')
    throw invalid(file, `${path}.publicKey`, 'required: a PEM public key');
  let publicKey: KeyObject;
  try {
    publicKey = keyringFromPublicKey(object.publicKey, file).keys[0]?.publicKey as KeyObject;
  } catch (error) {
    throw invalid(file, `${path}.publicKey`, (error as Error).message);
  }
  const keyId = keyIdOf(publicKey);
  if (typeof object.keyid !== 'string')
    throw invalid(file, `${path}.keyid`, `required (this key's id is ${keyId})`);
  if (object.keyid.toLowerCase() !== keyId) {
    throw invalid(file, `${path}.keyid`, `${object.keyid} is not the id of this public key (${keyId})`);
  }
  const validFrom =
    object.validFrom === undefined ? undefined : readDate(object.validFrom, file, `${path}.validFrom`);
  const validUntil =
    object.validUntil === undefined ? undefined : readDate(object.validUntil, file, `${path}.validUntil`);
  if (validFrom && validUntil && validUntil < validFrom) {
    throw invalid(file, `${path}.validUntil`, 'is before validFrom');
  }
  return {
    keyId,
    publicKey,
    validFrom,
    validUntil,
    revoked: readRevocation(object.revoked, file, `${path}.revoked`),
  };
}

function readRevocation(value: unknown, file: string, path: string): KeyRevocation | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { at: undefined, reason: undefined };
  const object = expectObject(value, file, path, revocationFields);
  if (object.reason !== undefined && typeof object.reason !== 'string') {
    throw invalid(file, `${path}.reason`, 'expected a string');
  }
  return {
    at: object.at === undefined ? undefined : readDate(object.at, file, `${path}.at`),
    reason: object.reason as string | undefined,
  };
}
