import { compareDigitStrings } from './define-scheme.js';

/**
 * Semantic Versioning 2.0.0 (semver.org) with every number kept as a digit string, for the ecosystems whose
 * reference implementation orders numbers of any size exactly: Go (golang.org/x/mod/semver `compareInt`:
 * no size limit, longer digit string first) and crates.io (the `semver` crate: u64 parts, prerelease numbers
 * of any length compared by length, then lexically). The `semver` package, which is npm's own ordering and
 * so right for npm, refuses parts past 2^53 − 1 and versions over 256 characters, and compares longer
 * numeric prerelease identifiers as rounded doubles (`1.0.0-9007199254740993` equal to
 * `1.0.0-9007199254740992`).
 */
export interface SemanticVersion {
  major: string;
  minor: string;
  patch: string;
  /** Dot-separated prerelease identifiers; empty for a release. */
  prerelease: string[];
}

// Identifier characters only, so the groups cannot overlap and matching stays linear.
const semverPattern = /^([0-9]+)\.([0-9]+)\.([0-9]+)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;
const numeric = /^[0-9]+$/;

/** SemVer §2, §9, §10: numbers without leading zeros, identifiers not empty. */
export function parseSemanticVersion(version: string): SemanticVersion | undefined {
  const match = semverPattern.exec(version);
  if (!match) return undefined;
  const [, major = '', minor = '', patch = '', prerelease, build] = match;
  const hasLeadingZero = (digits: string): boolean => digits.length > 1 && digits.startsWith('0');
  if ([major, minor, patch].some(hasLeadingZero)) return undefined;
  const identifiers = prerelease === undefined ? [] : prerelease.split('.');
  if (
    identifiers.some(
      (identifier) => identifier === '' || (numeric.test(identifier) && hasLeadingZero(identifier)),
    )
  ) {
    return undefined;
  }
  if (build?.split('.').some((identifier) => identifier === '')) return undefined;
  return { major, minor, patch, prerelease: identifiers };
}

/** SemVer §11 precedence; build metadata takes no part (§10). */
export function compareSemanticVersions(a: SemanticVersion, b: SemanticVersion): number {
  const order =
    compareDigitStrings(a.major, b.major) ||
    compareDigitStrings(a.minor, b.minor) ||
    compareDigitStrings(a.patch, b.patch);
  if (order !== 0) return order;
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return (a.prerelease.length === 0 ? 1 : 0) - (b.prerelease.length === 0 ? 1 : 0);
  }
  for (let index = 0; index < Math.min(a.prerelease.length, b.prerelease.length); index++) {
    const left = a.prerelease[index] as string;
    const right = b.prerelease[index] as string;
    if (left === right) continue;
    const leftNumeric = numeric.test(left);
    const rightNumeric = numeric.test(right);
    if (leftNumeric && rightNumeric) return compareDigitStrings(left, right);
    if (leftNumeric !== rightNumeric) return leftNumeric ? -1 : 1;
    return left < right ? -1 : 1;
  }
  return a.prerelease.length - b.prerelease.length;
}
