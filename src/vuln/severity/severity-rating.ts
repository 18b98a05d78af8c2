import type { FailOnLevel } from '../../config/veriship-config.js';
import type { Severity } from '../report/scan-report.js';
import type { CvssVersion } from './cvss-metrics.js';

/**
 * The qualitative rating of a CVSS score.
 *
 * v3.x and v4.0 (CVSS v3.1 specification §5 "Qualitative Severity Rating Scale", the same table in v4.0 §6):
 * 0.0 none, 0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high, 9.0–10.0 critical.
 * v2 defines no rating; we use NVD's v2 bands (nvd.nist.gov/vuln-metrics/cvss): 0.0–3.9 low, 4.0–6.9
 * medium, 7.0–10.0 high, with no "none" and no "critical" (osv-scanner applies the v3 scale to v2 scores,
 * which turns every v2 10.0 into a critical NVD never called it).
 */
export function ratingForScore(version: CvssVersion, score: number): Exclude<Severity, 'unknown'> {
  if (version === '2.0') return score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'none';
}

const ranks: Record<Severity, number> = { unknown: -1, none: 0, low: 1, medium: 2, high: 3, critical: 4 };

/**
 * Orders severities for sorting and comparison: none 0 < low 1 < medium 2 < high 3 < critical 4, and
 * `unknown` -1, below all of them. For deciding whether a finding fails a gate use `meetsSeverityThreshold`,
 * which treats `unknown` as failing (an unrated vulnerability may be critical); ranks alone would let it pass.
 */
export function severityRank(severity: Severity): number {
  return ranks[severity];
}

/** A `--fail-on` level (`veriship.yaml` `scan.failOn`): the config module owns the list. */
export type SeverityThreshold = FailOnLevel;

/**
 * Whether a finding of `severity` trips a `--fail-on threshold` gate. `none` never trips (report only).
 * Otherwise the gate fails closed: `unknown` (no CVSS vector we could score and no rating from the
 * database) trips every threshold, as if critical, until someone assesses it (VEX or an ignore entry).
 * The same rule as `findingsAtOrAbove` in `vuln/scan.ts`.
 */
export function meetsSeverityThreshold(severity: Severity, threshold: SeverityThreshold): boolean {
  if (threshold === 'none') return false;
  return severity === 'unknown' || ranks[severity] >= ranks[threshold];
}
