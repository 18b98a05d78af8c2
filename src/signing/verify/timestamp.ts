import { createPublicKey } from 'node:crypto';
import { RFC3161Timestamp } from '@sigstore/core';
import type { SigningTime } from '../keyring/key-trust.js';
import type { Bundle } from './bundle.js';
import { extendedKeyUsages, OID_TIME_STAMPING, verifyCertificateChain } from './certificate-chain.js';
import type { CheckCollector } from './checks.js';
import { bytesEqual } from './encoding.js';
import { type CertificateAuthority, isWithin, type TrustedRoot } from './trusted-root.js';

/**
 * `timestamp` for the bundle's RFC 3161 timestamps: every one present must verify (an unverifiable one
 * fails the check, as in sigstore-js; identical copies count once). Verified times join `signingTimes`.
 */
export function checkTimestamps(
  bundle: Bundle,
  trustedRoot: TrustedRoot | undefined,
  signingTimes: SigningTime[],
  checks: CheckCollector,
): void {
  const unique = bundle.rfc3161Timestamps.filter(
    (der, index, all) => all.findIndex((other) => bytesEqual(other, der)) === index,
  );
  if (unique.length === 0) return;
  if (!trustedRoot) {
    checks.fail(
      'timestamp',
      'the bundle has RFC 3161 timestamps, but no trusted root was given to verify them',
    );
    return;
  }
  for (const [index, der] of unique.entries()) {
    const outcome = verifyRfc3161Timestamp(der, bundle.content.signature, trustedRoot.timestampAuthorities);
    if ('problem' in outcome) {
      checks.fail('timestamp', `timestamp ${index}: ${outcome.problem}`);
    } else {
      signingTimes.push({ time: outcome.time, source: 'RFC 3161 timestamp' });
      checks.pass('timestamp', `RFC 3161 timestamp ${outcome.time.toISOString()} verified`);
    }
  }
}

/**
 * Verifies an RFC 3161 timestamp over `signature` (Sigstore timestamps the signature bytes) against the
 * timestamp authorities of the trusted root, and returns its time. Only the trusted root's certificates
 * are used: certificates embedded in the token are ignored, so an untrusted TSA cannot vouch for itself.
 * The TSA must be trusted by the root at the timestamp's time, its signing certificate must be the one
 * the token names (issuer and serial), carry the timeStamping usage, and chain at that time.
 */
export function verifyRfc3161Timestamp(
  der: Buffer,
  signature: Buffer,
  authorities: readonly CertificateAuthority[],
): { time: Date } | { problem: string } {
  let timestamp: RFC3161Timestamp;
  let time: Date;
  let signerIssuer: Buffer;
  let signerSerial: Buffer;
  try {
    timestamp = RFC3161Timestamp.parse(Buffer.from(der));
    // PKIStatus granted (0) or grantedWithMods (1), RFC 3161 §2.4.2.
    if (timestamp.status > 1n) return { problem: `the timestamp response status is ${timestamp.status}` };
    time = timestamp.signingTime;
    signerIssuer = timestamp.signerIssuer;
    signerSerial = timestamp.signerSerialNumber;
  } catch (error) {
    return { problem: `not an RFC 3161 timestamp response (${(error as Error).message})` };
  }
  const named = authorities.filter((authority) => {
    const leaf = authority.certificates[0];
    return (
      leaf !== undefined &&
      bytesEqual(leaf.issuer, signerIssuer) &&
      bytesEqual(leaf.serialNumber, signerSerial)
    );
  });
  if (named.length === 0)
    return { problem: 'signed by a timestamp authority the trusted root does not list' };
  const problems: string[] = [];
  for (const authority of named) {
    if (!isWithin(authority.validFor, time)) {
      problems.push(`the trusted root does not trust ${authority.uri || 'the TSA'} at ${time.toISOString()}`);
      continue;
    }
    const [leaf, ...issuers] = authority.certificates;
    if (!leaf) continue;
    if (!extendedKeyUsages(leaf).includes(OID_TIME_STAMPING)) {
      problems.push('the TSA certificate lacks the timeStamping extended key usage');
      continue;
    }
    const chain = verifyCertificateChain(leaf, { ...authority, certificates: issuers }, [time]);
    if (chain.problem && issuers.length > 0) {
      problems.push(`TSA certificate: ${chain.problem}`);
      continue;
    }
    if (issuers.length === 0 && !leaf.validForDate(time)) {
      problems.push(`the TSA certificate is not valid at ${time.toISOString()}`);
      continue;
    }
    try {
      timestamp.verify(signature, createPublicKey({ key: leaf.publicKey, format: 'der', type: 'spki' }));
      return { time };
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return { problem: problems.join('; ') || 'not verified' };
}
