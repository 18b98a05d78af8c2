/**
 * The ordering of OSV `SEMVER` ranges. OSV 1.7 "affected[].ranges[].type": SEMVER versions are SemVer 2.0.0
 * and `u < v` is the precedence of SemVer §11 — whatever the package's ecosystem, so a Go or crates.io
 * SEMVER range is compared here, not with the ecosystem's own ordering.
 */
import { InputError } from '../../errors.js';
import {
  compareSemanticVersions,
  parseSemanticVersion,
  type SemanticVersion,
} from '../versions/semver-precedence.js';
import type { VersionScheme } from '../versions/version-scheme.js';

/**
 * Real advisories are not always strict SemVer: crates.io GHSA records write `0.1` (GHSA-wcg3-cvx6-7396)
 * and Go module versions carry a `v`. Like osv-scanner's lenient SemVer parser, a leading `v` is dropped
 * and missing minor/patch components are zero (`0.1` = `0.1.0`); anything else that is not SemVer is
 * invalid, never guessed at.
 */
export function normalizeSemver(version: string): string | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?((?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/.exec(version);
  if (!match) return undefined;
  const [, major, minor = '0', patch = '0', rest = ''] = match;
  const text = `${major}.${minor}.${patch}${rest}`;
  return parseSemanticVersion(text) === undefined ? undefined : text;
}

export const semverOrdering: VersionScheme = {
  ecosystem: 'SEMVER',
  isValid: (version) => normalizeSemver(version) !== undefined,
  compare(a, b) {
    const left = normalizeSemver(a);
    const right = normalizeSemver(b);
    for (const [raw, parsed] of [
      [a, left],
      [b, right],
    ] as const) {
      if (parsed === undefined) {
        throw new InputError({
          code: 'INPUT_MALFORMED',
          message: `not a SemVer 2.0.0 version: ${JSON.stringify(raw)}`,
        });
      }
    }
    // SemVer §10: build metadata does not take part in precedence (`9.5.0+incompatible` = `9.5.0`); §11:
    // numbers compare numerically at any size (the `semver` package rounds past 2^53).
    return compareSemanticVersions(
      parseSemanticVersion(left as string) as SemanticVersion,
      parseSemanticVersion(right as string) as SemanticVersion,
    );
  },
};
