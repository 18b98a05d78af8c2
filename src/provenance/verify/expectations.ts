import { parseRfc3339DateTime } from '../../dates.js';
import { statementTypeV1, statementTypeV01 } from '../statement.js';
import type { AttestationFacts } from './attestation-facts.js';
import { conformanceProblems } from './schema-check.js';

/** One named check of an attestation's content (docs/provenance.md lists them). */
export interface ContentCheck {
  check:
    | 'statement-parse'
    | 'statement-type'
    | 'predicate-type'
    | 'statement-schema'
    | 'builder-id'
    | 'source-uri'
    | 'source-ref'
    | 'max-age';
  passed: boolean;
  reason?: string;
}

/** What the consumer expects, in the manner of slsa-verifier's flags. Unset fields are not checked. */
export interface AttestationExpectations {
  /** Accepted predicate type URIs; at least one. */
  predicateTypes: readonly string[];
  /** `v1` requires `https://in-toto.io/Statement/v1`; `any` also accepts v0.1, as slsa-verifier does. */
  statementType: 'v1' | 'any';
  /** A builder id; without `@` it matches the id with any `@ref` suffix (slsa-verifier's --builder-id). */
  builderId?: string;
  /** `github.com/OWNER/REPO`, with or without a scheme. */
  sourceUri?: string;
  /** The exact git ref the source must have been built at, e.g. `refs/tags/v1.2.0`. */
  sourceRef?: string;
  /** A tag `vX[.Y[.Z]]` whose given components the built tag must share (slsa-verifier --source-versioned-tag). */
  sourceVersionedTag?: string;
  /** Reject attestations whose build finished longer ago than this (milliseconds). */
  maxAgeMs?: number;
}

/** Allowance for clocks that disagree: a build "finished" slightly in the future is not stale or forged. */
const clockSkewMs = 5 * 60 * 1000;

export function checkContent(
  statement: unknown,
  facts: AttestationFacts,
  expectations: AttestationExpectations,
  now: Date,
): ContentCheck[] {
  const checks: ContentCheck[] = [];
  checks.push(statementTypeCheck(facts, expectations));
  checks.push(
    expectations.predicateTypes.includes(facts.predicateType ?? '')
      ? { check: 'predicate-type', passed: true, reason: facts.predicateType }
      : {
          check: 'predicate-type',
          passed: false,
          reason: `the statement's predicateType is ${JSON.stringify(facts.predicateType)}; expected ${expectations.predicateTypes.join(' or ')}`,
        },
  );
  const problems = conformanceProblems(statement, facts);
  checks.push(
    problems.length === 0
      ? { check: 'statement-schema', passed: true }
      : { check: 'statement-schema', passed: false, reason: problems.slice(0, 5).join('; ') },
  );
  if (expectations.builderId !== undefined)
    checks.push(builderCheck(facts.builderId, expectations.builderId));
  if (expectations.sourceUri !== undefined) checks.push(sourceCheck(facts.sourceUri, expectations.sourceUri));
  if (expectations.sourceRef !== undefined || expectations.sourceVersionedTag !== undefined) {
    checks.push(refCheck(facts.sourceRef, expectations));
  }
  if (expectations.maxAgeMs !== undefined) checks.push(ageCheck(facts, expectations.maxAgeMs, now));
  return checks;
}

function statementTypeCheck(facts: AttestationFacts, expectations: AttestationExpectations): ContentCheck {
  const type = facts.statementType;
  if (type === statementTypeV1) return { check: 'statement-type', passed: true, reason: type };
  if (type === statementTypeV01 && expectations.statementType === 'any') {
    return {
      check: 'statement-type',
      passed: true,
      reason: `${type} (pre-v1, accepted by --statement-type any)`,
    };
  }
  const why =
    type === statementTypeV01
      ? `${type} is not accepted: ${statementTypeV1} is required`
      : `unknown statement _type ${JSON.stringify(type)}`;
  return { check: 'statement-type', passed: false, reason: why };
}

function builderCheck(actual: string | undefined, expected: string): ContentCheck {
  if (actual === undefined)
    return { check: 'builder-id', passed: false, reason: 'the provenance names no builder id' };
  const matches = expected.includes('@') ? actual === expected : withoutRef(actual) === expected;
  return matches
    ? { check: 'builder-id', passed: true, reason: actual }
    : { check: 'builder-id', passed: false, reason: `built by ${actual}, not by the expected ${expected}` };
}

/** A builder id without its `@ref` suffix (`…/builder.yml@refs/tags/v2.1.0` → `…/builder.yml`). */
function withoutRef(builderId: string): string {
  const at = builderId.lastIndexOf('@');
  // An `@` inside the authority (user@host) is not a ref separator.
  return at > builderId.indexOf('/', builderId.indexOf('://') + 3) && at > 0
    ? builderId.slice(0, at)
    : builderId;
}

