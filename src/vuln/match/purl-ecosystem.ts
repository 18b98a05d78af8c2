/**
 * PURL → OSV package coordinates. The PURL type says the ecosystem (purl-spec PURL-TYPES.rst); the OSV
 * name is built the way each OSV ecosystem spells names (OSV 1.7 "affected[].package"): npm keeps its
 * scope (`@babel/core`), Maven is `groupId:artifactId`, Go is the full module path, Packagist
 * `vendor/package`.
 */
import { PackageURL } from 'packageurl-js';

/** OSV ecosystem for each PURL type we can name. Whether we can *order* its versions is asked separately. */
const ecosystemByPurlType: Readonly<Record<string, string>> = {
  npm: 'npm',
  pypi: 'PyPI',
  golang: 'Go',
  cargo: 'crates.io',
  maven: 'Maven',
  nuget: 'NuGet',
  gem: 'RubyGems',
  composer: 'Packagist',
  pub: 'Pub',
  hex: 'Hex',
  hackage: 'Hackage',
  cran: 'CRAN',
  conan: 'ConanCenter',
  swift: 'SwiftURL',
  bitnami: 'Bitnami',
};

export interface OsvCoordinates {
  ecosystem: string;
  name: string;
  /** The version as OSV records of the ecosystem write it (Go: without the module's `v`). */
  version: string | undefined;
  purl: string;
}

export type PurlResolution = { coordinates: OsvCoordinates } | { reason: string };

function osvName(purl: PackageURL): string {
  const namespace = purl.namespace ?? undefined;
  switch (purl.type) {
    case 'maven':
      return namespace ? `${namespace}:${purl.name}` : purl.name;
    case 'npm':
    case 'golang':
    case 'composer':
      return namespace ? `${namespace}/${purl.name}` : purl.name;
    case 'swift':
      return namespace ? `${namespace}/${purl.name}` : purl.name;
    default:
      return purl.name;
  }
}

/**
 * Go module versions carry a `v` (`v1.2.3`, purl-spec golang); the Go vulnerability database writes
 * them without it (`1.2.3`), as does every OSV SEMVER range.
 */
function osvVersion(type: string, version: string | undefined): string | undefined {
  if (version === undefined || version === '') return undefined;
  return type === 'golang' ? version.replace(/^v(?=\d)/, '') : version;
}

/**
 * npm names are case-sensitive: legacy packages such as `JSONStream` or `ETag` are not `jsonstream` or
 * `etag` (package-name.ts), but packageurl-js lowercases every npm name, as the PURL spec's npm type once
 * asked (purl-spec#136). The name as the PURL text spells it is kept when it differs only in case.
 * Scoped names are left lowercased: scopes came after npm refused capitals, so none has any.
 */
function npmNameAsWritten(text: string, lowered: string): string {
  if (lowered.includes('/')) return lowered;
  const path = text.replace(/^pkg:\/*npm\//i, '').split(/[?#]/)[0] ?? '';
  const segments = path.split('/').filter((segment) => segment !== '');
  const last = segments.pop() ?? '';
  const at = last.indexOf('@');
  segments.push(at === -1 ? last : last.slice(0, at));
  let written: string;
  try {
    written = segments.map((segment) => decodeURIComponent(segment)).join('/');
  } catch {
    return lowered;
  }
  return written.toLowerCase() === lowered.toLowerCase() ? written : lowered;
}

export function resolvePurl(text: string): PurlResolution {
  let purl: PackageURL;
  try {
    purl = PackageURL.fromString(text);
  } catch (error) {
    return { reason: `invalid PURL ${JSON.stringify(text)}: ${(error as Error).message}` };
  }
  const ecosystem = ecosystemByPurlType[purl.type];
  if (!ecosystem) return { reason: `no OSV ecosystem for PURL type ${JSON.stringify(purl.type)}` };
  return {
    coordinates: {
      ecosystem,
      name: purl.type === 'npm' ? npmNameAsWritten(text, osvName(purl)) : osvName(purl),
      version: osvVersion(purl.type, purl.version ?? undefined),
      purl: text,
    },
  };
}
