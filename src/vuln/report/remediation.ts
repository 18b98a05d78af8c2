/**
 * The remediation list: per affected package, the smallest upgrade that fixes every unsuppressed finding
 * on it. Candidates are the fixes the advisories name; one is accepted only if none of the package's
 * findings still affects it (each finding carries its advisory's SEMVER/ECOSYSTEM ranges), so a fix in
 * one advisory that is inside another's range is never offered.
 */
import { evaluateAffected, sortVersions } from '../match/affects.js';
import { versionSchemeFor } from '../versions/registry.js';
import type { VersionScheme } from '../versions/version-scheme.js';
import type { ScanFinding } from './scan-report.js';

export interface Remediation {
  package: ScanFinding['package'];
  /** Ids of the unsuppressed findings on this package. */
  findings: string[];
  /** The smallest version above the installed one that none of them affects; undefined when none is known. */
  upgradeTo?: string;
}

function packageKey(finding: ScanFinding): string {
  return `${finding.package.bomRef ?? ''}\u0000${finding.package.purl}`;
}

/** Whether `version` is outside every range of the finding; a finding without ranges cannot be cleared. */
function clears(version: string, finding: ScanFinding, scheme: VersionScheme): boolean {
  if (finding.affectedRanges.length === 0) return false;
  const ranges = finding.affectedRanges.map((range) => ({ type: range.type, events: range.events }));
  const evaluation = evaluateAffected(version, { ranges }, scheme);
  // A range we could not evaluate for this candidate leaves the question open: not a fix.
  return !evaluation.affected && evaluation.warnings.length === 0;
}

/** In the order packages first appear among the findings (worst first, as findings are sorted). */
export function remediations(findings: readonly ScanFinding[]): Remediation[] {
  const groups = new Map<string, ScanFinding[]>();
  for (const finding of findings) {
    if (finding.suppressed) continue;
    const key = packageKey(finding);
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  const result: Remediation[] = [];
  for (const group of groups.values()) {
    const first = group[0] as ScanFinding;
    const scheme = versionSchemeFor(first.package.ecosystem);
    const remediation: Remediation = {
      package: first.package,
      findings: [...new Set(group.map((f) => f.id))],
    };
    if (scheme?.isValid(first.package.version)) {
      const candidates = sortVersions(
        group.flatMap((finding) => finding.fixedVersions),
        scheme,
      ).filter((version) => scheme.isValid(version) && scheme.compare(version, first.package.version) > 0);
      const upgrade = candidates.find((candidate) =>
        group.every((finding) => clears(candidate, finding, scheme)),
      );
      if (upgrade) remediation.upgradeTo = upgrade;
    }
    result.push(remediation);
  }
  return result;
}
