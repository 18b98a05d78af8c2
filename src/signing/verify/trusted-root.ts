import { createPublicKey, type KeyObject } from 'node:crypto';
import { X509Certificate } from '@sigstore/core';
import { InputError } from '../../errors.js';
import { JsonReader, join } from './json-reader.js';

/**
 * A Sigstore trusted root (protobuf-specs `sigstore_trustroot.proto`, `trusted_root.json`): the Fulcio
 * CAs, Rekor logs, CT logs and timestamp authorities a verifier trusts, each with the time range it is
 * trusted for. Given offline with `--trusted-root`; nothing here is fetched.
 */
export const trustedRootMediaTypes = [
  'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  'application/vnd.dev.sigstore.trustedroot.v0.1+json',
  'application/vnd.dev.sigstore.trustedroot.v0.2+json',
];

/** A closed interval: `TimeRange` in sigstore_common.proto; `end` absent means still valid. */
export interface ValidityPeriod {
  start: Date;
  end: Date | undefined;
}

export interface TransparencyLogInstance {
  baseUrl: string;
  /** The Merkle tree hash; only SHA2_256 (RFC 6962) is implemented. */
  hashAlgorithm: string;
  logId: Buffer;
  /** Present on logs whose checkpoint key id differs from the log id. */
  checkpointKeyId: Buffer | undefined;
  key: TrustedKey;
}

export interface TrustedKey {
  /** Undefined when the key type is one we cannot use; `problem` then says why. */
  publicKey: KeyObject | undefined;
  problem: string | undefined;
  keyDetails: string;
  /** The digest its signatures use; null for Ed25519 (the algorithm hashes internally). */
  hash: string | null;
  validFor: ValidityPeriod;
}

export interface CertificateAuthority {
  uri: string;
  /** Leaf-most first, as in the trusted root: for Fulcio the intermediate then the root. */
  certificates: X509Certificate[];
  validFor: ValidityPeriod;
}

export interface TrustedRoot {
  tlogs: TransparencyLogInstance[];
  ctlogs: TransparencyLogInstance[];
  certificateAuthorities: CertificateAuthority[];
  timestampAuthorities: CertificateAuthority[];
}

export function isWithin(period: ValidityPeriod, date: Date): boolean {
  return period.start.getTime() <= date.getTime() && (period.end === undefined || date <= period.end);
}

/**
 * Parses `trusted_root.json`. The trusted root is configuration, so a malformed one is invalid input
 * (exit 3), not a failed check: verifying against half a trust root would be failing open. Unknown fields
 * are allowed (newer roots add some); missing required ones are not, including `validFor.start` (a
 * missing bound must not read as "forever", sigstore-conformance `trust-root-tlog-missing-validity-start`).
 *
 * @throws InputError INPUT_MALFORMED (not JSON, or a field missing or malformed), INPUT_UNSUPPORTED (media type)
 */
export function parseTrustedRoot(bytes: Uint8Array, file: string): TrustedRoot {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new InputError({
      code: 'INPUT_MALFORMED',
      file,
      message: `not valid JSON: ${(error as Error).message}`,
    });
  }
  const reader = new JsonReader(false);
  const root = reader.object(json, '', []);
  if (root && !trustedRootMediaTypes.includes(root.mediaType as string)) {
    throw new InputError({
      code: 'INPUT_UNSUPPORTED',
      file,
      message: `not a Sigstore trusted root: mediaType ${JSON.stringify(root.mediaType)}`,
    });
  }
  const list = <T>(key: string, read: (value: unknown, path: string) => T | undefined): T[] => {
    if (!root || root[key] == null) return [];
    const items = reader.array(root[key], key) ?? [];
    return items.flatMap((item, index) => read(item, join(key, index)) ?? []);
  };
  const trustedRoot: TrustedRoot = {
    tlogs: list('tlogs', (value, path) => readLog(reader, value, path)),
    ctlogs: list('ctlogs', (value, path) => readLog(reader, value, path)),
    certificateAuthorities: list('certificateAuthorities', (value, path) =>
      readAuthority(reader, value, path),
    ),
    timestampAuthorities: list('timestampAuthorities', (value, path) => readAuthority(reader, value, path)),
  };
  if (reader.problems.length > 0) {
    const shown = reader.problems.slice(0, 5).join('; ');
    const more = reader.problems.length > 5 ? ` (and ${reader.problems.length - 5} more)` : '';
    throw new InputError({ code: 'INPUT_MALFORMED', file, message: `invalid trusted root: ${shown}${more}` });
  }
  return trustedRoot;
}

function readValidity(reader: JsonReader, value: unknown, path: string): ValidityPeriod | undefined {
  const object = reader.object(value, path, []);
  if (!object) return undefined;
  const start = reader.date(reader.required(object, 'start', path), join(path, 'start'));
  const end = object.end == null ? undefined : reader.date(object.end, join(path, 'end'));
  if (!start) return undefined;
  if (end && end < start) return reader.problem(path, 'end is before start');
  return { start, end };
}

