import { compareDigitStrings, defineScheme } from './define-scheme.js';
import { compareSemanticVersions, parseSemanticVersion } from './semver-precedence.js';

/** The `semver` crate reads MAJOR, MINOR and PATCH as `u64` and refuses more (`ErrorKind::Overflow`). */
const maximumPart = '18446744073709551615';

/**
 * crates.io: Cargo versions are strict Semantic Versioning 2.0.0 (the `semver` crate): no `v` prefix, no
 * surrounding whitespace, no leading zeros, MAJOR/MINOR/PATCH at most 2^64 − 1. Numbers order exactly at
 * any length, as the crate's do (`semver-precedence.ts`; the `semver` package rounds past 2^53).
 *
 * One leniency: a bare `MAJOR` or `MAJOR.MINOR` means `MAJOR.MINOR.0`. No crate can be published with such
 * a version, but advisories write range bounds that way (GHSA-wcg3-cvx6-7396 for `time`: introduced "0.1",
 * last_affected "0.2"), and refusing them would make the advisory unusable; osv-scanner pads them too.
 *
 * Precedence per SemVer §11 (build metadata ignored), which is what OSV's SEMVER range type specifies; the
 * Rust crate's `Ord` also orders build metadata, but only as a tie-break no advisory range depends on.
 */
export const cratesVersionScheme = defineScheme(
  'crates.io',
  (version) => {
    const padded = /^[0-9]+$/.test(version)
      ? `${version}.0.0`
      : /^[0-9]+\.[0-9]+$/.test(version)
        ? `${version}.0`
        : version;
    const parsed = parseSemanticVersion(padded);
    if (parsed === undefined) return undefined;
    const parts = [parsed.major, parsed.minor, parsed.patch];
    return parts.every((part) => compareDigitStrings(part, maximumPart) <= 0) ? parsed : undefined;
  },
  compareSemanticVersions,
);
