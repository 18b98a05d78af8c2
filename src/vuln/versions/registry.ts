import { cratesVersionScheme } from './crates-semver.js';
import { goVersionScheme } from './go-semver.js';
import { mavenVersionScheme } from './maven-comparable-version.js';
import { npmVersionScheme } from './npm-semver.js';
import { nugetVersionScheme } from './nuget-version.js';
import { pypiVersionScheme } from './pypi-pep440.js';
import { rubygemsVersionScheme } from './rubygems-version.js';
import type { VersionScheme } from './version-scheme.js';

/**
 * Every ecosystem whose versions we can order, in one explicit list (house style §1): adding one is a file
 * plus a line here, never a registration by import side effect.
 */
export const versionSchemes: readonly VersionScheme[] = [
  npmVersionScheme,
  pypiVersionScheme,
  goVersionScheme,
  cratesVersionScheme,
  mavenVersionScheme,
  nugetVersionScheme,
  rubygemsVersionScheme,
];

/**
 * The scheme for an OSV `affected[].package.ecosystem` value, or undefined when we cannot order it.
 *
 * OSV schema 1.7 "affected[].package" field: the ecosystem is one of the listed names, matched exactly
 * (case-sensitive: `PyPI`, not `pypi`), optionally followed by `:` and a suffix (the schema's
 * `ecosystemWithSuffix`: `^(<names>)(:.+)?$`) such as a Debian release or, for Maven, another repository
 * (`Maven:https://repo.example.org/maven2/`). The suffix narrows where packages come from, never how their
 * versions order, so it is ignored here; an empty suffix (`npm:`) does not match the pattern and is refused.
 */
export function versionSchemeFor(ecosystem: string): VersionScheme | undefined {
  const colon = ecosystem.indexOf(':');
  if (colon === ecosystem.length - 1) return undefined;
  const name = colon === -1 ? ecosystem : ecosystem.slice(0, colon);
  return versionSchemes.find((scheme) => scheme.ecosystem === name);
}

/** The OSV ecosystem names we can order, sorted. */
export function supportedEcosystems(): string[] {
  return versionSchemes.map((scheme) => scheme.ecosystem).sort();
}
