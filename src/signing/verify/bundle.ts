import { X509Certificate } from '@sigstore/core';
import type { CheckCollector } from './checks.js';
import { JsonReader, join } from './json-reader.js';

/**
 * A Sigstore bundle, decoded and checked field by field (protobuf-specs `sigstore_bundle.proto`, proto3
 * JSON mapping). Parsing is strict: unknown fields, bad base64, negative indexes and missing required
 * fields are `bundle-parse` failures; an unknown media type, or a field newer than the media type the
 * bundle declares, is a `bundle-media-type` failure.
 */
export type BundleVersion = '0.1' | '0.2' | '0.3';

export const bundleMediaTypes: Readonly<Record<string, BundleVersion>> = {
  'application/vnd.dev.sigstore.bundle+json;version=0.1': '0.1',
  'application/vnd.dev.sigstore.bundle+json;version=0.2': '0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.3': '0.3',
  'application/vnd.dev.sigstore.bundle.v0.3+json': '0.3',
};

export type DigestAlgorithm = 'SHA2_256' | 'SHA2_384' | 'SHA2_512';

export interface MessageSignatureContent {
  kind: 'message-signature';
  /** The algorithm name as written; only SHA2_256, SHA2_384 and SHA2_512 can be checked. */
  digestAlgorithm: string;
  digest: Buffer;
  signature: Buffer;
}

export interface DsseEnvelopeContent {
  kind: 'dsse-envelope';
  payloadType: string;
  payload: Buffer;
  /** Sigstore bundles carry exactly one DSSE signature (checked while parsing). */
  signature: Buffer;
}

export type BundleContent = MessageSignatureContent | DsseEnvelopeContent;

export type VerificationMaterial =
  | { kind: 'public-key'; hint: string | undefined }
  | {
      kind: 'certificate';
      /** The signing certificate. */
      leaf: X509Certificate;
      /** Any further certificates a v0.1/v0.2 `x509CertificateChain` carried after the leaf. */
      chain: X509Certificate[];
    };

export interface InclusionProof {
  logIndex: bigint;
  rootHash: Buffer;
  treeSize: bigint;
  hashes: Buffer[];
  /** The signed note text; absent only in old v0.1 bundles, whose proofs are then not relied on. */
  checkpoint: string | undefined;
}

export interface TransparencyLogEntry {
  logIndex: bigint;
  logId: Buffer;
  kind: string;
  version: string;
  /** Seconds since the epoch; undefined when absent or 0 (Rekor v2 entries have none). */
  integratedTime: bigint | undefined;
  signedEntryTimestamp: Buffer | undefined;
  inclusionProof: InclusionProof | undefined;
  canonicalizedBody: Buffer;
}

export interface Bundle {
  mediaType: string;
  version: BundleVersion;
  material: VerificationMaterial;
  tlogEntries: TransparencyLogEntry[];
  /** DER RFC 3161 timestamp responses from `timestampVerificationData.rfc3161Timestamps`. */
  rfc3161Timestamps: Buffer[];
  content: BundleContent;
}

/**
 * Parses bundle bytes, reporting `bundle-parse` and `bundle-media-type` into `checks`. Returns the bundle
 * only when its structure is sound enough for the other checks to mean something.
 */