function readLog(reader: JsonReader, value: unknown, path: string): TransparencyLogInstance | undefined {
  const object = reader.object(value, path, []);
  if (!object) return undefined;
  const baseUrl = reader.string(reader.required(object, 'baseUrl', path), join(path, 'baseUrl'), {
    nonEmpty: true,
  });
  const hashAlgorithm = reader.string(
    reader.required(object, 'hashAlgorithm', path),
    join(path, 'hashAlgorithm'),
  );
  const logIdObject = reader.object(reader.required(object, 'logId', path), join(path, 'logId'), []);
  const logId = logIdObject
    ? reader.bytes(reader.required(logIdObject, 'keyId', join(path, 'logId')), join(path, 'logId.keyId'))
    : undefined;
  let checkpointKeyId: Buffer | undefined;
  if (object.checkpointKeyId != null) {
    const keyIdObject = reader.object(object.checkpointKeyId, join(path, 'checkpointKeyId'), []);
    checkpointKeyId = keyIdObject
      ? reader.bytes(
          reader.required(keyIdObject, 'keyId', join(path, 'checkpointKeyId')),
          join(path, 'checkpointKeyId.keyId'),
        )
      : undefined;
  }
  const key = readKey(reader, reader.required(object, 'publicKey', path), join(path, 'publicKey'));
  if (!baseUrl || hashAlgorithm === undefined || !logId || !key) return undefined;
  return { baseUrl, hashAlgorithm, logId, checkpointKeyId, key };
}

function readKey(reader: JsonReader, value: unknown, path: string): TrustedKey | undefined {
  const object = reader.object(value, path, []);
  if (!object) return undefined;
  const rawBytes = reader.bytes(reader.required(object, 'rawBytes', path), join(path, 'rawBytes'));
  const keyDetails = reader.string(reader.required(object, 'keyDetails', path), join(path, 'keyDetails'));
  const validFor = readValidity(reader, reader.required(object, 'validFor', path), join(path, 'validFor'));
  if (!rawBytes || keyDetails === undefined || !validFor) return undefined;
  return { ...loadKey(rawBytes, keyDetails), keyDetails, validFor };
}

/** protobuf-specs `PublicKeyDetails`: how the raw bytes are encoded and which digest signatures use. */
function loadKey(
  raw: Buffer,
  keyDetails: string,
): { publicKey: KeyObject | undefined; problem: string | undefined; hash: string | null } {
  const pkcs1 = keyDetails.startsWith('PKCS1_');
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: raw, format: 'der', type: pkcs1 ? 'pkcs1' : 'spki' });
  } catch (error) {
    return {
      publicKey: undefined,
      problem: `unreadable ${keyDetails} key: ${(error as Error).message}`,
      hash: null,
    };
  }
  const type = publicKey.asymmetricKeyType;
  if (type === 'ed25519') return { publicKey, problem: undefined, hash: null };
  if (type === 'ec') {
    const curve = publicKey.asymmetricKeyDetails?.namedCurve;
    const hash = keyDetails.endsWith('SHA_384')
      ? 'sha384'
      : keyDetails.endsWith('SHA_512')
        ? 'sha512'
        : keyDetails.endsWith('SHA_256')
          ? 'sha256'
          : curve === 'secp384r1'
            ? 'sha384'
            : curve === 'secp521r1'
              ? 'sha512'
              : 'sha256';
    return { publicKey, problem: undefined, hash };
  }
  if (type === 'rsa') {
    if (keyDetails.includes('PSS')) {
      return { publicKey: undefined, problem: `${keyDetails} (RSA-PSS) is not supported`, hash: null };
    }
    return { publicKey, problem: undefined, hash: keyDetails.endsWith('SHA384') ? 'sha384' : 'sha256' };
  }
  return { publicKey: undefined, problem: `unsupported key type ${type ?? 'unknown'}`, hash: null };
}

function readAuthority(reader: JsonReader, value: unknown, path: string): CertificateAuthority | undefined {
  const object = reader.object(value, path, []);
  if (!object) return undefined;
  const uri = object.uri == null ? '' : (reader.string(object.uri, join(path, 'uri')) ?? '');
  const chainPath = join(path, 'certChain');
  const chain = reader.object(reader.required(object, 'certChain', path), chainPath, []);
  const list = chain
    ? reader.array(reader.required(chain, 'certificates', chainPath), join(chainPath, 'certificates'))
    : undefined;
  if (list && list.length === 0) reader.problem(join(chainPath, 'certificates'), 'empty');
  const certificates = (list ?? []).map((item, index) => {
    const itemPath = join(join(chainPath, 'certificates'), index);
    const itemObject = reader.object(item, itemPath, []);
    const der = itemObject
      ? reader.bytes(reader.required(itemObject, 'rawBytes', itemPath), join(itemPath, 'rawBytes'))
      : undefined;
    if (!der) return undefined;
    try {
      return X509Certificate.parse(Buffer.from(der));
    } catch (error) {
      return reader.problem(
        join(itemPath, 'rawBytes'),
        `not a DER certificate (${(error as Error).message})`,
      );
    }
  });
  const validFor = readValidity(reader, reader.required(object, 'validFor', path), join(path, 'validFor'));
  if (!list || !validFor || certificates.some((certificate) => certificate === undefined)) return undefined;
  return { uri, certificates: certificates as X509Certificate[], validFor };
}
