/**
 * A merged group of advisory matches → one `ScanFinding` (the report contract in `report/scan-report.ts`).
 */
import type { SbomComponent } from '../../sbom/read/sbom-document.js';
import type { ScanFinding, Severity } from '../report/scan-report.js';
import { advisorySeverity, severityRank } from '../severity/index.js';
import type { VersionScheme } from '../versions/version-scheme.js';
import { sortVersions } from './affects.js';
import type { AdvisoryMatch } from './match-component.js';
import { compareIds } from './merge-aliases.js';
import type { OsvCoordinates } from './purl-ecosystem.js';

export interface FindingContext {
  component: SbomComponent;
  coordinates: OsvCoordinates & { version: string };
  scheme: VersionScheme;
}

function unique<T>(values: T[], key: (value: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const value of values) if (!seen.has(key(value))) seen.set(key(value), value);
  return [...seen.values()];
}

/** Severity warnings are text, or `{ vector, message }` objects: either way one line. */
function describeWarning(warning: unknown): string {
  if (typeof warning === 'string') return warning;
  const { vector, message } = (warning ?? {}) as { vector?: unknown; message?: unknown };
  return [vector, message].filter((part) => typeof part === 'string').join(': ') || String(warning);
}

function eventsOf(events: readonly object[]): Record<string, string>[] {
  return events.map((event) =>
    Object.fromEntries(Object.entries(event).filter(([, value]) => typeof value === 'string')),
  );
}

/**
 * Severity is the worst any of the merged advisories gives (the fail-closed reading when databases
 * disagree), score the highest, and the CVSS vectors the union. The summary is the preferred advisory's,
 * else the first merged one that has one.
 */
export function buildFinding(
  group: readonly AdvisoryMatch[],
  context: FindingContext,
): { finding: ScanFinding; warnings: string[] } {
  const order = compareIds(context.coordinates.ecosystem);
  const sorted = [...group].sort((a, b) => order(a.advisory.id, b.advisory.id));
  const preferred = sorted[0] as AdvisoryMatch;
  const ids = new Set<string>();
  for (const match of sorted) {
    ids.add(match.advisory.id);
    for (const alias of match.advisory.aliases ?? []) ids.add(alias);
  }
  ids.delete(preferred.advisory.id);

  let severity: Severity = 'unknown';
  let score: number | null = null;
  const cvss: ScanFinding['cvss'] = [];
  const warnings: string[] = [];
  for (const match of sorted) {
    const rated = advisorySeverity(match.advisory, match.affected[0]);
    if (
      severity === 'unknown' ||
      (rated.severity !== 'unknown' && severityRank(rated.severity) > severityRank(severity))
    ) {
      severity = rated.severity;
    }
    if (rated.score !== null && (score === null || rated.score > score)) score = rated.score;
    cvss.push(...rated.cvss);
    for (const warning of rated.warnings as readonly unknown[]) warnings.push(describeWarning(warning));
  }

  const references = unique(
    sorted.flatMap((match) => (match.advisory.references ?? []).map((reference) => reference.url)),
    (url) => url,
  ).filter((url) => typeof url === 'string' && url !== '');

  const summary =
    [preferred, ...sorted].map((match) => match.advisory.summary?.trim()).find((text) => text) ??
    [preferred, ...sorted]
      .map((match) => match.advisory.details?.trim().split('\n')[0])
      .find((text) => text) ??
    '';

  const finding: ScanFinding = {
    id: preferred.advisory.id,
    aliases: [...ids].sort(order),
    package: {
      name: context.coordinates.name,
      ecosystem: context.coordinates.ecosystem,
      purl: context.coordinates.purl,
      version: context.coordinates.version,
      ...(context.component.bomRef ? { bomRef: context.component.bomRef } : {}),
    },
    severity,
    score,
    cvss: unique(cvss, (entry) => entry.vector).sort((a, b) =>
      a.vector < b.vector ? -1 : a.vector > b.vector ? 1 : 0,
    ),
    summary,
    affectedRanges: unique(
      sorted.flatMap((match) =>
        match.ranges.map((range) => ({ type: range.type, events: eventsOf(range.events ?? []) })),
      ),
      (range) => JSON.stringify(range),
    ),
    fixedVersions: sortVersions(
      sorted.flatMap((match) => match.fixedVersions),
      context.scheme,
    ),
    references,
    suppressed: null,
  };
  return { finding, warnings };
}
