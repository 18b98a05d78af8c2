import { ecosystemBase, ecosystemSuffix, isOsvEcosystem } from './ecosystems.js';
import type { OsvAdvisory } from './osv-types.js';
import { normalizePackageName } from './package-name.js';
import { sortableTimestamp } from './timestamp.js';

/**
 * Parses and checks one OSV record (https://ossf.github.io/osv-schema/, schema 1.7) for the fields the
 * database and the matcher rely on. Everything checked here is also required by the official JSON
 * schema, so an advisory we accept is schema-valid in those respects (a test holds us to that on the
 * corpus); fields we do not use are left alone, so that a record from a newer schema version (a new
 * reference type, a new top-level field) still imports.
 *
 * Deliberately not checked:
 * - the id prefix list (`$defs.prefix`): new databases are added to OSV often, and refusing their records
 *   would hide real vulnerabilities; an id only has to be a plausible identifier;
 * - the osv-linter's data-quality rules beyond the schema: `range-is-distinct` (RNG:002, an introduced
 *   value equal to a fixed one: the range is empty and matches nothing, harmless) and the package/version
 *   existence checks (PKG:*, which need the registries online). Such records import as they are.
 */

export interface AffectedPackageKey {
  /** The schema name of the ecosystem without suffix: `Debian` for `Debian:11`. */
  ecosystem: string;
  /** The suffix after the first colon, or ''. */
  suffix: string;
  /** `normalizePackageName(ecosystem, name)`. */
  name: string;
}

export interface ParsedAdvisory {
  advisory: OsvAdvisory;
  /** `modified` in a form whose string order is time order (`sortableTimestamp`). */
  modified: string;
  withdrawn: boolean;
  /** The distinct packages the advisory names, sorted: what the database indexes it under. */
  packages: AffectedPackageKey[];
}

export type AdvisoryParseResult = { ok: true; value: ParsedAdvisory } | { ok: false; problems: string[] };

const rangeTypes = new Set(['SEMVER', 'ECOSYSTEM', 'GIT']);
const eventKinds = ['introduced', 'fixed', 'last_affected', 'limit'] as const;
// Schema: "GIT ranges must use full-length commit hashes".
const gitCommit = /^(0|[a-f0-9]{40}|[a-f0-9]{64})$/;
// No slash, no whitespace, no control characters: ids appear in file names, URLs and terminal output.
const plausibleId = /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,254}$/;
/** Stop collecting after this many problems: one broken record must not flood the warnings. */
const maxProblems = 5;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a JSON text (UTF-8, an optional BOM tolerated) as one OSV advisory. */
export function parseAdvisory(text: string | Uint8Array): AdvisoryParseResult {
  let source = typeof text === 'string' ? text : Buffer.from(text).toString('utf8');
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    // One line: V8 quotes the text around the error, newlines included.
    return { ok: false, problems: [`not JSON: ${(error as Error).message.replace(/\s+/g, ' ')}`] };
  }
  return validateAdvisory(value);
}

/** Checks an already-parsed value; see the module comment for what is and is not checked. */
export function validateAdvisory(value: unknown): AdvisoryParseResult {
  const problems: string[] = [];
  const problem = (message: string) => {
    if (problems.length < maxProblems) problems.push(message);
  };
  if (!isObject(value)) return { ok: false, problems: ['not a JSON object'] };

  const { id, modified, withdrawn, published } = value;
  // Some other JSON document (a package.json, a GHSA REST export, a schema): say so once, not field by field.
  if (id === undefined && modified === undefined) {
    return { ok: false, problems: ['not an OSV record (no "id", no "modified")'] };
  }
  if (typeof id !== 'string') problem('id: missing or not a string');
  else if (!plausibleId.test(id)) problem(`id: ${JSON.stringify(id)} is not a plausible advisory id`);

  let sortableModified: string | undefined;
  if (typeof modified !== 'string') problem('modified: missing or not a string');
  else {
    sortableModified = sortableTimestamp(modified);
    if (!sortableModified) problem(`modified: ${JSON.stringify(modified)} is not an RFC 3339 UTC timestamp`);
  }
  for (const [field, stamp] of [
    ['published', published],
    ['withdrawn', withdrawn],
  ] as const) {
    if (stamp === undefined) continue;
    if (typeof stamp !== 'string' || !sortableTimestamp(stamp)) {
      problem(`${field}: ${JSON.stringify(stamp)} is not an RFC 3339 UTC timestamp`);
    }
  }
  checkStringList(value.aliases, 'aliases', true, problem);
  checkStringList(value.related, 'related', false, problem);
  checkStringList(value.upstream, 'upstream', false, problem);
  for (const field of ['summary', 'details', 'schema_version'] as const) {
    if (value[field] !== undefined && typeof value[field] !== 'string') problem(`${field}: not a string`);
  }
  checkSeverity(value.severity, 'severity', problem);
  checkReferences(value.references, problem);

  const packages = new Map<string, AffectedPackageKey>();
  const affected = value.affected;
  if (affected !== undefined && affected !== null) {
    if (!Array.isArray(affected)) problem('affected: not an array');
    else {
      for (const [index, entry] of affected.entries()) {
        checkAffected(entry, `affected[${index}]`, packages, problem);
      }
    }
  }

  if (problems.length > 0 || sortableModified === undefined) return { ok: false, problems };
  return {
    ok: true,
    value: {
      advisory: value as unknown as OsvAdvisory,
      modified: sortableModified,
      withdrawn: withdrawn !== undefined,
      packages: [...packages.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, key]) => key),
    },
  };
}

