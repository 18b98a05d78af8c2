export { cratesVersionScheme } from './crates-semver.js';
export { goVersionScheme } from './go-semver.js';
export { mavenVersionScheme } from './maven-comparable-version.js';
export { npmVersionScheme } from './npm-semver.js';
export { nugetVersionScheme } from './nuget-version.js';
export { pypiVersionScheme } from './pypi-pep440.js';
export { supportedEcosystems, versionSchemeFor, versionSchemes } from './registry.js';
export { rubygemsVersionScheme } from './rubygems-version.js';
export type { VersionScheme } from './version-scheme.js';
