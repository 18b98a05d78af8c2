import type { BadgeColorName } from './badge-colors.js';
import { BadgeError } from './badge-error.js';
import { renderBadge } from './render-badge.js';

/**
 * What a release proved, as plain counts and flags: the release code gathers them from its manifest,
 * this module only draws them. A missing part (no SBOM, no scan) is `undefined` and is drawn as missing,
 * never as good.
 */
export interface ReleaseBadgeFacts {
  /** Artifacts in the release and how many of them have a signature that verified. */
  signatures: { artifacts: number; signed: number };
  /** The SBOM shipped with the release, e.g. `{ format: 'CycloneDX', specVersion: '1.6' }`. */
  sbom?: { format: string; specVersion: string };
  /** The provenance shipped with the release, e.g. `{ slsaVersion: '1' }` for SLSA Provenance v1. */
  provenance?: { slsaVersion: string };
  /** Findings left after VEX and suppressions, by severity; `unknown` for advisories without a score. */
  vulnerabilities?: { critical: number; high: number; medium: number; low: number; unknown?: number };
  /** The policy decision: `warnings` counts the rules that warned on a passing decision. */
  policy?: { decision: 'passed' | 'denied'; warnings: number };
}

export interface ReleaseBadge {
  /** File name inside the badges folder, e.g. `signed.svg`. */
  name: string;
  svg: string;
}

interface BadgeText {
  label: string;
  message: string;
  color: BadgeColorName;
}

function checkCount(field: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
    throw new BadgeError({
      code: 'BADGE_FACTS_INVALID',
      message: `badge facts: ${field} must be a whole number ≥ 0, got ${JSON.stringify(value)}`,
    });
  }
}

function plural(count: number, singular: string): string {
  return `${count} ${singular}${count === 1 ? '' : 's'}`;
}

/**
 * Signed only when every artifact is: a release with one unsigned file is not a signed release, so a
 * partial count is red like none (it still says how many, which tells the reader what is missing).
 */
function signedBadge({ artifacts, signed }: ReleaseBadgeFacts['signatures']): BadgeText {
  if (signed > artifacts) {
    throw new BadgeError({
      code: 'BADGE_FACTS_INVALID',
      message: `badge facts: ${signed} signed artifacts but only ${artifacts} artifacts`,
    });
  }
  if (artifacts > 0 && signed === artifacts) {
    return { label: 'signed', message: `${signed}/${artifacts} artifacts`, color: 'green' };
  }
  if (signed === 0) return { label: 'signed', message: 'unsigned', color: 'red' };
  return { label: 'signed', message: `${signed}/${artifacts} artifacts`, color: 'red' };
}

function sbomBadge(sbom: ReleaseBadgeFacts['sbom']): BadgeText {
  return sbom
    ? { label: 'SBOM', message: `${sbom.format} ${sbom.specVersion}`, color: 'blue' }
    : { label: 'SBOM', message: 'missing', color: 'red' };
}

function provenanceBadge(provenance: ReleaseBadgeFacts['provenance']): BadgeText {
  return provenance
    ? { label: 'provenance', message: `SLSA v${provenance.slsaVersion}`, color: 'blue' }
    : { label: 'provenance', message: 'missing', color: 'red' };
}

/**
 * The colour is the worst severity present, on shields' usual scale (critical red, high orange, medium
 * yellow, low green). An unscored finding is coloured like a critical one, as the release's scan gate
 * counts it (docs/release-workflow.md, `failOn`): nothing shows it is mild, so it is not drawn as mild.
 * Unknowns are only listed when there are some, to keep the common badge short.
 */
function vulnerabilitiesBadge(counts: ReleaseBadgeFacts['vulnerabilities']): BadgeText {
  const label = 'vulnerabilities';
  if (!counts) return { label, message: 'not scanned', color: 'lightgrey' };
  const unknown = counts.unknown ?? 0;
  const total = counts.critical + counts.high + counts.medium + counts.low + unknown;
  if (total === 0) return { label, message: 'none', color: 'brightgreen' };
  const parts = [
    `${counts.critical} critical`,
    `${counts.high} high`,
    `${counts.medium} medium`,
    `${counts.low} low`,
    ...(unknown > 0 ? [`${unknown} unknown`] : []),
  ];
  const color: BadgeColorName =
    counts.critical > 0 || unknown > 0
      ? 'red'
      : counts.high > 0
        ? 'orange'
        : counts.medium > 0
          ? 'yellow'
          : 'green';
  return { label, message: parts.join(' | '), color };
}

function policyBadge(policy: ReleaseBadgeFacts['policy']): BadgeText {
  const label = 'policy';
  if (!policy) return { label, message: 'not evaluated', color: 'lightgrey' };
  if (policy.decision === 'denied') return { label, message: 'denied', color: 'red' };
  if (policy.warnings > 0) return { label, message: plural(policy.warnings, 'warning'), color: 'yellow' };
  return { label, message: 'passed', color: 'green' };
}

/**
 * The five release badges (`policy.svg`, `provenance.svg`, `sbom.svg`, `signed.svg`,
 * `vulnerabilities.svg`), sorted by name, for `dist/badges/`.
 * @throws BadgeError BADGE_FACTS_INVALID (negative or fractional counts, more signed than artifacts)
 */
export function releaseBadges(facts: ReleaseBadgeFacts): ReleaseBadge[] {
  checkCount('signatures.artifacts', facts.signatures.artifacts);
  checkCount('signatures.signed', facts.signatures.signed);
  for (const severity of ['critical', 'high', 'medium', 'low', 'unknown'] as const) {
    checkCount(`vulnerabilities.${severity}`, facts.vulnerabilities?.[severity]);
  }
  checkCount('policy.warnings', facts.policy?.warnings);
  const badges: [string, BadgeText][] = [
    ['policy.svg', policyBadge(facts.policy)],
    ['provenance.svg', provenanceBadge(facts.provenance)],
    ['sbom.svg', sbomBadge(facts.sbom)],
    ['signed.svg', signedBadge(facts.signatures)],
    ['vulnerabilities.svg', vulnerabilitiesBadge(facts.vulnerabilities)],
  ];
  return badges.map(([name, text]) => ({ name, svg: renderBadge(text) }));
}
