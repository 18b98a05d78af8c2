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
 * TSTInfo `genTime` (RFC 3161 §2.4.2): GeneralizedTime `YYYYMMDDhhmmss[.s…]Z`, UTC, the fraction with as
 * many digits as the TSA's accuracy needs and no trailing zeros. Parsed here because @sigstore/core's own
 * parser accepts only a three-digit fraction and so rejects a valid `…05.9Z`.
 * @throws Error when the field is missing or not such a time
 */
export function generalizedTime(value: Buffer | undefined): Date {
  const text = value?.toString('ascii') ?? '';
  // Trailing zeros are accepted although DER forbids them: the time is signed either way, and refusing
  // `.900Z` would only turn a valid timestamp into a false failure.
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/.exec(text);
  if (!match) throw new Error(`invalid genTime ${JSON.stringify(text)}`);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const milliseconds = match[7] ? Math.floor(Number(`0.${match[7]}`) * 1000) : 0;
  const time = new Date(Date.UTC(year, month - 1, day, hour, minute, second, milliseconds));
  // Date.UTC rolls 2026-02-30 over into March; a real time reads back the same fields.
  if (
    time.getUTCMonth() !== month - 1 ||
    time.getUTCDate() !== day ||
    time.getUTCHours() !== hour ||
    time.getUTCMinutes() !== minute
  ) {
    throw new Error(`invalid genTime ${JSON.stringify(text)}`);
  }
  return time;
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
    time = generalizedTime(timestamp.tstInfo.root.subs[4]?.value);
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
