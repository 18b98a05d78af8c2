import type { ScanFinding, Severity } from './scan-report.js';

/** Most severe first. `unknown` (no score we can read) ranks just below `low`, above `none`. */
export const severityOrder: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'unknown', 'none'];

function text(a: string | undefined, b: string | undefined): number {
  const left = a ?? '';
  const right = b ?? '';
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Severity descending, then package name, version, id, bom-ref and PURL: the same input always reads the
 * same (code-point order, never the machine's locale).
 */
export function compareFindings(a: ScanFinding, b: ScanFinding): number {
  return (
    severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity) ||
    text(a.package.name, b.package.name) ||
    text(a.package.version, b.package.version) ||
    text(a.id, b.id) ||
    text(a.package.bomRef, b.package.bomRef) ||
    text(a.package.purl, b.package.purl)
  );
}

export { text as compareText };
