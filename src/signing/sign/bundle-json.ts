/**
 * The Sigstore bundle in its JSON form: protobuf-specs `dev.sigstore.bundle.v1.Bundle` under the proto3
 * JSON mapping — lowerCamelCase field names, `bytes` as standard base64, `int64` as decimal strings, enums
 * by name (`SHA2_256`), empty repeated fields left out. Only the fields veriship writes are typed strictly.
 */

/** Bundle v0.3 (sigstore/protobuf-specs `docs/bundle.md`); v0.3 carries a leaf certificate, never a chain. */
export const bundleV03MediaType = 'application/vnd.dev.sigstore.bundle.v0.3+json';

/** The DSSE payload type of an in-toto statement (in-toto/attestation, spec/v1/envelope.md). */
export const inTotoPayloadType = 'application/vnd.in-toto+json';

export interface BundleJson {
  mediaType: string;
  verificationMaterial: VerificationMaterialJson;
  messageSignature?: MessageSignatureJson;
  dsseEnvelope?: EnvelopeJson;
}

export interface VerificationMaterialJson {
  /** Key-based signing: the key is known out of band; the hint is its key id. */
  publicKey?: { hint: string };
  /** Keyless signing: the Fulcio leaf certificate, DER in base64. */
  certificate?: { rawBytes: string };
  x509CertificateChain?: { certificates: { rawBytes: string }[] };
  tlogEntries?: TransparencyLogEntryJson[];
  timestampVerificationData?: { rfc3161Timestamps?: { signedTimestamp: string }[] };
}

export interface MessageSignatureJson {
  messageDigest: { algorithm: 'SHA2_256'; digest: string };
  signature: string;
}

export interface EnvelopeJson {
  payload: string;
  payloadType: string;
  signatures: { sig: string; keyid: string }[];
}

/** A Rekor entry as the bundle carries it (protobuf-specs `dev.sigstore.rekor.v1.TransparencyLogEntry`). */
export interface TransparencyLogEntryJson {
  logIndex: string;
  logId: { keyId: string };
  kindVersion: { kind: string; version: string };
  integratedTime: string;
  inclusionPromise?: { signedEntryTimestamp: string };
  inclusionProof?: {
    logIndex: string;
    rootHash: string;
    treeSize: string;
    hashes: string[];
    checkpoint: { envelope: string };
  };
  canonicalizedBody: string;
}

/** The bytes of a `.sigstore.json` file: compact JSON, as cosign and sigstore-js write it, plus a newline. */
export function serializeBundle(bundle: BundleJson): string {
  return `${JSON.stringify(bundle)}\n`;
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
