/**
 * How one ecosystem orders its versions. OSV ranges (`introduced`/`fixed`/`last_affected`/`limit`) are
 * only meaningful under the ecosystem's own ordering, so each ecosystem gets one module (house style §1,
 * like osv-scanner's `internal/semantic/version-*.go`) listed in `registry.ts`.
 */
export interface VersionScheme {
  /** The OSV ecosystem name exactly as advisories spell it: `npm`, `PyPI`, `Go`, `crates.io`, `Maven`, `NuGet`, `RubyGems`. */
  readonly ecosystem: string;
  /** Whether `version` is a version this ecosystem accepts. */
  isValid(version: string): boolean;
  /**
   * Negative, zero or positive as `a` sorts before, equal to or after `b`.
   * Throws `InputError` (code `INPUT_MALFORMED`) naming the version when either one is not valid:
   * an unparseable version never matches or fails to match silently.
   */
  compare(a: string, b: string): number;
}
