import semver from 'semver';
import { defineScheme } from './define-scheme.js';

/**
 * npm: Semantic Versioning 2.0.0 as the `semver` package (npm's own) parses it with `loose: false`.
 * That strict parser accepts one leading `v` and surrounding whitespace ("v1.2.3" is 1.2.3), as
 * `npm install pkg@v1.2.3` does; it rejects the loose forms (`=1.2.3`, `1.2.3beta`, leading zeros).
 * Precedence per SemVer §11: build metadata is ignored, so `1.0.0+a` equals `1.0.0+b`.
 */
export const npmVersionScheme = defineScheme(
  'npm',
  (version) => semver.parse(version, { loose: false }) ?? undefined,
  (a, b) => a.compare(b),
);
