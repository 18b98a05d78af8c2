import { parse as parseToml } from 'smol-toml';
import { SbomError } from '../../errors.js';
import { isRecord, utf8Text } from '../extractors/extractor.js';
import type { ProjectComponent } from '../model/component.js';
import { npmPurl, pypiPurl } from '../model/purl.js';

/** Manifest file names that describe the project itself, in the order they are preferred. */
export const manifestNames = ['package.json', 'pyproject.toml'] as const;

function malformedManifest(path: string, message: string, cause?: unknown): SbomError {
  return new SbomError({ code: 'SBOM_LOCKFILE_MALFORMED', file: path, message, cause });
}

/**
 * The manifest's PURL. A name the PURL spec cannot carry (blank once trimmed or normalised, `@scope/`) is
 * the manifest's fault: name the file, never fail as an internal error.
 * @throws SbomError SBOM_LOCKFILE_MALFORMED
 */
function manifestPurl(path: string, name: string, make: () => string): string {
  try {
    return make();
  } catch (error) {
    throw malformedManifest(path, `name ${JSON.stringify(name)} is not a valid package name`, error);
  }
}

/** npm's `license` is a string; old manifests used `{type}` or a `licenses` array (npm docs "license"). */
function npmLicense(manifest: Record<string, unknown>): string | undefined {
  const license = manifest.license;
  if (typeof license === 'string' && license !== '') return license;
  if (isRecord(license) && typeof license.type === 'string') return license.type;
  if (Array.isArray(manifest.licenses)) {
    const types = manifest.licenses
      .map((entry) => (isRecord(entry) && typeof entry.type === 'string' ? entry.type : undefined))
      .filter((type): type is string => type !== undefined);
    if (types.length > 0) return types.length === 1 ? types[0] : `(${types.join(' OR ')})`;
  }
  return undefined;
}

export function readPackageJson(path: string, content: Buffer): ProjectComponent {
  let manifest: unknown;
  try {
    manifest = JSON.parse(utf8Text(content));
  } catch (error) {
    throw malformedManifest(path, `not valid JSON: ${(error as Error).message}`, error);
  }
  if (!isRecord(manifest)) throw malformedManifest(path, 'not a JSON object');
  const name = typeof manifest.name === 'string' && manifest.name !== '' ? manifest.name : undefined;
  const version =
    typeof manifest.version === 'string' && manifest.version !== '' ? manifest.version : undefined;
  const license = npmLicense(manifest);
  const description = typeof manifest.description === 'string' ? manifest.description : undefined;
  return {
    ecosystem: 'npm',
    name: name ?? '',
    ...(version ? { version } : {}),
    ...(name ? { purl: manifestPurl(path, name, () => npmPurl(name, version)) } : {}),
    ...(license ? { license } : {}),
    ...(description ? { description } : {}),
  };
}

/**
 * PEP 621 `[project]` first, then Poetry's `[tool.poetry]`. `license` is a PEP 639 expression string,
 * or the older `{text = …}` / `{file = …}` table (only `text` says what the licence is).
 */
export function readPyprojectToml(path: string, content: Buffer): ProjectComponent {
  let document: Record<string, unknown>;
  try {
    document = parseToml(utf8Text(content)) as Record<string, unknown>;
  } catch (error) {
    throw malformedManifest(path, `not valid TOML: ${(error as Error).message}`, error);
  }
  const tool = isRecord(document.tool) ? document.tool : {};
  const tables = [document.project, tool.poetry].filter(isRecord);
  const pick = (key: string): unknown =>
    tables.map((table) => table[key]).find((value) => value !== undefined);
  const name = typeof pick('name') === 'string' ? (pick('name') as string) : '';
  const version = typeof pick('version') === 'string' ? (pick('version') as string) : undefined;
  const rawLicense = pick('license');
  const license =
    typeof rawLicense === 'string'
      ? rawLicense
      : isRecord(rawLicense) && typeof rawLicense.text === 'string'
        ? rawLicense.text
        : undefined;
  const description = typeof pick('description') === 'string' ? (pick('description') as string) : undefined;
  return {
    ecosystem: 'pypi',
    name,
    ...(version ? { version } : {}),
    ...(name ? { purl: manifestPurl(path, name, () => pypiPurl(name, version)) } : {}),
    ...(license ? { license } : {}),
    ...(description ? { description } : {}),
  };
}

export function readProjectManifest(path: string, content: Buffer): ProjectComponent {
  return path.endsWith('.toml') ? readPyprojectToml(path, content) : readPackageJson(path, content);
}
