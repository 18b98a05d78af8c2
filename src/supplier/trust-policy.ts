/**
 * The supplier trust policy (`suppliers.yaml`, docs/suppliers.md): which suppliers we accept SBOMs from,
 * and the keys or keyless identities each one signs with. This file parses and validates the document;
 * `load-trust-policy.ts` reads the key, keyring and trusted-root files it names.
 */

import { parseDocument } from 'yaml';
import { yamlDateTime } from '../dates.js';
import { UsageError } from '../errors.js';
import { compileIdentityPolicy, type IdentityPolicy } from '../signing/verify/identity.js';
import { type FailOn, failOnLevels } from '../vuln/scan.js';
import { SupplierError } from './supplier-error.js';

export const trustPolicyApiVersion = 'veriship.dev/v1';
export const trustPolicyKind = 'SupplierTrust';

/** A key as the policy lists it: a PEM file or inline PEM, with an optional validity window. */
export interface TrustPolicyKeySpec {
  /** Where the entry is, for messages: `suppliers[0] (Acme Corp).keys[1]`. */
  where: string;
  /** A PEM public key file, relative to the policy file. */
  path?: string;
  /** An inline PEM public key. */
  publicKey?: string;
  /** The expected key id (a copy-paste check, as in keyrings). */
  keyid?: string;
  validFrom?: Date;
  validUntil?: Date;
}

export interface TrustPolicySupplierSpec {
  where: string;
  name: string;
  aliases: string[];
  keys: TrustPolicyKeySpec[];
  /** A keyring file (docs/keyring.md), relative to the policy file. */
  keyring?: string;
  identities: IdentityPolicy[];
  /** A Sigstore trusted_root.json for this supplier, relative to the policy file. */
  trustedRoot?: string;
}

export interface TrustPolicyDocument {
  file: string;
  /** The trusted root for suppliers that name none. */
  trustedRoot?: string;
  scan: { failOn?: FailOn };
  suppliers: TrustPolicySupplierSpec[];
}

const rootFields = ['apiVersion', 'kind', 'trustedRoot', 'scan', 'suppliers'];
const supplierFields = ['name', 'aliases', 'keys', 'keyring', 'identities', 'trustedRoot'];
const keyFields = ['path', 'publicKey', 'keyid', 'validFrom', 'validUntil'];
const identityFields = ['subject', 'subjectPattern', 'issuer'];
const scanFields = ['failOn'];

type Json = Record<string, unknown>;

function invalid(file: string, where: string, message: string): SupplierError {
  return new SupplierError({
    code: 'SUPPLIER_TRUST_INVALID',
    file,
    message: where ? `${where}: ${message}` : message,
  });
}

/**
 * The form names are compared in: NFC, trimmed, lower-cased (docs/suppliers.md "supplier-match"). Not
 * `localeCompare`, whose result depends on the machine's locale.
 */
export function normalizeSupplierName(name: string): string {
  return name.normalize('NFC').trim().toLowerCase();
}

/**
 * Parses and validates a trust policy. Strict: an unknown key anywhere, a missing or empty field, a key
 * entry with neither or both of `path` and `publicKey`, an identity without an issuer, a pattern that does
 * not compile, a keyless supplier without a trusted root, or a name or alias that two suppliers share is
 * an error naming the file and the entry. A typo must not silently widen or narrow trust.
 *
 * @throws SupplierError SUPPLIER_TRUST_INVALID
 */
export function parseTrustPolicy(text: string, file: string): TrustPolicyDocument {
  const document = parseDocument(text, { uniqueKeys: true });
  const [error] = document.errors;
  if (error) throw invalid(file, '', `not valid YAML: ${error.message.split('\n')[0]}`);
  const root = mapping(document.toJS(), file, '', rootFields);
  if (root.apiVersion !== trustPolicyApiVersion) {
    throw invalid(
      file,
      'apiVersion',
      `must be ${trustPolicyApiVersion} (got ${JSON.stringify(root.apiVersion)})`,
    );
  }
  if (root.kind !== trustPolicyKind) {
    throw invalid(file, 'kind', `must be ${trustPolicyKind} (got ${JSON.stringify(root.kind)})`);
  }
  const trustedRoot = optionalText(root.trustedRoot, file, 'trustedRoot');
  const scan = readScan(root.scan, file);
  if (!Array.isArray(root.suppliers) || root.suppliers.length === 0) {
    throw invalid(file, 'suppliers', 'required: a non-empty list of suppliers');
  }
  const suppliers = root.suppliers.map((entry: unknown, index: number) =>
    readSupplier(entry, file, index, trustedRoot !== undefined),
  );
  checkNamesUnique(suppliers, file);
  return { file, ...(trustedRoot === undefined ? {} : { trustedRoot }), scan, suppliers };
}

function readScan(value: unknown, file: string): { failOn?: FailOn } {
  if (value === undefined) return {};
  const scan = mapping(value, file, 'scan', scanFields);
  if (scan.failOn === undefined) return {};
  if (typeof scan.failOn !== 'string' || !(failOnLevels as readonly string[]).includes(scan.failOn)) {
    throw invalid(
      file,
      'scan.failOn',
      `must be one of ${failOnLevels.join(', ')} (got ${JSON.stringify(scan.failOn)})`,
    );
  }
  return { failOn: scan.failOn as FailOn };
}

