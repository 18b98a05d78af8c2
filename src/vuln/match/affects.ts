/**
 * Whether one version of a package is affected by one OSV `affected[]` entry: the evaluation algorithm of
 * the OSV schema 1.7 ("Evaluation", `IsVulnerable`), verbatim in structure:
 *
 *   IncludedInVersions(v, versions) || IncludedInRanges(v, ranges)
 *
 * with `ranges` of type SEMVER (SemVer §11 precedence, `semver-ordering.ts`) or ECOSYSTEM (the
 * ecosystem's own ordering). GIT ranges need the repository's commit graph and say nothing about package
 * versions, so they are ignored, as the schema's `versions` requirement for GIT ranges implies.
 */
import type { OsvAffected, OsvRange } from '../osv/osv-types.js';
import type { VersionScheme } from '../versions/version-scheme.js';
import { semverOrdering } from './semver-ordering.js';

export interface AffectedEvaluation {
  affected: boolean;
  /** `v` is listed in `versions` (OSV "IncludedInVersions"). */
  listed: boolean;
  /** The SEMVER/ECOSYSTEM ranges whose timeline has `v` vulnerable. */
  matchedRanges: OsvRange[];
  /** `fixed` events of the matched ranges above `v`, ascending: the upgrades the advisory names. */
  fixedVersions: string[];
  /** Ranges that could not be evaluated (unparseable version, unknown type): skipped, never guessed. */
  warnings: string[];
}

type EventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';
interface Event {
  kind: EventKind;
  value: string;
}

const eventKinds: readonly EventKind[] = ['introduced', 'fixed', 'last_affected', 'limit'];

/**
 * At equal versions `fixed`/`last_affected` sort before `introduced`, so adjacent intervals
 * `[a, b)` `[b, c)` (PYSEC-2022-42972 lists 0.13.0 as both a fix and an introduction) leave `b` affected
 * rather than ending the second interval before it starts. An empty `[x, x)` is then read as `[x, x]`:
 * the tie goes to "affected", the fail-closed side.
 */
const tieOrder: Readonly<Record<EventKind, number>> = { fixed: 0, last_affected: 1, introduced: 2, limit: 3 };

/** Each event object should hold one key (OSV "Requirements"); one holding several is read as several. */
function eventsOf(range: OsvRange): Event[] {
  const events: Event[] = [];
  for (const event of Array.isArray(range.events) ? range.events : []) {
    for (const kind of eventKinds) {
      const value = (event as Record<string, unknown>)[kind];
      if (typeof value === 'string') events.push({ kind, value });
    }
  }
  return events;
}

/** OSV "Special values": `introduced: "0"` sorts before every version; a `limit` containing `*` is infinity. */
function isMinimum(event: Event): boolean {
  return event.kind === 'introduced' && event.value === '0';
}
function isInfinity(event: Event): boolean {
  return event.kind === 'limit' && event.value.includes('*');
}

function orderingFor(range: OsvRange, scheme: VersionScheme): VersionScheme | undefined {
  if (range.type === 'SEMVER') return semverOrdering;
  if (range.type === 'ECOSYSTEM') return scheme;
  return undefined;
}

/**
 * PEP 440 "Version matching" and "Inclusive ordered comparison": against a public version, a candidate's
 * local label is ignored, so `2.0.0+cu118` matches `==2.0.0` and `<=2.0.0` (packaging compares
 * `prospective.public` there). PyPI refuses uploads with a local label, so advisories name public versions;
 * a local build of a listed or `last_affected` version is a build of that version and affected like it.
 */
function comparableTo(version: string, bound: string, ordering: VersionScheme): string {
  return ordering.ecosystem === 'PyPI' && !bound.includes('+') ? version.replace(/\+.*$/, '') : version;
}

type RangeResult = { affected: boolean; fixed: string[] } | { invalid: string };

