import { defineScheme } from './define-scheme.js';
import { compareSemanticVersions, parseSemanticVersion } from './semver-precedence.js';

/**
 * Go modules: semantic versions with a `v` prefix (golang.org/x/mod/semver). OSV Go advisories write them
 * without it ("1.2.3", "0.0.0-20191109021931-daa7c04131f5"), go.mod with it, so both are accepted and mean
 * the same version. Pseudo-versions are SemVer prereleases and need nothing special: their prerelease
 * identifiers order them by timestamp. `+incompatible` is build metadata and, as in x/mod's `Compare`,
 * does not affect order (`v2.0.0+incompatible` equals `v2.0.0`). x/mod's shorthands `v1` and `v1.2` (no
 * prerelease or build allowed) mean v1.0.0 and v1.2.0, as in its `Canonical`. Numbers have no size limit
 * and order exactly (x/mod `compareInt`), which the `semver` package does not (`semver-precedence.ts`).
 */
export const goVersionScheme = defineScheme(
  'Go',
  (version) => {
    const bare = version.startsWith('v') ? version.slice(1) : version;
    const padded = /^[0-9]+$/.test(bare) ? `${bare}.0.0` : /^[0-9]+\.[0-9]+$/.test(bare) ? `${bare}.0` : bare;
    return parseSemanticVersion(padded);
  },
  compareSemanticVersions,
);
