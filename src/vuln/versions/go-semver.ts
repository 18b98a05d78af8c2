import semver from 'semver';
import { defineScheme } from './define-scheme.js';

/**
 * Go modules: semantic versions with a `v` prefix (golang.org/x/mod/semver). OSV Go advisories write them
 * without it ("1.2.3", "0.0.0-20191109021931-daa7c04131f5"), go.mod with it, so both are accepted and mean
 * the same version. Pseudo-versions are SemVer prereleases and need nothing special: their prerelease
 * identifiers order them by timestamp. `+incompatible` is build metadata and, as in x/mod's `Compare`,
 * does not affect order (`v2.0.0+incompatible` equals `v2.0.0`). x/mod's shorthands `v1` and `v1.2` (no
 * prerelease or build allowed) mean v1.0.0 and v1.2.0, as in its `Canonical`.
 */
export const goVersionScheme = defineScheme(
  'Go',
  (version) => {
    const bare = version.startsWith('v') ? version.slice(1) : version;
    if (!/^[0-9]/.test(bare) || bare !== bare.trim()) return undefined;
    const padded = /^[0-9]+$/.test(bare) ? `${bare}.0.0` : /^[0-9]+\.[0-9]+$/.test(bare) ? `${bare}.0` : bare;
    return semver.parse(padded) ?? undefined;
  },
  (a, b) => a.compare(b),
);