/** OSV "IncludedInRanges" for one range, plus the fixes above `version` when it is affected. */
export function evaluateRange(version: string, range: OsvRange, ordering: VersionScheme): RangeResult {
  const events = eventsOf(range);
  if (!ordering.isValid(version)) {
    return { invalid: `installed version ${JSON.stringify(version)} is not valid for a ${range.type} range` };
  }
  for (const event of events) {
    if (isMinimum(event) || isInfinity(event)) continue;
    if (!ordering.isValid(event.value)) {
      return {
        invalid: `${event.kind} ${JSON.stringify(event.value)} is not a valid ${range.type === 'SEMVER' ? 'SemVer' : ordering.ecosystem} version`,
      };
    }
  }
  if (!events.some((event) => event.kind === 'introduced')) {
    // OSV "Requirements": at least one `introduced`. Without one the timeline never turns vulnerable,
    // which would silently clear every version of a malformed record.
    return { invalid: 'range has no introduced event' };
  }
  // OSV "BeforeLimits": with no limit an implicit `*` applies; otherwise below at least one limit.
  const limits = events.filter((event) => event.kind === 'limit');
  if (
    limits.length > 0 &&
    !limits.some((limit) => isInfinity(limit) || ordering.compare(version, limit.value) < 0)
  ) {
    return { affected: false, fixed: [] };
  }
  const timeline = events
    .filter((event) => event.kind !== 'limit')
    .sort((a, b) => {
      if (isMinimum(a) || isMinimum(b)) return isMinimum(a) === isMinimum(b) ? 0 : isMinimum(a) ? -1 : 1;
      return ordering.compare(a.value, b.value) || tieOrder[a.kind] - tieOrder[b.kind];
    });
  let vulnerable = false;
  for (const event of timeline) {
    if (event.kind === 'introduced' && (isMinimum(event) || ordering.compare(version, event.value) >= 0)) {
      vulnerable = true;
    } else if (event.kind === 'fixed' && ordering.compare(version, event.value) >= 0) {
      vulnerable = false;
    } else if (
      event.kind === 'last_affected' &&
      ordering.compare(comparableTo(version, event.value, ordering), event.value) > 0
    ) {
      vulnerable = false;
    }
  }
  const fixed = vulnerable
    ? timeline
        .filter((event) => event.kind === 'fixed' && ordering.compare(event.value, version) > 0)
        .map((event) => event.value)
    : [];
  return { affected: vulnerable, fixed };
}

/**
 * OSV "IncludedInVersions": equality as the ecosystem defines it (PEP 440 `1.0` = `1.0.0`, and `2.0.0+cu118`
 * is `2.0.0` when the list names the public version), else exact text.
 */
function listed(version: string, versions: readonly unknown[], scheme: VersionScheme): boolean {
  const valid = scheme.isValid(version);
  return versions.some(
    (candidate) =>
      typeof candidate === 'string' &&
      (candidate === version ||
        (valid &&
          scheme.isValid(candidate) &&
          scheme.compare(candidate, comparableTo(version, candidate, scheme)) === 0)),
  );
}

/**
 * @param version The installed version, as the ecosystem writes it (Go without its `v`).
 * @param scheme The ecosystem's ordering, for ECOSYSTEM ranges and `versions` equality.
 */
export function evaluateAffected(
  version: string,
  affected: OsvAffected,
  scheme: VersionScheme,
): AffectedEvaluation {
  const result: AffectedEvaluation = {
    affected: false,
    listed: Array.isArray(affected.versions) && listed(version, affected.versions, scheme),
    matchedRanges: [],
    fixedVersions: [],
    warnings: [],
  };
  const fixed = new Set<string>();
  for (const [index, range] of (Array.isArray(affected.ranges) ? affected.ranges : []).entries()) {
    if (range.type === 'GIT') continue;
    const ordering = orderingFor(range, scheme);
    if (!ordering) {
      result.warnings.push(`range ${index} has unknown type ${JSON.stringify(range.type)}; skipped`);
      continue;
    }
    const outcome = evaluateRange(version, range, ordering);
    if ('invalid' in outcome) {
      result.warnings.push(`range ${index} (${range.type}) skipped: ${outcome.invalid}`);
      continue;
    }
    if (outcome.affected) {
      result.matchedRanges.push(range);
      for (const value of outcome.fixed) fixed.add(value);
    }
  }
  result.affected = result.listed || result.matchedRanges.length > 0;
  result.fixedVersions = sortVersions([...fixed], scheme);
  return result;
}

/** Ascending by the ecosystem's ordering, falling back to SemVer, then to text for anything unparseable. */
export function sortVersions(versions: string[], scheme: VersionScheme): string[] {
  const rank = (a: string, b: string): number => {
    for (const ordering of [scheme, semverOrdering]) {
      if (ordering.isValid(a) && ordering.isValid(b)) return ordering.compare(a, b);
    }
    return a < b ? -1 : a > b ? 1 : 0;
  };
  return [...new Set(versions)].sort(rank);
}
