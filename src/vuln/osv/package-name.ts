import { ecosystemBase } from './ecosystems.js';

/**
 * The form of a package name under which two spellings that the ecosystem's registry treats as one
 * package compare equal. Advisories and SBOMs spell names differently (`Django` / `django`,
 * `Products.PluggableAuthService` / `products-pluggableauthservice`), so both sides of a lookup go
 * through this. Where the registry keeps spellings apart, so do we: folding names the registry
 * distinguishes would report one package's advisories against another.
 *
 * - PyPI: PEP 503 "Normalized names": lowercase, runs of `-`, `_`, `.` become one `-`.
 * - crates.io: the registry refuses a new crate whose name differs from an existing one only by case or
 *   by `-` versus `_` (crates.io "Package names", RFC 940 discussion), so that fold is safe and needed:
 *   Cargo.lock spells a crate as published, advisories sometimes otherwise.
 * - NuGet: package ids are case-insensitive (NuGet docs "Package ID"); the registry lowercases them.
 * - Packagist: Composer package names are case-insensitive and published lowercase.
 * - npm: names are case-sensitive; new names must be lowercase but legacy mixed-case packages
 *   (`JSONStream`) are distinct packages from their lowercase namesakes, so the name stays as is.
 * - Go: module paths are case-sensitive (the module proxy escapes capitals as `!x`): as is.
 * - Maven: `groupId:artifactId`, case-sensitive coordinates: as is.
 * - RubyGems, Hex, Pub, distributions and the rest: as is.
 */
export function normalizePackageName(ecosystem: string, name: string): string {
  switch (ecosystemBase(ecosystem)) {
    case 'PyPI':
      return name.replace(/[-_.]+/g, '-').toLowerCase();
    case 'crates.io':
      return name.replaceAll('_', '-').toLowerCase();
    case 'NuGet':
    case 'Packagist':
      return name.toLowerCase();
    default:
      return name;
  }
}
