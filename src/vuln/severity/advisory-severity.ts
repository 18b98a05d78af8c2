import type { OsvAdvisory, OsvAffected, OsvSeverity } from '../osv/osv-types.js';
import type { Severity } from '../report/scan-report.js';
import { scoreCvss } from './score-cvss.js';
import { severityRank } from './severity-rating.js';

export interface AdvisoryCvss {
  version: string;
  vector: string;
  score: number;
}

export interface AdvisorySeverity {
  severity: Severity;
  /** The highest score among `cvss`, or null when no vector could be scored. */
  score: number | null;
  /** Every distinct vector we scored, newest CVSS version first, then by vector text. */
  cvss: AdvisoryCvss[];
  /** Where `severity` came from: scored vectors, the database's own rating, or nothing usable. */
  source: 'cvss' | 'database' | 'none';
  /**
   * Vectors skipped as unscorable, and entries whose type disagrees with their vector, each naming the
   * vector and the problem (not the advisory: the caller knows which one it asked about).
   */
  warnings: string[];
}

const cvssTypes: Record<string, string> = { CVSS_V2: '2.0', CVSS_V3: '3', CVSS_V4: '4.0' };

/** GHSA's `database_specific.severity` words (GitHub advisory database: LOW, MODERATE, HIGH, CRITICAL). */
const databaseRatings: Record<string, Severity> = {
  LOW: 'low',
  MODERATE: 'medium',
  MEDIUM: 'medium',
  HIGH: 'high',
  CRITICAL: 'critical',
};

function databaseSeverity(
  record: { database_specific?: Record<string, unknown> } | undefined,
): Severity | undefined {
  const value = record?.database_specific?.severity;
  return typeof value === 'string' ? databaseRatings[value.trim().toUpperCase()] : undefined;
}

/**
 * The severity of an advisory, for one of its affected packages when given.
 *
 * Every CVSS vector of the advisory's `severity[]` and of the affected entry's `severity[]` is scored; the
 * result takes the highest score and the highest rating among them, across CVSS versions. That follows
 * osv-scanner (`CalculateOverallScore`: the maximum over all vectors) and the scan report's contract
 * ("highest CVSS base score among the advisory's vectors"), and it is the fail-closed choice for
 * `--fail-on`: preferring the newest version would let a lower v4.0 score hide a higher v3.1 one. Rating and
 * score are maximised separately because v2 rates on NVD's scale (a v2 10.0 is "high") while a v3.1 9.8 is
 * "critical": the advisory is then critical with score 10.0.
 *
 * With no scorable vector, the database's own rating (`database_specific.severity`, as GHSA writes it) is
 * used, the affected entry's before the advisory's; with neither, the severity is `unknown` and the score
 * null (Go and PyPI advisories often carry neither). An invalid vector never fails the scan: it is skipped
 * and reported in `warnings`. Entries of other types (`Ubuntu`, …) are not CVSS and are ignored.
 */
export function advisorySeverity(advisory: OsvAdvisory, affected?: OsvAffected): AdvisorySeverity {
  const entries: OsvSeverity[] = [...(advisory.severity ?? []), ...(affected?.severity ?? [])];
  const scored = new Map<string, ReturnType<typeof scoreCvss>>();
  const warnings: string[] = [];
  for (const entry of entries) {
    // An own key only: an entry typed `constructor` or `toString` is not CVSS either.
    if (!Object.hasOwn(cvssTypes, entry.type)) continue;
    const expected = cvssTypes[entry.type] as string;
    const vector = typeof entry.score === 'string' ? entry.score.trim() : String(entry.score);
    if (scored.has(vector)) continue; // the same vector at both levels counts once
    try {
      const result = scoreCvss(vector);
      if (!result.version.startsWith(expected)) {
        warnings.push(
          `${entry.type} entry holds CVSS ${result.version} vector ${JSON.stringify(vector)}; scored as CVSS ${result.version}`,
        );
      }
      scored.set(vector, result);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      warnings.push(`skipped ${entry.type} entry: ${reason}`);
    }
  }
  const cvss = [...scored.values()]
    .sort((a, b) =>
      a.version === b.version
        ? a.vector < b.vector
          ? -1
          : a.vector > b.vector
            ? 1
            : 0
        : a.version < b.version
          ? 1
          : -1,
    )
    .map(({ version, vector, score }) => ({ version, vector, score }));
  if (scored.size > 0) {
    const results = [...scored.values()];
    const severity = results.reduce<Severity>(
      (worst, result) => (severityRank(result.severity) > severityRank(worst) ? result.severity : worst),
      'unknown',
    );
    return {
      severity,
      score: Math.max(...results.map((result) => result.score)),
      cvss,
      source: 'cvss',
      warnings,
    };
  }
  const fromDatabase = databaseSeverity(affected) ?? databaseSeverity(advisory);
  if (fromDatabase !== undefined)
    return { severity: fromDatabase, score: null, cvss, source: 'database', warnings };
  return { severity: 'unknown', score: null, cvss, source: 'none', warnings };
}
