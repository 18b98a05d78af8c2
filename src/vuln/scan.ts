/**
 * `veriship scan` as a pure function: an SBOM and an advisory source in, a `ScanReport` out
 * (SBOM + OSV records → match → findings → suppress → report, house style §2). Files, database and clock
 * are the caller's.
 */
import type { FailOnLevel } from '../config/veriship-config.js';
import type { SbomComponent, SbomDocument } from '../sbom/read/sbom-document.js';
import { verishipVersion } from '../version.js';
import type { AdvisorySource } from './match/advisory-source.js';
import { buildFinding } from './match/build-finding.js';
import { matchComponent, type SchemeLookup } from './match/match-component.js';
import { groupByAliases } from './match/merge-aliases.js';
import { compareFindings, compareText as text } from './report/finding-order.js';
import type { ScanFinding, ScanReport, ScanWarning, Severity } from './report/scan-report.js';
import { meetsSeverityThreshold } from './severity/severity-rating.js';
import { versionSchemeFor } from './versions/registry.js';

export interface ScanOptions {
  sbom: SbomDocument;
  /** The SBOM file (or directory) as the user named it: the report's `source`. */
  sourcePath: string;
  advisories: AdvisorySource;
  database: ScanReport['database'];
  /**
   * Marks findings suppressed by VEX statements and ignore entries (`vex/applySuppressions`, bound to its
   * documents and the clock by the caller). Called once, after matching, with every finding.
   */
  suppress?: (findings: ScanFinding[]) => Pick<ScanReport, 'findings' | 'expiredIgnores'>;
  /** Version orderings by OSV ecosystem; the registry of `vuln/versions/` unless a test injects one. */
  schemeFor?: SchemeLookup;
}

/**
 * Identity for de-duplication: the bom-ref together with what is scanned. SBOMs need not be valid here, and
 * some repeat a bom-ref for two versions of a package: keyed by the ref alone, the second version would
 * never be scanned.
 */
function componentKey(component: SbomComponent): string {
  return JSON.stringify([
    component.bomRef ?? '',
    component.purl ?? `${component.group ?? ''}/${component.name}`,
    component.version ?? '',
  ]);
}

export function scanSbom(options: ScanOptions): ScanReport {
  const schemeFor = options.schemeFor ?? versionSchemeFor;
  const findings: ScanFinding[] = [];
  const notScanned: ScanReport['notScanned'] = [];
  const warnings: ScanWarning[] = [];
  const seen = new Set<string>();
  let components = 0;
  for (const component of options.sbom.components) {
    // An SBOM may list one component twice (same bom-ref, PURL and version): scanned once.
    const key = componentKey(component);
    if (seen.has(key)) continue;
    seen.add(key);
    components++;
    const outcome = matchComponent(component, options.advisories, schemeFor);
    if (outcome.kind === 'not-scanned') {
      const name =
        component.group && !component.purl ? `${component.group}/${component.name}` : component.name;
      notScanned.push({
        ...(component.bomRef ? { bomRef: component.bomRef } : {}),
        name,
        ...(component.version ? { version: component.version } : {}),
        reason: outcome.reason,
      });
      continue;
    }
    warnings.push(...outcome.warnings);
    for (const group of groupByAliases(outcome.matches)) {
      const built = buildFinding(group, {
        component,
        coordinates: outcome.coordinates,
        scheme: outcome.scheme,
      });
      findings.push(built.finding);
      for (const message of built.warnings) {
        warnings.push({ component: outcome.coordinates.purl, advisory: built.finding.id, message });
      }
    }
  }
  const suppressed = options.suppress ? options.suppress(findings) : { findings, expiredIgnores: [] };
  const sortedFindings = [...suppressed.findings].sort(compareFindings);
  const bySeverity: Record<Severity, number> = {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    none: 0,
    unknown: 0,
  };
  for (const finding of sortedFindings) if (!finding.suppressed) bySeverity[finding.severity]++;
  return {
    schema: 'https://veriship.dev/scan-report/v1',
    tool: { name: 'veriship', version: verishipVersion },
    source: options.sourcePath,
    database: options.database,
    summary: {
      bySeverity,
      suppressed: sortedFindings.filter((finding) => finding.suppressed).length,
      components,
      notScanned: notScanned.length,
    },
    findings: sortedFindings,
    notScanned: notScanned.sort(
      (a, b) =>
        text(a.name, b.name) ||
        text(a.version, b.version) ||
        text(a.bomRef, b.bomRef) ||
        text(a.reason, b.reason),
    ),
    expiredIgnores: suppressed.expiredIgnores,
    warnings: uniqueWarnings(warnings),
  };
}

function uniqueWarnings(warnings: ScanWarning[]): ScanWarning[] {
  const seen = new Map<string, ScanWarning>();
  for (const warning of warnings)
    seen.set(JSON.stringify([warning.component, warning.advisory, warning.message]), warning);
  return [...seen.values()].sort(
    (a, b) => text(a.component, b.component) || text(a.advisory, b.advisory) || text(a.message, b.message),
  );
}

/** `--fail-on` levels, lowest first; `none` never fails (report only, the default). */
export { failOnLevels } from '../config/veriship-config.js';
export type FailOn = FailOnLevel;

/**
 * The unsuppressed findings at or above the threshold. A finding whose severity is `unknown` (no rating
 * we could read in any of its merged advisories) counts as critical here: the gate fails closed rather
 * than passing something nobody rated; suppress it with VEX or an ignore entry once assessed.
 */
export function findingsAtOrAbove(report: ScanReport, failOn: FailOn): ScanFinding[] {
  return report.findings.filter(
    (finding) => !finding.suppressed && meetsSeverityThreshold(finding.severity, failOn),
  );
}
