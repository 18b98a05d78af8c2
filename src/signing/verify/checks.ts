/**
 * The verification result model (house style §4): every check has a stable name, and a bundle is verified
 * only when at least one check ran and every check passed. A check that could not run is reported as
 * failed, never left out silently. docs/verify.md lists each check and what it proves.
 */

/** Stable check names, in the order they are reported. */
export const checkNames = [
  'bundle-parse',
  'bundle-media-type',
  'artifact-digest',
  'dsse-payload-type',
  'dsse-subject',
  'signature',
  'key-trust',
  'certificate-chain',
  'certificate-identity',
  'certificate-issuer',
  'sct',
  'tlog-body',
  'tlog-inclusion',
  'tlog-checkpoint',
  'tlog-set',
  'timestamp',
] as const;

export type CheckName = (typeof checkNames)[number];

export interface CheckResult {
  check: CheckName;
  passed: boolean;
  /** Why it failed, or what it established when it passed. */
  reason?: string;
}

export interface VerificationResult {
  /** True only when `checks` is non-empty and every check passed. */
  verified: boolean;
  checks: CheckResult[];
  /**
   * Who signed, when the bundle verified: the trusted key's id, or the certificate's identity (SAN) and
   * OIDC issuer. Absent when verification failed: an unverified signer is nobody.
   */
  signer?: { keyId: string } | { identity: string; issuer?: string };
}

/**
 * Collects check outcomes. A check can be reported in parts (one per tlog entry, say): it passes only if
 * every part passed, and its reason joins the failing parts (or the passing ones when nothing failed).
 */
export class CheckCollector {
  private readonly parts = new Map<CheckName, { passed: boolean; reason: string | undefined }[]>();

  pass(check: CheckName, reason?: string): void {
    this.add(check, true, reason);
  }

  fail(check: CheckName, reason: string): void {
    this.add(check, false, reason);
  }

  add(check: CheckName, passed: boolean, reason?: string): void {
    const list = this.parts.get(check) ?? [];
    list.push({ passed, reason });
    this.parts.set(check, list);
  }

  has(check: CheckName): boolean {
    return this.parts.has(check);
  }

  /** Whether the check was reported and every part of it passed. */
  passed(check: CheckName): boolean {
    const list = this.parts.get(check);
    return list?.every((part) => part.passed) ?? false;
  }

  result(): VerificationResult {
    const checks: CheckResult[] = [];
    for (const check of checkNames) {
      const list = this.parts.get(check);
      if (!list) continue;
      const passed = list.every((part) => part.passed);
      const reasons = list
        .filter((part) => part.passed === passed && part.reason !== undefined)
        .map((part) => part.reason as string);
      const unique = [...new Set(reasons)];
      checks.push(unique.length > 0 ? { check, passed, reason: unique.join('; ') } : { check, passed });
    }
    return toVerificationResult(checks);
  }
}

export function toVerificationResult(checks: CheckResult[]): VerificationResult {
  return { verified: checks.length > 0 && checks.every((check) => check.passed), checks };
}
