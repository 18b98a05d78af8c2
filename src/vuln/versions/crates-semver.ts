import semver from 'semver';
import { defineScheme } from './define-scheme.js';

/**
 * crates.io: Cargo versions are strict Semantic Versioning 2.0.0 (the `semver` crate): no `v` prefix, no
 * surrounding whitespace, no leading zeros. The `semver` package's strict parser tolerates a `v` and
 * whitespace, so those are refused here first.
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
    if (!/^[0-9]/.test(version) || version !== version.trim()) return undefined;
    const padded = /^[0-9]+$/.test(version)
      ? `${version}.0.0`
      : /^[0-9]+\.[0-9]+$/.test(version)
        ? `${version}.0`
        : version;
    return semver.parse(padded) ?? undefined;
  },
  (a, b) => a.compare(b),
);
