import type { SupplierVerification } from './verify-supplier-sbom.js';

/** Sub-checks shown under a check: all of them when it failed, none when it passed (the verdict is enough). */
function detailLines(check: SupplierVerification['checks'][number]): string[] {
  if (check.passed || !check.details) return [];
  return check.details.map(
    (detail) =>
      `      ${detail.passed ? '✓' : '✗'} ${detail.check}${detail.reason ? `: ${detail.reason}` : ''}`,
  );
}

/** One line per check, ✓ or ✗ with its reason (as `veriship verify` prints), failing details, the verdict. */
export function formatSupplierVerification(verification: SupplierVerification): string {
  const lines = [
    `${verification.sbom} (bundle ${verification.bundle}, trust policy ${verification.trustPolicy}):`,
  ];
  for (const check of verification.checks) {
    lines.push(`  ${check.passed ? '✓' : '✗'} ${check.check}${check.reason ? `: ${check.reason}` : ''}`);
    lines.push(...detailLines(check));
  }
  const failed = verification.checks.filter((check) => !check.passed).length;
  lines.push(
    verification.verified
      ? `verified: supplier ${verification.supplier}, all ${verification.checks.length} checks passed`
      : `NOT verified: ${failed} of ${verification.checks.length} checks failed`,
  );
  return `${lines.join('\n')}\n`;
}