function checkStringList(value: unknown, path: string, nullable: boolean, problem: (m: string) => void) {
  if (value === undefined || (nullable && value === null)) return;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    problem(`${path}: not an array of strings`);
  }
}

function checkSeverity(value: unknown, path: string, problem: (m: string) => void) {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) return problem(`${path}: not an array`);
  for (const [index, item] of value.entries()) {
    if (!isObject(item) || typeof item.type !== 'string' || typeof item.score !== 'string') {
      problem(`${path}[${index}]: needs a string type and score`);
    }
  }
}

function checkReferences(value: unknown, problem: (m: string) => void) {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) return problem('references: not an array');
  for (const [index, item] of value.entries()) {
    if (!isObject(item) || typeof item.type !== 'string' || typeof item.url !== 'string') {
      problem(`references[${index}]: needs a string type and url`);
    }
  }
}

function checkAffected(
  entry: unknown,
  path: string,
  packages: Map<string, AffectedPackageKey>,
  problem: (m: string) => void,
) {
  if (!isObject(entry)) return problem(`${path}: not an object`);
  const pkg = entry.package;
  if (pkg !== undefined) {
    if (!isObject(pkg)) problem(`${path}.package: not an object`);
    else if (typeof pkg.ecosystem !== 'string' || typeof pkg.name !== 'string') {
      problem(`${path}.package: needs a string ecosystem and name`);
    } else if (pkg.purl !== undefined && typeof pkg.purl !== 'string') {
      problem(`${path}.package.purl: not a string`);
    } else if (pkg.ecosystem === 'GIT') {
      // The schema allows `GIT` as a package ecosystem (repository-level records): nothing to index.
    } else if (!isOsvEcosystem(pkg.ecosystem)) {
      problem(`${path}.package.ecosystem: unknown ecosystem ${JSON.stringify(pkg.ecosystem)}`);
    } else if (pkg.name === '') {
      problem(`${path}.package.name: empty`);
    } else {
      const key: AffectedPackageKey = {
        ecosystem: ecosystemBase(pkg.ecosystem),
        suffix: ecosystemSuffix(pkg.ecosystem),
        name: normalizePackageName(pkg.ecosystem, pkg.name),
      };
      packages.set(`${key.ecosystem}\u0000${key.name}\u0000${key.suffix}`, key);
    }
  }
  checkSeverity(entry.severity, `${path}.severity`, problem);
  checkStringList(entry.versions, `${path}.versions`, false, problem);
  const ranges = entry.ranges;
  if (ranges === undefined) return;
  if (!Array.isArray(ranges)) return problem(`${path}.ranges: not an array`);
  for (const [index, range] of ranges.entries()) checkRange(range, `${path}.ranges[${index}]`, problem);
}

/**
 * OSV schema `affected[].ranges[]`: a type (SEMVER, ECOSYSTEM or GIT), a non-empty list of events of
 * which one is `introduced`, each event exactly one of introduced / fixed / last_affected / limit
 * (the schema's `oneOf`), fixed and last_affected never both in one range, and GIT ranges with a repo
 * and full commit hashes.
 */
function checkRange(range: unknown, path: string, problem: (m: string) => void) {
  if (!isObject(range)) return problem(`${path}: not an object`);
  const type = range.type;
  if (typeof type !== 'string' || !rangeTypes.has(type)) {
    problem(`${path}.type: ${JSON.stringify(type)} is not SEMVER, ECOSYSTEM or GIT`);
    return;
  }
  if (type === 'GIT' && typeof range.repo !== 'string') problem(`${path}: a GIT range needs a repo`);
  if (range.repo !== undefined && typeof range.repo !== 'string') problem(`${path}.repo: not a string`);
  const events = range.events;
  if (!Array.isArray(events) || events.length === 0) return problem(`${path}.events: not a non-empty array`);
  const seen = new Set<string>();
  for (const [index, event] of events.entries()) {
    const eventPath = `${path}.events[${index}]`;
    if (!isObject(event)) {
      problem(`${eventPath}: not an object`);
      continue;
    }
    const kinds = eventKinds.filter((kind) => event[kind] !== undefined);
    if (kinds.length !== 1) {
      problem(
        `${eventPath}: needs exactly one of introduced, fixed, last_affected, limit (has ${kinds.length === 0 ? 'none' : kinds.join(', ')})`,
      );
      continue;
    }
    const kind = kinds[0] as (typeof eventKinds)[number];
    const version = event[kind];
    if (typeof version !== 'string' || version === '') {
      problem(`${eventPath}.${kind}: not a non-empty string`);
      continue;
    }
    if (type === 'GIT' && !gitCommit.test(version)) {
      problem(`${eventPath}.${kind}: ${JSON.stringify(version)} is not a full commit hash`);
    }
    seen.add(kind);
  }
  if (!seen.has('introduced')) problem(`${path}.events: no introduced event`);
  if (seen.has('fixed') && seen.has('last_affected')) {
    problem(`${path}.events: fixed and last_affected are mutually exclusive`);
  }
}
