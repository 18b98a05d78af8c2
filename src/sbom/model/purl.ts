import { PackageURL } from 'packageurl-js';

/**
 * PEP 503 "Normalized names": runs of `-`, `_` and `.` become one `-`, lowercased. The PURL spec's pypi
 * type asks for the same canonical form, so this is also the PURL name.
 */
export function normalizePypiName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

export type Qualifiers = Record<string, string>;

function withoutEmpty(qualifiers: Qualifiers | undefined): Qualifiers | undefined {
  if (qualifiers === undefined) return undefined;
  const entries = Object.entries(qualifiers).filter(([, value]) => value !== '');
  return entries.length === 0 ? undefined : Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** `@scope/name` → namespace `@scope`; packageurl-js percent-encodes the `@` as the PURL spec requires. */
export function npmPurl(name: string, version: string | undefined, qualifiers?: Qualifiers): string {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  const namespace = slash > 0 ? name.slice(0, slash) : undefined;
  const bareName = slash > 0 ? name.slice(slash + 1) : name;
  return new PackageURL(
    'npm',
    namespace,
    bareName,
    version || undefined,
    withoutEmpty(qualifiers),
    undefined,
  ).toString();
}

export function pypiPurl(name: string, version: string | undefined, qualifiers?: Qualifiers): string {
  return new PackageURL(
    'pypi',
    undefined,
    normalizePypiName(name),
    version || undefined,
    withoutEmpty(qualifiers),
    undefined,
  ).toString();
}
