/**
 * One SBOM component against the advisories for its package: which advisories affect the installed
 * version (`affects.ts`), or why the component could not be scanned. A component is never dropped
 * silently: no PURL, an ecosystem we cannot name or order, or no version each give a `notScanned` reason.
 */
import type { SbomComponent } from '../../sbom/read/sbom-document.js';
import type { OsvAdvisory, OsvAffected, OsvRange } from '../osv/osv-types.js';
import { normalizePackageName } from '../osv/package-name.js';
import type { VersionScheme } from '../versions/version-scheme.js';
import type { AdvisorySource } from './advisory-source.js';
import { evaluateAffected, sortVersions } from './affects.js';
import { type OsvCoordinates, resolvePurl } from './purl-ecosystem.js';

export interface AdvisoryMatch {
  advisory: OsvAdvisory;
  /** The advisory's `affected[]` entries for this package that hold the installed version. */
  affected: OsvAffected[];
  /** Every SEMVER/ECOSYSTEM range of those entries (not only the matching one), for remediation. */
  ranges: OsvRange[];
  fixedVersions: string[];
}

export interface MatchWarning {
  /** The component's PURL. */
  component: string;
  advisory?: string;
  message: string;
}

export type ComponentOutcome =
  | {
      kind: 'scanned';
      coordinates: OsvCoordinates & { version: string };
      scheme: VersionScheme;
      matches: AdvisoryMatch[];
      warnings: MatchWarning[];
    }
  | { kind: 'not-scanned'; reason: string };

export type SchemeLookup = (ecosystem: string) => VersionScheme | undefined;

/**
 * OSV "IsVulnerable" checks `affected.package == pkg`: same ecosystem, same name as the ecosystem
 * compares names (PEP 503 for PyPI and so on, `normalizePackageName`).
 */
function entriesFor(advisory: OsvAdvisory, coordinates: OsvCoordinates): OsvAffected[] {
  const wanted = normalizePackageName(coordinates.ecosystem, coordinates.name);
  return (advisory.affected ?? []).filter(
    (affected) =>
      affected.package?.ecosystem === coordinates.ecosystem &&
      normalizePackageName(coordinates.ecosystem, affected.package.name) === wanted,
  );
}

export function matchComponent(
  component: SbomComponent,
  source: AdvisorySource,
  schemeFor: SchemeLookup,
): ComponentOutcome {
  if (!component.purl) return { kind: 'not-scanned', reason: 'no PURL' };
  const resolved = resolvePurl(component.purl);
  if ('reason' in resolved) return { kind: 'not-scanned', reason: resolved.reason };
  const coordinates = withComponentSpelling(resolved.coordinates, component);
  const scheme = schemeFor(coordinates.ecosystem);
  if (!scheme) {
    return { kind: 'not-scanned', reason: `no version ordering for ecosystem ${coordinates.ecosystem}` };
  }
  // The PURL's version is the installed one; fall back to the component's when the PURL has none.
  const rawVersion =
    coordinates.version ??
    (component.version ? resolvePurlVersion(coordinates, component.version) : undefined);
  if (!rawVersion) return { kind: 'not-scanned', reason: 'no version' };
  if (!scheme.isValid(rawVersion)) {
    return {
      kind: 'not-scanned',
      reason: `version ${JSON.stringify(rawVersion)} is not a valid ${coordinates.ecosystem} version`,
    };
  }
  const matches: AdvisoryMatch[] = [];
  const warnings: MatchWarning[] = [];
  for (const advisory of source.advisoriesFor(coordinates.ecosystem, coordinates.name)) {
    // The database leaves withdrawn advisories out; checked again so that no source can report one.
    if (advisory.withdrawn) continue;
    const entries = entriesFor(advisory, coordinates);
    const hits: OsvAffected[] = [];
    const fixed: string[] = [];
    for (const entry of entries) {
      const evaluation = evaluateAffected(rawVersion, entry, scheme);
      for (const message of evaluation.warnings) {
        warnings.push({ component: component.purl, advisory: advisory.id, message });
      }
      if (evaluation.affected) {
        hits.push(entry);
        fixed.push(...evaluation.fixedVersions);
      }
    }
    if (hits.length === 0) continue;
    matches.push({
      advisory,
      affected: hits,
      ranges: hits.flatMap((entry) => (entry.ranges ?? []).filter((range) => range.type !== 'GIT')),
      fixedVersions: sortVersions(fixed, scheme),
    });
  }
  return { kind: 'scanned', coordinates: { ...coordinates, version: rawVersion }, scheme, matches, warnings };
}

/**
 * An npm PURL may carry a legacy mixed-case name lowercased (packageurl-js lowercases npm names, and so do
 * SBOMs written with it), yet `ETag` and `etag` are different packages with different advisories. The
 * component's own name, when it differs only in case, is the registry's spelling.
 */
function withComponentSpelling(coordinates: OsvCoordinates, component: SbomComponent): OsvCoordinates {
  if (coordinates.ecosystem !== 'npm' || coordinates.name !== coordinates.name.toLowerCase())
    return coordinates;
  // Scoped names never had capitals (scopes came after npm refused them): only bare names are looked at.
  if (component.group || coordinates.name.includes('/')) return coordinates;
  const spelled = component.name;
  return spelled !== coordinates.name && spelled.toLowerCase() === coordinates.name
    ? { ...coordinates, name: spelled }
    : coordinates;
}

/** Go versions lose their `v` as in the PURL (`purl-ecosystem.ts`); other ecosystems keep theirs. */
function resolvePurlVersion(coordinates: OsvCoordinates, version: string): string {
  return coordinates.ecosystem === 'Go' ? version.replace(/^v(?=\d)/, '') : version;
}
