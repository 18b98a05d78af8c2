import { createHash, createPublicKey, X509Certificate as NodeX509Certificate } from 'node:crypto';
import { preAuthenticationEncoding } from '../../dsse-pae.js';
import type { BundleContent, TransparencyLogEntry } from '../bundle.js';
import { bytesEqual, decodeBase64Strict } from '../encoding.js';

/** Who signed, as the bundle says: the leaf certificate's DER, or the public key's SPKI DER. */
export type SignerMaterial =
  | { kind: 'certificate'; der: Buffer }
  | { kind: 'public-key'; spki: Buffer | undefined };

const nodeDigestName: Readonly<Record<string, string>> = {
  SHA2_256: 'sha256',
  SHA2_384: 'sha384',
  SHA2_512: 'sha512',
};

/**
 * Checks that a log entry's body is about this bundle (CVE-2022-36056: an entry for something else must
 * not vouch for this signature). By kind:
 * - hashedrekord 0.0.1 (Rekor v1): signature, artifact digest and signer;
 * - hashedrekord 0.0.2 (Rekor v2): the same, or for a DSSE bundle the digest of PAE(type, payload);
 * - dsse 0.0.1 / 0.0.2: signature, payload digest and signer (the envelope hash depends on a JSON encoding
 *   we cannot reproduce, so it is not compared, as in sigstore-js);
 * - intoto 0.0.2: signature and payload digest (both base64 twice in the body) and signer.
 * Returns the problems; none means the body matches.
 */
