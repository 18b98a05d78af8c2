import { createHash } from 'node:crypto';
import { EXTENSION_OID_SCT, type X509Certificate, X509SCTExtension } from '@sigstore/core';
import { bytesEqual } from './encoding.js';
import { isWithin, type TransparencyLogInstance } from './trusted-root.js';

/**
 * Verifies the signed certificate timestamps embedded in a Fulcio certificate (RFC 6962 §3.2): each SCT
 * signs the precertificate, i.e. the TBS certificate without the SCT extension, prefixed by the SHA-256 of
 * the issuer's public key. At least one SCT must verify against a CT log of the trusted root valid at the
 * SCT's time. SCTs from logs the root does not list are ignored; one from a listed log that fails to
 * verify fails the check (threshold 1, and an SCT never counts twice).
 */
export function verifyEmbeddedScts(
  leaf: X509Certificate,
  issuer: X509Certificate,
  ctlogs: readonly TransparencyLogInstance[],
): { passed: boolean; reason: string } {
  const clone = leaf.clone();
  const index = clone.extensions.findIndex((extension) => extension.subs[0]?.toOID() === EXTENSION_OID_SCT);
  if (index < 0) return { passed: false, reason: 'the certificate has no embedded SCT' };
  let scts: X509SCTExtension['signedCertificateTimestamps'];
  try {
    scts = new X509SCTExtension(clone.extensions[index] as (typeof clone.extensions)[number])
      .signedCertificateTimestamps;
  } catch (error) {
    return { passed: false, reason: `unreadable SCT extension: ${(error as Error).message}` };
  }
  clone.extensions.splice(index, 1);
  const tbs = clone.tbsCertificate.toDER();
  const length = Buffer.alloc(3);
  length.writeUIntBE(tbs.length, 0, 3);
  const preCertificate = Buffer.concat([createHash('sha256').update(issuer.publicKey).digest(), length, tbs]);

  const verified: string[] = [];
  for (const sct of scts) {
    const logId = sct.logID.toString('base64');
    if (verified.includes(logId)) continue;
    const logs = ctlogs.filter((log) => bytesEqual(log.logId, sct.logID));
    if (logs.length === 0) continue;
    const ok = logs.some((log) => {
      const key = log.key.publicKey;
      if (!key || !isWithin(log.key.validFor, sct.datetime)) return false;
      try {
        return sct.verify(preCertificate, key);
      } catch {
        return false;
      }
    });
    if (!ok)
      return { passed: false, reason: `the SCT from CT log ${logId} does not verify with that log's key` };
    verified.push(logId);
  }
  if (verified.length === 0) return { passed: false, reason: 'no SCT from a CT log of the trusted root' };
  return { passed: true, reason: `SCT from CT log ${verified.join(', ')} verified` };
}
