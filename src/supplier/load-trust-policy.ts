/**
 * A trust policy with the files it names read: key files, keyrings and trusted roots, each resolved
 * relative to the policy file (so a policy and its keys can be checked in together and used from anywhere).
 */
import { dirname, isAbsolute, join } from 'node:path';
import { isVerishipError } from '../errors.js';
import type { FileSystem } from '../io/file-system.js';
import {
  type Keyring,
  type KeyringKey,
  keyringFromPublicKey,
  parseKeyring,
} from '../signing/keyring/keyring.js';
import type { IdentityPolicy } from '../signing/verify/identity.js';
import { parseTrustedRoot, type TrustedRoot } from '../signing/verify/trusted-root.js';
import type { FailOn } from '../vuln/scan.js';
import { SupplierError } from './supplier-error.js';
import { parseTrustPolicy, type TrustPolicyKeySpec, type TrustPolicySupplierSpec } from './trust-policy.js';

export interface TrustedSupplier {
  name: string;
  aliases: string[];
  /** The supplier's keys (its `keys` and its `keyring` together); undefined when it signs keyless only. */
  keyring: Keyring | undefined;
  identities: IdentityPolicy[];
  /** The supplier's trusted root, else the policy's; undefined when neither names one. */
  trustedRoot: TrustedRoot | undefined;
}

export interface TrustPolicy {
  file: string;
  suppliers: TrustedSupplier[];
  /** `scan.failOn` of the policy, when given. */
  failOn: FailOn | undefined;
}

function relativeTo(policyFile: string, path: string): string {
  return isAbsolute(path) ? path : join(dirname(policyFile), path);
}

/**
 * Reads and validates `file` and everything it names.
 *
 * @throws SupplierError SUPPLIER_TRUST_INVALID (the policy, or a key in it, is invalid; a key id is listed
 *   for two suppliers); InputError when a named file cannot be read or a trusted root is malformed;
 *   SigningError SIGNING_KEYRING_INVALID for a malformed keyring file.
 */
export async function loadTrustPolicy(file: string, fileSystem: FileSystem): Promise<TrustPolicy> {
  const document = parseTrustPolicy((await fileSystem.readFile(file)).toString('utf8'), file);
  const roots = new Map<string, TrustedRoot>();
  const readRoot = async (path: string): Promise<TrustedRoot> => {
    const resolved = relativeTo(file, path);
    let root = roots.get(resolved);
    if (!root) {
      root = parseTrustedRoot(await fileSystem.readFile(resolved), resolved);
      roots.set(resolved, root);
    }
    return root;
  };
  const defaultRoot = document.trustedRoot === undefined ? undefined : await readRoot(document.trustedRoot);
  const suppliers: TrustedSupplier[] = [];
  for (const spec of document.suppliers) {
    suppliers.push({
      name: spec.name,
      aliases: spec.aliases,
      keyring: await supplierKeyring(spec, file, fileSystem),
      identities: spec.identities,
      trustedRoot: spec.trustedRoot === undefined ? defaultRoot : await readRoot(spec.trustedRoot),
    });
  }
  checkKeysUnique(document.suppliers, suppliers, file);
  return { file, suppliers, failOn: document.scan.failOn };
}

async function supplierKeyring(
  spec: TrustPolicySupplierSpec,
  file: string,
  fileSystem: FileSystem,
): Promise<Keyring | undefined> {
  const keys: KeyringKey[] = [];
  for (const key of spec.keys) keys.push(await readKey(key, file, fileSystem));
  if (spec.keyring !== undefined) {
    const path = relativeTo(file, spec.keyring);
    keys.push(...parseKeyring((await fileSystem.readFile(path)).toString('utf8'), path).keys);
  }
  if (keys.length === 0) return undefined;
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key.keyId)) {
      throw new SupplierError({
        code: 'SUPPLIER_TRUST_INVALID',
        file,
        message: `${spec.where}: key ${key.keyId} is listed twice`,
      });
    }
    seen.add(key.keyId);
  }
  // `keyring`, not `key`: the bundle's hint selects among the supplier's keys, and windows apply.
  return { source: 'keyring', file, keys };
}

async function readKey(spec: TrustPolicyKeySpec, file: string, fileSystem: FileSystem): Promise<KeyringKey> {
  const path = spec.path === undefined ? undefined : relativeTo(file, spec.path);
  const pem =
    path === undefined ? (spec.publicKey as string) : (await fileSystem.readFile(path)).toString('utf8');
  let key: KeyringKey;
  try {
    key = keyringFromPublicKey(pem, path ?? file).keys[0] as KeyringKey;
  } catch (error) {
    if (!isVerishipError(error)) throw error;
    throw new SupplierError({
      code: 'SUPPLIER_TRUST_INVALID',
      file,
      message: `${spec.where}: ${path === undefined ? '' : `${path}: `}${error.message}`,
      cause: error,
    });
  }
  if (spec.keyid !== undefined && spec.keyid !== key.keyId) {
    throw new SupplierError({
      code: 'SUPPLIER_TRUST_INVALID',
      file,
      message: `${spec.where}.keyid: ${spec.keyid} is not the id of this public key (${key.keyId})`,
    });
  }
  return { ...key, validFrom: spec.validFrom, validUntil: spec.validUntil };
}

/** One key, one supplier: otherwise a signature could not say whose SBOM it vouches for. */
function checkKeysUnique(specs: TrustPolicySupplierSpec[], suppliers: TrustedSupplier[], file: string): void {
  const owners = new Map<string, string>();
  suppliers.forEach((supplier, index) => {
    const where = specs[index]?.where ?? supplier.name;
    for (const key of supplier.keyring?.keys ?? []) {
      const owner = owners.get(key.keyId);
      if (owner !== undefined) {
        throw new SupplierError({
          code: 'SUPPLIER_TRUST_INVALID',
          file,
          message: `${where}: key ${key.keyId} is also listed for ${owner}`,
        });
      }
      owners.set(key.keyId, where);
    }
  });
}
