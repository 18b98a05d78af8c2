import type { X509Certificate } from '@sigstore/core';
import { type CertificateAuthority, isWithin } from './trusted-root.js';

const OID_EXTENDED_KEY_USAGE = '2.5.29.37';
export const OID_CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
export const OID_TIME_STAMPING = '1.3.6.1.5.5.7.3.8';

export interface ChainOutcome {
  /** Leaf first, then its issuers up to the last authority certificate reached. */
  path: X509Certificate[] | undefined;
  problem: string | undefined;
}

/**
 * Builds and checks the path from `leaf` to one of the authority's certificates (RFC 5280 §6, the parts
 * Sigstore relies on): each certificate is signed by the next, names chain, every issuer is a CA within
 * its path length, and every certificate in the path, and the authority's `validFor` in the trusted root,
 * cover every one of `times`. Only the authority's certificates are trusted: certificates shipped in the
 * bundle are never used as issuers.
 */
export function verifyCertificateChain(
  leaf: X509Certificate,
  authority: CertificateAuthority,
  times: readonly Date[],
): ChainOutcome {
  const path = [leaf];
  for (;;) {
    const current = path[path.length - 1] as X509Certificate;
    if (path.length > 1 && isSelfSigned(current)) break;
    const issuer = authority.certificates.find(
      (candidate) =>
        !path.some((seen) => seen.equals(candidate)) &&
        candidate.subject.equals(current.issuer) &&
        verifies(current, candidate),
    );
    if (!issuer) {
      if (path.length > 1) break; // reached a trusted certificate whose own issuer the root does not list
      return { path: undefined, problem: `not issued by ${authority.uri || 'this authority'}` };
    }
    path.push(issuer);
    if (path.length > 10) return { path: undefined, problem: 'certificate path too long' };
  }
  for (const [depth, certificate] of path.entries()) {
    if (depth === 0) continue;
    if (!certificate.isCA) return { path, problem: `issuer ${depth} is not a CA certificate` };
    const limit = certificate.extBasicConstraints?.pathLenConstraint;
    // pathLenConstraint counts the CA certificates that may follow, not counting the leaf.
    if (limit !== undefined && limit < BigInt(depth - 1))
      return { path, problem: 'path length constraint exceeded' };
  }
  for (const time of times) {
    if (!isWithin(authority.validFor, time)) {
      return {
        path,
        problem: `the trusted root trusts ${authority.uri || 'this authority'} only ${describePeriod(authority.validFor)}, not at ${time.toISOString()}`,
      };
    }
    const expired = path.findIndex((certificate) => !certificate.validForDate(time));
    if (expired >= 0) {
      const certificate = path[expired] as X509Certificate;
      return {
        path,
        problem: `${expired === 0 ? 'the certificate' : `issuer ${expired}`} is valid ${certificate.notBefore.toISOString()} to ${certificate.notAfter.toISOString()}, not at ${time.toISOString()}`,
      };
    }
  }
  return { path, problem: undefined };
}

/** The extended key usages of a certificate (RFC 5280 §4.2.1.12), empty when it has none. */
export function extendedKeyUsages(certificate: X509Certificate): string[] {
  const extension = certificate.extension(OID_EXTENDED_KEY_USAGE);
  if (!extension) return [];
  try {
    return (extension.valueObj.subs[0]?.subs ?? []).map((usage) => usage.toOID());
  } catch {
    return [];
  }
}

/**
 * The extensions this verifier acts on, which may therefore be critical (RFC 5280 §4.2: a critical
 * extension the relying party does not process means the certificate must be rejected): key usage,
 * extended key usage, basic constraints, subject alternative name, and the key identifiers.
 */
const handledExtensions = new Set([
  '2.5.29.15',
  '2.5.29.37',
  '2.5.29.19',
  '2.5.29.17',
  '2.5.29.14',
  '2.5.29.35',
]);

/**
 * The OIDs of the certificate's critical extensions that this verifier does not process, as sigstore-go
 * (crypto/x509 `UnhandledCriticalExtensions`) rejects them; a CT precertificate's poison extension is one.
 * An extension whose criticality cannot be read counts as unhandled.
 */
export function unhandledCriticalExtensions(certificate: X509Certificate): string[] {
  return certificate.extensions.flatMap((extension) => {
    let oid: string;
    try {
      oid = extension.subs[0]?.toOID() ?? '';
    } catch {
      return ['an unreadable extension'];
    }
    if (extension.subs.length < 3) return [];
    try {
      return extension.subs[1]?.toBoolean() && !handledExtensions.has(oid) ? [oid] : [];
    } catch {
      return [oid];
    }
  });
}

/**
 * Whether the key usage extension (RFC 5280 §4.2.1.3), when present, allows the key to verify signatures
 * other than on certificates and CRLs: digitalSignature. Absent, the key is not restricted.
 */
export function allowsDigitalSignature(certificate: X509Certificate): boolean {
  try {
    const usage = certificate.extKeyUsage;
    return usage === undefined || usage.digitalSignature;
  } catch {
    return false;
  }
}

export function isSelfSigned(certificate: X509Certificate): boolean {
  return certificate.subject.equals(certificate.issuer) && verifies(certificate, certificate);
}

function verifies(certificate: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return certificate.verify(issuer);
  } catch {
    return false;
  }
}

function describePeriod(period: { start: Date; end: Date | undefined }): string {
  return `from ${period.start.toISOString()}${period.end ? ` to ${period.end.toISOString()}` : ''}`;
}