function readSupplier(
  value: unknown,
  file: string,
  index: number,
  hasDefaultRoot: boolean,
): TrustPolicySupplierSpec {
  const name =
    typeof value === 'object' && value !== null && typeof (value as Json).name === 'string'
      ? ((value as Json).name as string)
      : undefined;
  const where = `suppliers[${index}]${name === undefined ? '' : ` (${name})`}`;
  const supplier = mapping(value, file, where, supplierFields);
  if (name === undefined || name.trim() === '')
    throw invalid(file, `${where}.name`, 'required: a non-empty string');
  const aliases = readAliases(supplier.aliases, file, `${where}.aliases`);
  const keys =
    supplier.keys === undefined
      ? []
      : list(supplier.keys, file, `${where}.keys`).map((item, keyIndex) =>
          readKey(item, file, `${where}.keys[${keyIndex}]`),
        );
  const keyring = optionalText(supplier.keyring, file, `${where}.keyring`);
  const identities =
    supplier.identities === undefined
      ? []
      : list(supplier.identities, file, `${where}.identities`).map((item, identityIndex) =>
          readIdentity(item, file, `${where}.identities[${identityIndex}]`),
        );
  const trustedRoot = optionalText(supplier.trustedRoot, file, `${where}.trustedRoot`);
  if (keys.length === 0 && keyring === undefined && identities.length === 0) {
    throw invalid(file, where, 'trusts nothing: give keys, a keyring or identities');
  }
  if (identities.length > 0 && trustedRoot === undefined && !hasDefaultRoot) {
    // A keyless signature is only as good as the CAs and logs it is checked against; there is no default.
    throw invalid(
      file,
      `${where}.identities`,
      'keyless identities need a trustedRoot (here or at the top level)',
    );
  }
  return {
    where,
    name: name.trim(),
    aliases,
    keys,
    ...(keyring === undefined ? {} : { keyring }),
    identities,
    ...(trustedRoot === undefined ? {} : { trustedRoot }),
  };
}

function readAliases(value: unknown, file: string, where: string): string[] {
  if (value === undefined) return [];
  return list(value, file, where).map((alias, index) => {
    if (typeof alias !== 'string' || alias.trim() === '') {
      throw invalid(file, `${where}[${index}]`, 'expected a non-empty string');
    }
    return alias.trim();
  });
}

function readKey(value: unknown, file: string, where: string): TrustPolicyKeySpec {
  const key = mapping(value, file, where, keyFields);
  const path = optionalText(key.path, file, `${where}.path`);
  const publicKey = optionalText(key.publicKey, file, `${where}.publicKey`);
  if ((path === undefined) === (publicKey === undefined)) {
    throw invalid(file, where, 'give exactly one of path (a PEM file) and publicKey (inline PEM)');
  }
  const keyid = optionalText(key.keyid, file, `${where}.keyid`);
  const validFrom =
    key.validFrom === undefined ? undefined : readDate(key.validFrom, file, `${where}.validFrom`);
  const validUntil =
    key.validUntil === undefined ? undefined : readDate(key.validUntil, file, `${where}.validUntil`);
  if (validFrom && validUntil && validUntil < validFrom) {
    throw invalid(file, `${where}.validUntil`, 'is before validFrom');
  }
  return {
    where,
    ...(path === undefined ? {} : { path }),
    ...(publicKey === undefined ? {} : { publicKey }),
    ...(keyid === undefined ? {} : { keyid: keyid.toLowerCase() }),
    ...(validFrom === undefined ? {} : { validFrom }),
    ...(validUntil === undefined ? {} : { validUntil }),
  };
}

function readIdentity(value: unknown, file: string, where: string): IdentityPolicy {
  const identity = mapping(value, file, where, identityFields);
  const subject = optionalText(identity.subject, file, `${where}.subject`);
  const subjectPattern = optionalText(identity.subjectPattern, file, `${where}.subjectPattern`);
  const issuer = optionalText(identity.issuer, file, `${where}.issuer`);
  if ((subject === undefined) === (subjectPattern === undefined)) {
    throw invalid(file, where, 'give exactly one of subject and subjectPattern');
  }
  if (issuer === undefined)
    throw invalid(file, `${where}.issuer`, 'required: the OIDC issuer of the identity');
  const policy: IdentityPolicy =
    subject === undefined ? { subjectPattern: subjectPattern as string, issuer } : { subject, issuer };
  try {
    compileIdentityPolicy(policy);
  } catch (error) {
    if (error instanceof UsageError) throw invalid(file, where, error.message);
    throw error;
  }
  return policy;
}

/** A name or alias shared by two suppliers would make `supplier-match` accept either's SBOM for both. */
function checkNamesUnique(suppliers: TrustPolicySupplierSpec[], file: string): void {
  const owners = new Map<string, string>();
  for (const supplier of suppliers) {
    const own = new Set<string>();
    for (const name of [supplier.name, ...supplier.aliases]) {
      const key = normalizeSupplierName(name);
      if (own.has(key)) continue;
      own.add(key);
      const owner = owners.get(key);
      if (owner !== undefined) {
        throw invalid(file, supplier.where, `the name ${JSON.stringify(name)} is already used by ${owner}`);
      }
      owners.set(key, supplier.where);
    }
  }
}

function mapping(value: unknown, file: string, where: string, fields: string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) {
    throw invalid(file, where, 'expected a mapping');
  }
  for (const key of Object.keys(value)) {
    if (!fields.includes(key)) {
      throw invalid(file, where ? `${where}.${key}` : key, `unknown key (allowed: ${fields.join(', ')})`);
    }
  }
  return value as Json;
}

function list(value: unknown, file: string, where: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(file, where, 'expected a list');
  return value;
}

function optionalText(value: unknown, file: string, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw invalid(file, where, 'expected a non-empty string');
  return value;
}

function readDate(value: unknown, file: string, where: string): Date {
  const date = yamlDateTime(value);
  if (!date) {
    throw invalid(
      file,
      where,
      `expected an RFC 3339 date-time such as 2025-01-31T00:00:00Z, got ${JSON.stringify(value)}`,
    );
  }
  return date;
}
