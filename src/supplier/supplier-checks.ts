/**
 * The result model of `veriship supplier verify`, in the manner of `signing/verify/checks.ts` (house style
 * §4): every check is named, a check that could not run has failed, and an SBOM is accepted only when every
 * check ran and passed.
 */

/** The checks, in the order they are reported (docs/suppliers.md "Checks"). */
export const supplierCheckNames = [
  'signature',
  'supplier-trusted',
  'sbom-valid',
  'supplier-match',
  'vulnerabilities',
] as const;

export type SupplierCheckName = (typeof supplierCheckNames)[number];

/** A check a step is made of: the bundle checks of `verifyBundle`, `sbom-predicate`, a schema error. */
export interface SupplierCheckDetail {
  check: string;
  passed: boolean;
  reason?: string;
}

export interface SupplierCheck {
  check: SupplierCheckName;
  passed: boolean;
  /** Why it failed, or what it established when it passed. */
  reason?: string;
  details?: SupplierCheckDetail[];
}

export function passed(
  check: SupplierCheckName,
  reason: string,
  details?: SupplierCheckDetail[],
): SupplierCheck {
  return { check, passed: true, reason, ...(details ? { details } : {}) };
}

export function failed(
  check: SupplierCheckName,
  reason: string,
  details?: SupplierCheckDetail[],
): SupplierCheck {
  return { check, passed: false, reason, ...(details ? { details } : {}) };
}

/** True only when every named check is present and passed (a missing check fails: fail closed). */
export function allPassed(checks: readonly SupplierCheck[]): boolean {
  return (
    checks.every((check) => check.passed) &&
    supplierCheckNames.every((name) => checks.some((check) => check.check === name))
  );
}
