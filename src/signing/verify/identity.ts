import type { X509Certificate } from '@sigstore/core';
import { UsageError } from '../../errors.js';

/** Fulcio certificate extensions (sigstore/fulcio docs/oid-info.md). */
const OID_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';
const OID_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';
const OID_OTHERNAME_USERNAME = '1.3.6.1.4.1.57264.1.7';
const OID_SUBJECT_ALT_NAME = '2.5.29.17';

/** Who must have signed a keyless bundle: the certificate's SAN and the OIDC issuer that vouched for it. */
export interface IdentityPolicy {
  /** The SAN (URI or email) exactly, or `subjectPattern`, a regular expression matched against all of it. */
  subject?: string;
  subjectPattern?: string;
  /** The OIDC issuer, exactly. */
  issuer: string;
}

export interface CompiledIdentityPolicy {
  describe: string;
  matchesSubject(subject: string): boolean;
  issuer: string;
}

/**
 * Compiles a policy. A pattern is anchored (`^(?:pattern)$`): `https://github.com/org/` must not match
 * `https://github.com/org/../evil`, nor a prefix match pass as an exact one.
 *
 * @throws UsageError when neither or both of subject and subjectPattern are given, or the pattern is invalid
 */
export function compileIdentityPolicy(policy: IdentityPolicy): CompiledIdentityPolicy {
  if ((policy.subject === undefined) === (policy.subjectPattern === undefined)) {
    throw new UsageError('give exactly one of a certificate identity and a certificate identity pattern');
  }
  if (!policy.issuer) throw new UsageError('a certificate OIDC issuer is required');
  if (policy.subject !== undefined) {
    const expected = policy.subject;
    return { describe: expected, matchesSubject: (subject) => subject === expected, issuer: policy.issuer };
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${policy.subjectPattern})$`, 'u');
  } catch (error) {
    throw new UsageError(`invalid certificate identity pattern: ${(error as Error).message}`);
  }
  return {
    describe: `/${pattern.source}/`,
    matchesSubject: (subject) => pattern.test(subject),
    issuer: policy.issuer,
  };
}

/**
 * The signer identity of a Fulcio certificate: SAN URI, else email, else the username otherName. The
 * bytes are decoded here rather than by @sigstore/core, whose `ascii` decoding clears each byte's high bit
 * (0xC3 0xB1, "ñ" in UTF-8, reads as "C1"), so that a name that is not the expected one could read as it.
 * URI and email are IA5String (ASCII): latin1 keeps any other byte distinct; the username is a
 * UTF8String and must be valid UTF-8.
 */
export function certificateSubject(certificate: X509Certificate): string | undefined {
  try {
    const names = certificate.extension(OID_SUBJECT_ALT_NAME)?.valueObj.subs[0]?.subs ?? [];
    const find = (tag: number) => names.find((name) => name.tag.isContextSpecific(tag));
    const ia5 = find(6) ?? find(1);
    if (ia5) return ia5.value.toString('latin1');
    const otherName = find(0);
    if (otherName?.subs[0]?.toOID() !== OID_OTHERNAME_USERNAME) return undefined;
    const value = otherName.subs[1]?.subs[0]?.value;
    return value === undefined ? undefined : new TextDecoder('utf-8', { fatal: true }).decode(value);
  } catch {
    return undefined;
  }
}

/**
 * The OIDC issuer from the Fulcio extensions: 1.3.6.1.4.1.57264.1.8 (a DER UTF8String) when present, else
 * the legacy 1.3.6.1.4.1.57264.1.1 (raw bytes). When both are present they must agree.
 */
export function certificateIssuer(certificate: X509Certificate): { issuer?: string; problem?: string } {
  try {
    const v2 = certificate.extension(OID_ISSUER_V2)?.valueObj.subs[0]?.value.toString('utf8');
    const v1 = certificate.extension(OID_ISSUER_V1)?.value.toString('utf8');
    if (v2 !== undefined && v1 !== undefined && v1 !== v2) {
      return { problem: `the certificate's issuer extensions disagree (${v1} and ${v2})` };
    }
    const issuer = v2 ?? v1;
    return issuer === undefined ? { problem: 'the certificate has no Fulcio issuer extension' } : { issuer };
  } catch (error) {
    return { problem: `unreadable issuer extension: ${(error as Error).message}` };
  }
}
