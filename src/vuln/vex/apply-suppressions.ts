/**
 * Marks findings suppressed by VEX statements or ignore entries, keeping every finding in the list with
 * the reason it was suppressed (VEX you can audit). Pure: no I/O, time passed in.
 *
 * Order of decision for one finding (docs/vex.md "Precedence"):
 * 1. VEX. Of all statements (every document) whose vulnerability and product match, the effective one is
 *    the latest by timestamp (statement, else document; OpenVEX "Inheritance Flow": each statement
 *    overrides the previous ones). A statement without any timestamp is older than any dated one. On a
 *    tie a non-suppressing statement wins (fail safe), then the one loaded last (later --vex file, later
 *    statement). The finding is suppressed only when that statement suppresses: `affected`,
 *    `under_investigation`, `exploitable`, `in_triage` overrule an older `not_affected`.
 *    A `fixed`/`resolved` statement suppresses only when it names the package with a version.
 * 2. Otherwise the first unexpired ignore entry (file order) whose id is the finding's id or an alias and
 *    whose package pattern (if any) matches. An ignore entry accepts a risk, so it applies even when the
 *    effective VEX statement says `affected`.
 * Ignore entries whose expiry is at or before `now` suppress nothing and are all listed in
 * `expiredIgnores`, matched or not, so that stale entries get cleaned up.
 */
import type { ScanFinding, ScanReport, ScanSuppression } from '../report/scan-report.js';
import type { IgnoreEntry } from './ignore-file.js';
import {
  type MatchContext,
  type MatchTarget,
  matchContext,
  matchProducts,
  packageTarget,
  type ScannedProduct,
} from './product-match.js';
import { parsePurl, purlMatches } from './purl-match.js';
import type { VexStatement, VexWarning } from './vex-statement.js';

export interface Suppressions {
  statements: VexStatement[];
  ignores: IgnoreEntry[];
  /** The scanned SBOM's root and identity (see ScannedProduct). */
  product?: ScannedProduct;
  /** Statements that suppress less than they say (version ranges, missing reasons): print them. */
  warnings: VexWarning[];
}

/** Statuses that claim a fix in particular versions: they need a versioned product to suppress. */
const versionClaims: ReadonlySet<string> = new Set(['fixed', 'resolved', 'resolved_with_pedigree']);

function findingIds(finding: ScanFinding): Set<string> {
  return new Set([finding.id, ...finding.aliases]);
}

interface Candidate {
  statement: VexStatement;
  suppresses: boolean;
}

/** Later wins; undated is oldest; on a tie non-suppressing, then later-loaded wins. */
function isLater(a: Candidate, b: Candidate): boolean {
  const timeA = a.statement.timestamp?.getTime() ?? Number.NEGATIVE_INFINITY;
  const timeB = b.statement.timestamp?.getTime() ?? Number.NEGATIVE_INFINITY;
  if (timeA !== timeB) return timeA > timeB;
  if (a.suppresses !== b.suppresses) return !a.suppresses;
  return a.statement.order > b.statement.order;
}

/** Statements by every vulnerability id they carry, so a finding looks at its own statements only. */
function indexByVulnerability(statements: readonly VexStatement[]): Map<string, VexStatement[]> {
  const index = new Map<string, VexStatement[]>();
  for (const statement of statements) {
    for (const id of statement.vulnerabilityIds) {
      const list = index.get(id);
      if (list) list.push(statement);
      else index.set(id, [statement]);
    }
  }
  return index;
}

function effectiveStatement(
  finding: ScanFinding,
  byVulnerability: Map<string, VexStatement[]>,
  context: MatchContext,
): Candidate | undefined {
  const statements = new Set([...findingIds(finding)].flatMap((id) => byVulnerability.get(id) ?? []));
  let effective: Candidate | undefined;
  let target: MatchTarget | undefined;
  for (const statement of statements) {
    target ??= packageTarget(finding.package);
    const match = matchProducts(statement.products, target, context, statement.versions);
    if (!match) continue;
    const suppresses = statement.suppresses && (match.pinned || !versionClaims.has(statement.status));
    const candidate = { statement, suppresses };
    if (!effective || isLater(candidate, effective)) effective = candidate;
  }
  return effective;
}

function vexSuppression(statement: VexStatement): ScanSuppression {
  return {
    kind: 'vex',
    status: statement.status,
    ...(statement.justification === undefined ? {} : { justification: statement.justification }),
    ...(statement.detail === undefined ? {} : { detail: statement.detail }),
    document: statement.document,
    statement: statement.statement,
  };
}

function ignoreMatches(entry: IgnoreEntry, finding: ScanFinding): boolean {
  if (!findingIds(finding).has(entry.id)) return false;
  if (entry.packagePurl === undefined) return true;
  const purl = parsePurl(finding.package.purl);
  return purl !== undefined && purlMatches(entry.packagePurl, purl);
}

function ignoreSuppression(entry: IgnoreEntry): ScanSuppression {
  return {
    kind: 'ignore',
    status: 'ignored',
    detail: entry.reason,
    document: entry.file,
    statement: entry.entry,
    expires: entry.expires.toISOString(),
  };
}

/**
 * @returns new findings (same order) with `suppressed` set or null, and the expired ignore entries sorted
 *   by id, expiry and file.
 */
export function applySuppressions(
  findings: readonly ScanFinding[],
  suppressions: Suppressions,
  now: Date,
): { findings: ScanFinding[]; expiredIgnores: ScanReport['expiredIgnores'] } {
  const context = matchContext(suppressions.product);
  const active = suppressions.ignores.filter((entry) => entry.expires.getTime() > now.getTime());
  const expired = suppressions.ignores.filter((entry) => entry.expires.getTime() <= now.getTime());
  const byVulnerability = indexByVulnerability(suppressions.statements);
  const result = findings.map((finding) => {
    const effective = effectiveStatement(finding, byVulnerability, context);
    if (effective?.suppresses) return { ...finding, suppressed: vexSuppression(effective.statement) };
    const entry = active.find((candidate) => ignoreMatches(candidate, finding));
    return { ...finding, suppressed: entry ? ignoreSuppression(entry) : null };
  });
  const expiredIgnores = expired
    .map((entry) => ({
      id: entry.id,
      reason: entry.reason,
      expires: entry.expires.toISOString(),
      file: entry.file,
    }))
    .sort(
      (a, b) =>
        compare(a.id, b.id) ||
        compare(a.expires, b.expires) ||
        compare(a.file, b.file) ||
        compare(a.reason, b.reason),
    );
  return { findings: result, expiredIgnores };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