export function matchEntryBody(
  entry: TransparencyLogEntry,
  content: BundleContent,
  signer: SignerMaterial,
): string[] {
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(entry.canonicalizedBody.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return ['the body is not an object'];
    body = parsed as Record<string, unknown>;
  } catch {
    return ['the body is not JSON'];
  }
  if (body.kind !== entry.kind || body.apiVersion !== entry.version) {
    return [
      `kindVersion says ${entry.kind} ${entry.version} but the body is ${String(body.kind)} ${String(body.apiVersion)}`,
    ];
  }
  const spec = asObject(body.spec);
  const key = `${entry.kind} ${entry.version}`;
  switch (key) {
    case 'hashedrekord 0.0.1':
      return content.kind === 'message-signature'
        ? matchHashedRekordV1(spec, content, signer)
        : ['a DSSE bundle cannot be logged as hashedrekord 0.0.1'];
    case 'hashedrekord 0.0.2':
      return matchHashedRekordV2(asObject(spec.hashedRekordV002), content, signer);
    case 'dsse 0.0.1':
      return content.kind === 'dsse-envelope'
        ? matchDsseV1(spec, content, signer)
        : ['a message-signature bundle cannot be logged as dsse'];
    case 'dsse 0.0.2':
      return content.kind === 'dsse-envelope'
        ? matchDsseV2(asObject(spec.dsseV002), content, signer)
        : ['a message-signature bundle cannot be logged as dsse'];
    case 'intoto 0.0.2':
      return content.kind === 'dsse-envelope'
        ? matchIntotoV2(asObject(asObject(spec.content)), content, signer)
        : ['a message-signature bundle cannot be logged as intoto'];
    default:
      return [`unsupported entry kind ${key}`];
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function base64(value: unknown): Buffer | undefined {
  return typeof value === 'string' ? decodeBase64Strict(value) : undefined;
}

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

function matchHashedRekordV1(
  spec: Record<string, unknown>,
  content: Extract<BundleContent, { kind: 'message-signature' }>,
  signer: SignerMaterial,
): string[] {
  const problems: string[] = [];
  const signature = asObject(spec.signature);
  const hash = asObject(asObject(spec.data).hash);
  if (!bytesOrFalse(base64(signature.content), content.signature))
    problems.push('the logged signature differs');
  const algorithm = Object.hasOwn(nodeDigestName, content.digestAlgorithm)
    ? nodeDigestName[content.digestAlgorithm]
    : undefined;
  if (algorithm === undefined || hash.algorithm !== algorithm || !hexEquals(hash.value, content.digest))
    problems.push('the logged artifact digest differs');
  problems.push(...matchPemSigner(base64(asObject(signature.publicKey).content), signer));
  return problems;
}

function matchHashedRekordV2(
  spec: Record<string, unknown>,
  content: BundleContent,
  signer: SignerMaterial,
): string[] {
  const problems: string[] = [];
  const data = asObject(spec.data);
  const signature = asObject(spec.signature);
  if (!bytesOrFalse(base64(signature.content), content.signature))
    problems.push('the logged signature differs');
  if (content.kind === 'message-signature') {
    if (data.algorithm !== content.digestAlgorithm || !bytesOrFalse(base64(data.digest), content.digest)) {
      problems.push('the logged artifact digest differs');
    }
  } else {
    // Rekor v2 logs a DSSE envelope as a hashedrekord over its PAE (rekor-tiles spec, "DSSE as hashedrekord").
    const pae = sha256(preAuthenticationEncoding(content.payloadType, content.payload));
    if (data.algorithm !== 'SHA2_256' || !bytesOrFalse(base64(data.digest), pae)) {
      problems.push('the logged digest is not that of this envelope (PAE)');
    }
  }
  problems.push(...matchV2Verifier(asObject(signature.verifier), signer));
  return problems;
}

function matchDsseV1(
  spec: Record<string, unknown>,
  content: Extract<BundleContent, { kind: 'dsse-envelope' }>,
  signer: SignerMaterial,
): string[] {
  const problems: string[] = [];
  const signatures = Array.isArray(spec.signatures) ? spec.signatures : [];
  if (signatures.length !== 1) return [`the entry has ${signatures.length} signatures, expected 1`];
  const logged = asObject(signatures[0]);
  if (!bytesOrFalse(base64(logged.signature), content.signature))
    problems.push('the logged signature differs');
  const payloadHash = asObject(spec.payloadHash);
  if (payloadHash.algorithm !== 'sha256' || !hexEquals(payloadHash.value, sha256(content.payload))) {
    problems.push('the logged payload digest differs');
  }
  problems.push(...matchPemSigner(base64(logged.verifier), signer));
  return problems;
}

function matchDsseV2(
  spec: Record<string, unknown>,
  content: Extract<BundleContent, { kind: 'dsse-envelope' }>,
  signer: SignerMaterial,
): string[] {
  const problems: string[] = [];
  const signatures = Array.isArray(spec.signatures) ? spec.signatures : [];
  if (signatures.length !== 1) return [`the entry has ${signatures.length} signatures, expected 1`];
  const logged = asObject(signatures[0]);
  if (!bytesOrFalse(base64(logged.content), content.signature)) problems.push('the logged signature differs');
  const payloadHash = asObject(spec.payloadHash);
  if (
    payloadHash.algorithm !== 'SHA2_256' ||
    !bytesOrFalse(base64(payloadHash.digest), sha256(content.payload))
  ) {
    problems.push('the logged payload digest differs');
  }
  problems.push(...matchV2Verifier(asObject(logged.verifier), signer));
  return problems;
}

function matchIntotoV2(
  spec: Record<string, unknown>,
  content: Extract<BundleContent, { kind: 'dsse-envelope' }>,
  signer: SignerMaterial,
): string[] {
  const problems: string[] = [];
  const envelope = asObject(spec.envelope);
  const signatures = Array.isArray(envelope.signatures) ? envelope.signatures : [];
  if (signatures.length !== 1) return [`the entry has ${signatures.length} signatures, expected 1`];
  const logged = asObject(signatures[0]);
  // intoto 0.0.2 stores the envelope's base64 fields base64-encoded once more.
  const signatureText = base64(logged.sig)?.toString('utf8');
  if (!bytesOrFalse(signatureText === undefined ? undefined : base64(signatureText), content.signature)) {
    problems.push('the logged signature differs');
  }
  const payloadHash = asObject(spec.payloadHash);
  if (payloadHash.algorithm !== 'sha256' || !hexEquals(payloadHash.value, sha256(content.payload))) {
    problems.push('the logged payload digest differs');
  }
  problems.push(...matchPemSigner(base64(logged.publicKey), signer));
  return problems;
}

function bytesOrFalse(value: Buffer | undefined, expected: Uint8Array): boolean {
  return value !== undefined && bytesEqual(value, expected);
}

/**
 * Hex text equals `expected`, byte for byte. Whole byte pairs only: Node's hex decoder silently drops an
 * odd trailing digit, so `<64 hex digits>0` would otherwise decode to, and match, the 32-byte digest.
 */
function hexEquals(value: unknown, expected: Uint8Array): boolean {
  return (
    typeof value === 'string' &&
    /^(?:[0-9a-fA-F]{2})+$/.test(value) &&
    bytesEqual(Buffer.from(value, 'hex'), expected)
  );
}

/** Rekor v1 bodies carry the signer as PEM (certificate or public key), base64-encoded. */
function matchPemSigner(pem: Buffer | undefined, signer: SignerMaterial): string[] {
  if (!pem) return ['the entry does not name its signer'];
  const text = pem.toString('utf8');
  try {
    if (text.includes('-----BEGIN CERTIFICATE-----')) {
      const der = new NodeX509Certificate(text).raw;
      return signer.kind === 'certificate' && bytesEqual(der, signer.der)
        ? []
        : ['the logged certificate is not the bundle certificate'];
    }
    if (text.includes('-----BEGIN PUBLIC KEY-----')) {
      const spki = createPublicKey(text).export({ type: 'spki', format: 'der' });
      if (signer.kind !== 'public-key') return ['the entry names a public key, the bundle a certificate'];
      if (!signer.spki) return ['no trusted key to compare the logged public key with'];
      return bytesEqual(spki, signer.spki) ? [] : ['the logged public key is not the verifying key'];
    }
  } catch {
    return ['the logged signer is not a readable PEM certificate or public key'];
  }
  return ['the logged signer is not a PEM certificate or public key'];
}

/** Rekor v2 bodies carry the signer as DER: `x509Certificate.rawBytes` or `publicKey.rawBytes` (SPKI). */
function matchV2Verifier(verifier: Record<string, unknown>, signer: SignerMaterial): string[] {
  const certificate = base64(asObject(verifier.x509Certificate).rawBytes);
  if (certificate) {
    return signer.kind === 'certificate' && bytesEqual(certificate, signer.der)
      ? []
      : ['the logged certificate is not the bundle certificate'];
  }
  const spki = base64(asObject(verifier.publicKey).rawBytes);
  if (spki) {
    if (signer.kind !== 'public-key') return ['the entry names a public key, the bundle a certificate'];
    if (!signer.spki) return ['no trusted key to compare the logged public key with'];
    return bytesEqual(spki, signer.spki) ? [] : ['the logged public key is not the verifying key'];
  }
  return ['the entry does not name its signer'];
}