/**
 * A repository URI reduced to `host/path`: scheme (`git+https://`, `https://`), credentials, `@ref`,
 * `.git` and trailing slashes removed, host lower-cased. slsa-verifier's `github.com/OWNER/REPO` form
 * and every URI form provenance uses compare equal this way.
 */
export function normalizeSourceUri(uri: string): string {
  let rest = uri
    .trim()
    .replace(/^git\+/, '')
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  rest = rest.replace(/^[^/@]*@/, ''); // user@host
  rest = rest.replace(/@refs\/.*$/, '').replace(/@[0-9a-f]{40}$/, '');
  rest = rest.replace(/\.git$/, '').replace(/\/+$/, '');
  const slash = rest.indexOf('/');
  return slash < 0 ? rest.toLowerCase() : `${rest.slice(0, slash).toLowerCase()}${rest.slice(slash)}`;
}

function sourceCheck(actual: string | undefined, expected: string): ContentCheck {
  if (actual === undefined)
    return { check: 'source-uri', passed: false, reason: 'the provenance names no source repository' };
  return normalizeSourceUri(actual) === normalizeSourceUri(expected)
    ? { check: 'source-uri', passed: true, reason: actual }
    : {
        check: 'source-uri',
        passed: false,
        reason: `built from ${actual}, not from the expected ${expected}`,
      };
}

function refCheck(actual: string | undefined, expectations: AttestationExpectations): ContentCheck {
  if (actual === undefined)
    return { check: 'source-ref', passed: false, reason: 'the provenance names no source ref' };
  if (expectations.sourceRef !== undefined) {
    return actual === expectations.sourceRef
      ? { check: 'source-ref', passed: true, reason: actual }
      : {
          check: 'source-ref',
          passed: false,
          reason: `built at ${actual}, not at the expected ${expectations.sourceRef}`,
        };
  }
  const wanted = expectations.sourceVersionedTag as string;
  const tag = actual.startsWith('refs/tags/') ? actual.slice('refs/tags/'.length) : undefined;
  if (tag === undefined)
    return { check: 'source-ref', passed: false, reason: `built at ${actual}, which is not a tag` };
  return versionedTagMatches(tag, wanted)
    ? { check: 'source-ref', passed: true, reason: actual }
    : { check: 'source-ref', passed: false, reason: `built at tag ${tag}, which is not a version ${wanted}` };
}

const versionPattern = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Whether `text` is a version `--source-versioned-tag` can ask for: `v1`, `v1.2`, `v1.2.3`, `v1.2.3-rc.1`. */
export function isVersionedTag(text: string): boolean {
  const match = versionPattern.exec(text);
  return match !== null && (match[4] === undefined || match[3] !== undefined);
}

/**
 * `v13.0.30` matches `v13`, `v13.0` and `v13.0.30`, not `v13.1` or `v12`: the given components must agree.
 * As slsa-verifier's `VerifyVersionedTag`, the pre-release belongs to the patch: once the patch is given,
 * the pre-release must be the same (`v1.2.3` does not match `v1.2.3-rc.1`, nor the reverse); build
 * metadata (`+…`) is ignored.
 */
export function versionedTagMatches(tag: string, wanted: string): boolean {
  const actual = versionPattern.exec(tag);
  const expected = versionPattern.exec(wanted);
  // `v1.2-rc.1` is no semantic version either: a pre-release needs major, minor and patch.
  if (!actual || !expected || (actual[4] !== undefined && actual[3] === undefined)) return false;
  for (let index = 1; index <= 3; index += 1) {
    const part = expected[index];
    // A pre-release without a patch (`v1-rc.1`) is no version slsa-verifier accepts: no match.
    if (part === undefined) return expected[4] === undefined;
    if (Number(actual[index] ?? '0') !== Number(part)) return false;
  }
  return actual[4] === expected[4];
}

function ageCheck(facts: AttestationFacts, maxAgeMs: number, now: Date): ContentCheck {
  const stamp = facts.finishedOn ?? facts.startedOn;
  // Strict RFC 3339 with a zone: Date.parse would read `2026-02-30T…Z` as March 2nd, a zone-less time
  // in the verifier's local zone, and `1` as the year 2001.
  const time = stamp === undefined ? undefined : parseRfc3339DateTime(stamp);
  if (time === undefined) {
    return {
      check: 'max-age',
      passed: false,
      reason:
        stamp === undefined
          ? 'the provenance has no build time (finishedOn/startedOn)'
          : `the provenance's build time ${JSON.stringify(stamp)} is not an RFC 3339 timestamp`,
    };
  }
  const age = now.getTime() - time.getTime();
  if (age < -clockSkewMs)
    return { check: 'max-age', passed: false, reason: `the build time ${stamp} is in the future` };
  const hours = (age / 3_600_000).toFixed(1);
  return age <= maxAgeMs
    ? { check: 'max-age', passed: true, reason: `built ${stamp} (${hours} h ago)` }
    : {
        check: 'max-age',
        passed: false,
        reason: `built ${stamp}, ${hours} h ago: older than the ${(maxAgeMs / 3_600_000).toFixed(1)} h allowed`,
      };
}