export function parseBundle(bytes: Uint8Array, checks: CheckCollector): Bundle | undefined {
  let json: unknown;
  try {
    // proto3 JSON: a null field is the same as an absent one.
    json = JSON.parse(Buffer.from(bytes).toString('utf8'), (_key, value) =>
      value === null ? undefined : value,
    );
  } catch (error) {
    checks.fail('bundle-parse', `not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
  const reader = new JsonReader(true);
  const root = reader.object(json, '', [
    'mediaType',
    'verificationMaterial',
    'messageSignature',
    'dsseEnvelope',
  ]);
  if (!root) {
    // JSON `null` reads as absent (proto3 JSON), so the reader has no problem to report for it.
    checks.fail('bundle-parse', reader.problems.join('; ') || 'expected a JSON object, got null');
    return undefined;
  }
  const mediaType = root.mediaType;
  // Own keys only: a plain-object lookup of "constructor" or "__proto__" would find Object.prototype.
  const version =
    typeof mediaType === 'string' && Object.hasOwn(bundleMediaTypes, mediaType)
      ? bundleMediaTypes[mediaType]
      : undefined;
  if (version === undefined) {
    checks.fail(
      'bundle-media-type',
      mediaType === undefined
        ? 'mediaType is missing'
        : `unsupported media type ${JSON.stringify(mediaType)} (supported: Sigstore bundle v0.1, v0.2, v0.3)`,
    );
    return undefined;
  }

  const downgrades: string[] = [];
  const material = readVerificationMaterial(reader, root.verificationMaterial, version, downgrades);
  const content = readContent(reader, root);
  if (reader.problems.length > 0 || !material || !content) {
    checks.fail('bundle-parse', reader.problems.join('; ') || 'incomplete bundle');
    reportMediaType(checks, mediaType as string, version, downgrades);
    return undefined;
  }
  checks.pass('bundle-parse', `Sigstore bundle v${version}, ${describeContent(content.content)}`);
  reportMediaType(checks, mediaType as string, version, downgrades);
  return {
    mediaType: mediaType as string,
    version,
    material: material.material,
    tlogEntries: material.tlogEntries,
    rfc3161Timestamps: material.rfc3161Timestamps,
    content: content.content,
  };
}

function reportMediaType(
  checks: CheckCollector,
  mediaType: string,
  version: BundleVersion,
  downgrades: string[],
) {
  if (downgrades.length > 0) {
    checks.fail('bundle-media-type', `${mediaType} declares v${version} but ${downgrades.join('; ')}`);
  } else {
    checks.pass('bundle-media-type', mediaType);
  }
}

function describeContent(content: BundleContent): string {
  return content.kind === 'message-signature'
    ? 'message signature'
    : `DSSE envelope (${content.payloadType})`;
}

function readContent(
  reader: JsonReader,
  root: Record<string, unknown>,
): { content: BundleContent } | undefined {
  const hasMessage = root.messageSignature !== undefined;
  const hasEnvelope = root.dsseEnvelope !== undefined;
  if (hasMessage === hasEnvelope) {
    return reader.problem('', 'exactly one of messageSignature and dsseEnvelope is required');
  }
  if (hasMessage) {
    const path = 'messageSignature';
    const object = reader.object(root.messageSignature, path, ['messageDigest', 'signature']);
    if (!object) return undefined;
    const signature = reader.bytes(reader.required(object, 'signature', path), join(path, 'signature'));
    const digestPath = join(path, 'messageDigest');
    const digestObject = reader.object(reader.required(object, 'messageDigest', path), digestPath, [
      'algorithm',
      'digest',
    ]);
    if (!digestObject) return undefined;
    const algorithm = reader.string(
      reader.required(digestObject, 'algorithm', digestPath),
      join(digestPath, 'algorithm'),
      {
        nonEmpty: true,
      },
    );
    const digest = reader.bytes(
      reader.required(digestObject, 'digest', digestPath),
      join(digestPath, 'digest'),
    );
    if (!signature || !algorithm || !digest) return undefined;
    return { content: { kind: 'message-signature', digestAlgorithm: algorithm, digest, signature } };
  }
  const path = 'dsseEnvelope';
  const object = reader.object(root.dsseEnvelope, path, ['payload', 'payloadType', 'signatures']);
  if (!object) return undefined;
  const payload = reader.bytes(reader.required(object, 'payload', path), join(path, 'payload'));
  const payloadType = reader.string(reader.required(object, 'payloadType', path), join(path, 'payloadType'), {
    nonEmpty: true,
  });
  const signatures = reader.array(reader.required(object, 'signatures', path), join(path, 'signatures'));
  if (!signatures) return undefined;
  if (signatures.length !== 1) {
    return reader.problem(
      join(path, 'signatures'),
      `expected exactly one signature, got ${signatures.length}`,
    );
  }
  const signaturePath = join(join(path, 'signatures'), 0);
  const signatureObject = reader.object(signatures[0], signaturePath, ['sig', 'keyid']);
  if (!signatureObject) return undefined;
  const signature = reader.bytes(
    reader.required(signatureObject, 'sig', signaturePath),
    join(signaturePath, 'sig'),
  );
  if (signatureObject.keyid !== undefined) reader.string(signatureObject.keyid, join(signaturePath, 'keyid'));
  if (!payload || !payloadType || !signature) return undefined;
  return { content: { kind: 'dsse-envelope', payloadType, payload, signature } };
}

function readVerificationMaterial(
  reader: JsonReader,
  value: unknown,
  version: BundleVersion,
  downgrades: string[],
):
  | { material: VerificationMaterial; tlogEntries: TransparencyLogEntry[]; rfc3161Timestamps: Buffer[] }
  | undefined {
  const path = 'verificationMaterial';
  if (value === undefined) return reader.problem(path, 'missing');
  const object = reader.object(value, path, [
    'publicKey',
    'x509CertificateChain',
    'certificate',
    'tlogEntries',
    'timestampVerificationData',
  ]);
  if (!object) return undefined;
  const present = ['publicKey', 'x509CertificateChain', 'certificate'].filter(
    (key) => object[key] !== undefined,
  );
  if (present.length !== 1) {
    return reader.problem(path, 'exactly one of publicKey, x509CertificateChain and certificate is required');
  }
  let material: VerificationMaterial | undefined;
  if (object.publicKey !== undefined) {
    const keyObject = reader.object(object.publicKey, join(path, 'publicKey'), ['hint']);
    if (keyObject) {
      const hint =
        keyObject.hint === undefined
          ? undefined
          : reader.string(keyObject.hint, join(path, 'publicKey.hint'));
      material = { kind: 'public-key', hint: hint === '' ? undefined : hint };
    }
  } else if (object.x509CertificateChain !== undefined) {
    // Bundle v0.3 replaced the chain by a single leaf certificate (sigstore_bundle.proto, "certificate").
    if (version === '0.3') reader.problem(join(path, 'x509CertificateChain'), 'not allowed in a v0.3 bundle');
    const chainPath = join(path, 'x509CertificateChain');
    const chainObject = reader.object(object.x509CertificateChain, chainPath, ['certificates']);
    const list = chainObject
      ? reader.array(reader.required(chainObject, 'certificates', chainPath), join(chainPath, 'certificates'))
      : undefined;
    if (list && list.length === 0) reader.problem(join(chainPath, 'certificates'), 'empty certificate chain');
    const certificates = (list ?? []).map((item, index) =>
      readCertificate(reader, item, join(join(chainPath, 'certificates'), index)),
    );
    const [leaf, ...chain] = certificates;
    if (leaf && certificates.every((certificate) => certificate !== undefined)) {
      material = { kind: 'certificate', leaf, chain: chain as X509Certificate[] };
    }
  } else {
    if (version !== '0.3') downgrades.push('verificationMaterial.certificate exists only from v0.3');
    const leaf = readCertificate(reader, object.certificate, join(path, 'certificate'));
    if (leaf) material = { kind: 'certificate', leaf, chain: [] };
  }

  const tlogEntries: TransparencyLogEntry[] = [];
  if (object.tlogEntries !== undefined) {
    const list = reader.array(object.tlogEntries, join(path, 'tlogEntries'));
    for (const [index, item] of (list ?? []).entries()) {
      const entry = readTlogEntry(reader, item, join(join(path, 'tlogEntries'), index), version);
      if (entry) tlogEntries.push(entry);
    }
  }

  const rfc3161Timestamps: Buffer[] = [];
  if (object.timestampVerificationData !== undefined) {
    const dataPath = join(path, 'timestampVerificationData');
    const data = reader.object(object.timestampVerificationData, dataPath, ['rfc3161Timestamps']);
    if (data?.rfc3161Timestamps !== undefined) {
      const list = reader.array(data.rfc3161Timestamps, join(dataPath, 'rfc3161Timestamps'));
      for (const [index, item] of (list ?? []).entries()) {
        const itemPath = join(join(dataPath, 'rfc3161Timestamps'), index);
        const timestamp = reader.object(item, itemPath, ['signedTimestamp']);
        const bytes = timestamp
          ? reader.bytes(
              reader.required(timestamp, 'signedTimestamp', itemPath),
              join(itemPath, 'signedTimestamp'),
            )
          : undefined;
        if (bytes) rfc3161Timestamps.push(bytes);
      }
    }
  }
  return material ? { material, tlogEntries, rfc3161Timestamps } : undefined;
}

function readCertificate(reader: JsonReader, value: unknown, path: string): X509Certificate | undefined {
  const object = reader.object(value, path, ['rawBytes']);
  if (!object) return undefined;
  const der = reader.bytes(reader.required(object, 'rawBytes', path), join(path, 'rawBytes'));
  if (!der) return undefined;
  try {
    const certificate = X509Certificate.parse(Buffer.from(der));
    // Touch the fields the verifier reads, so a structurally broken certificate fails here.
    void certificate.publicKey;
    void certificate.notBefore;
    void certificate.notAfter;
    void certificate.subject;
    void certificate.issuer;
    void certificate.extensions;
    return certificate;
  } catch (error) {
    return reader.problem(
      join(path, 'rawBytes'),
      `not a DER X.509 certificate (${(error as Error).message})`,
    );
  }
}

function readTlogEntry(
  reader: JsonReader,
  value: unknown,
  path: string,
  version: BundleVersion,
): TransparencyLogEntry | undefined {
  const object = reader.object(value, path, [
    'logIndex',
    'logId',
    'kindVersion',
    'integratedTime',
    'inclusionPromise',
    'inclusionProof',
    'canonicalizedBody',
  ]);
  if (!object) return undefined;
  const logIndex = readLogIndex(reader, object, path);
  const logIdObject = reader.object(reader.required(object, 'logId', path), join(path, 'logId'), ['keyId']);
  const logId = logIdObject
    ? reader.bytes(reader.required(logIdObject, 'keyId', join(path, 'logId')), join(path, 'logId.keyId'))
    : undefined;
  const kindPath = join(path, 'kindVersion');
  const kindObject = reader.object(reader.required(object, 'kindVersion', path), kindPath, [
    'kind',
    'version',
  ]);
  const kind = kindObject
    ? reader.string(reader.required(kindObject, 'kind', kindPath), join(kindPath, 'kind'), { nonEmpty: true })
    : undefined;
  const kindVersion = kindObject
    ? reader.string(reader.required(kindObject, 'version', kindPath), join(kindPath, 'version'), {
        nonEmpty: true,
      })
    : undefined;
  const integratedTime =
    object.integratedTime === undefined
      ? undefined
      : reader.unsigned(object.integratedTime, join(path, 'integratedTime'));
  let signedEntryTimestamp: Buffer | undefined;
  if (object.inclusionPromise !== undefined) {
    const promisePath = join(path, 'inclusionPromise');
    const promise = reader.object(object.inclusionPromise, promisePath, ['signedEntryTimestamp']);
    signedEntryTimestamp = promise
      ? reader.bytes(
          reader.required(promise, 'signedEntryTimestamp', promisePath),
          join(promisePath, 'signedEntryTimestamp'),
        )
      : undefined;
  } else if (version === '0.1') {
    reader.problem(join(path, 'inclusionPromise'), 'missing (required in v0.1 bundles)');
  }
  const inclusionProof =
    object.inclusionProof === undefined
      ? undefined
      : readInclusionProof(reader, object.inclusionProof, join(path, 'inclusionProof'));
  if (version !== '0.1') {
    // From v0.2 on, every entry must carry an inclusion proof with a checkpoint (sigstore_bundle.proto).
    if (object.inclusionProof === undefined)
      reader.problem(join(path, 'inclusionProof'), 'missing (required from v0.2)');
    else if (inclusionProof && inclusionProof.checkpoint === undefined) {
      reader.problem(join(path, 'inclusionProof.checkpoint'), 'missing (required from v0.2)');
    }
  }
  const body = reader.bytes(
    reader.required(object, 'canonicalizedBody', path),
    join(path, 'canonicalizedBody'),
  );
  if (logIndex === undefined || !logId || !kind || !kindVersion || !body) return undefined;
  return {
    logIndex,
    logId,
    kind,
    version: kindVersion,
    integratedTime: integratedTime === 0n ? undefined : integratedTime,
    signedEntryTimestamp,
    inclusionProof,
    canonicalizedBody: body,
  };
}

/**
 * A log index. Proto3 JSON leaves out fields at their default value, so index 0 (the first entry of a
 * log or shard) is written as no field at all: absent means 0. The index is bound by what it is checked
 * against (the signed entry timestamp, the Merkle audit path), so a wrong default cannot pass.
 */
function readLogIndex(reader: JsonReader, object: Record<string, unknown>, path: string) {
  return object.logIndex === undefined
    ? reader.unsigned('0', join(path, 'logIndex'))
    : reader.unsigned(object.logIndex, join(path, 'logIndex'));
}

function readInclusionProof(reader: JsonReader, value: unknown, path: string): InclusionProof | undefined {
  const object = reader.object(value, path, ['logIndex', 'rootHash', 'treeSize', 'hashes', 'checkpoint']);
  if (!object) return undefined;
  const logIndex = readLogIndex(reader, object, path);
  const rootHash = reader.bytes(reader.required(object, 'rootHash', path), join(path, 'rootHash'));
  const treeSize = reader.unsigned(reader.required(object, 'treeSize', path), join(path, 'treeSize'));
  // An empty list is valid (a tree of one leaf) and proto3 JSON may then leave the field out.
  const list = object.hashes === undefined ? [] : reader.array(object.hashes, join(path, 'hashes'));
  const hashes = (list ?? []).map((item, index) => reader.bytes(item, join(join(path, 'hashes'), index)));
  let checkpoint: string | undefined;
  if (object.checkpoint !== undefined) {
    const checkpointObject = reader.object(object.checkpoint, join(path, 'checkpoint'), ['envelope']);
    checkpoint = checkpointObject
      ? reader.string(
          reader.required(checkpointObject, 'envelope', join(path, 'checkpoint')),
          join(path, 'checkpoint.envelope'),
          { nonEmpty: true },
        )
      : undefined;
  }
  if (logIndex === undefined || !rootHash || treeSize === undefined || !list) return undefined;
  if (hashes.some((hash) => hash === undefined)) return undefined;
  return { logIndex, rootHash, treeSize, hashes: hashes as Buffer[], checkpoint };
}
