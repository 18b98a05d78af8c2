/**
 * The ecosystem names the OSV schema accepts (`$defs.ecosystemName` in
 * https://github.com/ossf/osv-schema/blob/main/validation/schema.json, as in the corpus copy
 * `osv/schema/osv-schema.json`). An `affected[].package.ecosystem` is one of these, optionally followed by
 * `:suffix` (`Debian:11`, `Alpine:v3.18`, `Ubuntu:Pro:22.04:LTS`). Spelling and case are significant.
 */
export const osvEcosystems: readonly string[] = [
  'AlmaLinux',
  'Alpaquita',
  'Alpine',
  'Android',
  'Azure Linux',
  'BellSoft Hardened Containers',
  'Bioconductor',
  'Bitnami',
  'Chainguard',
  'CleanStart',
  'ConanCenter',
  'CRAN',
  'crates.io',
  'Debian',
  'Docker Hardened Images',
  'Echo',
  'FreeBSD',
  'GHC',
  'GitHub Actions',
  'Go',
  'Hackage',
  'Hex',
  'Julia',
  'Kubernetes',
  'Linux',
  'Mageia',
  'Maven',
  'MinimOS',
  'npm',
  'NuGet',
  'opam',
  'openEuler',
  'openSUSE',
  'OSS-Fuzz',
  'Packagist',
  'Photon OS',
  'Pub',
  'PyPI',
  'Red Hat',
  'Rocky Linux',
  'Root',
  'RubyGems',
  'SUSE',
  'SwiftURL',
  'TuxCare',
  'Ubuntu',
  'VSCode',
  'Wolfi',
];

const known = new Set(osvEcosystems);
const byLowerCase = new Map(osvEcosystems.map((name) => [name.toLowerCase(), name]));

/**
 * The ecosystem without its `:suffix` (`Debian:11` → `Debian`). The schema's pattern is
 * `^(<names>|GIT)(:.+)?$`: the first colon ends the name, everything after it is the suffix.
 */
export function ecosystemBase(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon === -1 ? ecosystem : ecosystem.slice(0, colon);
}

/** The suffix after the first colon (`Debian:11` → `11`), or '' when there is none. */
export function ecosystemSuffix(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon === -1 ? '' : ecosystem.slice(colon + 1);
}

/** Whether an advisory may name this ecosystem: a schema name, exactly spelt, with an optional non-empty suffix. */
export function isOsvEcosystem(ecosystem: string): boolean {
  const colon = ecosystem.indexOf(':');
  if (colon === -1) return known.has(ecosystem);
  return known.has(ecosystem.slice(0, colon)) && colon < ecosystem.length - 1;
}

/**
 * The schema spelling of a base ecosystem given in any case (`pypi` → `PyPI`), or undefined. Lookups
 * accept what a user or a PURL mapping may type; advisories themselves must use the exact spelling.
 */
export function canonicalEcosystem(name: string): string | undefined {
  return byLowerCase.get(name.toLowerCase());
}
