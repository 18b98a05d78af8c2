/**
 * CycloneDX JSON 1.2–1.7 → SbomDocument. Only fields every version shares are read, so one reader serves
 * them all; unknown fields are ignored (a scanner must accept SBOMs from any tool, not only valid ones).
 */
import { canonicalHashAlgorithm } from './hash-algorithms.js';
import { inventoryList, isObject, type JsonObject } from './object-list.js';
import type { SbomComponent, SbomDocument } from './sbom-document.js';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/**
 * CycloneDX 1.6 `licenseChoice`: either one `{expression}` or a list of `{license: {id | name}}`.
 * Ids and expressions are SPDX; names are kept as written.
 */
export function cycloneDxLicenses(value: unknown): string[] {
  const found: string[] = [];
  for (const entry of objects(value)) {
    const expression = text(entry.expression);
    if (expression) found.push(expression);
    const license = isObject(entry.license) ? entry.license : undefined;
    const named = text(license?.id) ?? text(license?.name);
    if (named) found.push(named);
  }
  return found;
}

function hashes(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const hash of objects(value)) {
    const algorithm = text(hash.alg);
    const content = text(hash.content);
    if (algorithm && content) result[canonicalHashAlgorithm(algorithm)] = content.toLowerCase();
  }
  return result;
}

/** The hashes of `distribution` external references, grouped by algorithm. */
function distributionHashes(value: unknown): Record<string, string[]> | undefined {
  const result: Record<string, string[]> = {};
  for (const reference of objects(value)) {
    if (reference.type !== 'distribution') continue;
    for (const hash of objects(reference.hashes)) {
      const algorithm = text(hash.alg);
      const content = text(hash.content);
      if (!algorithm || !content) continue;
      const list = result[canonicalHashAlgorithm(algorithm)] ?? [];
      list.push(content.toLowerCase());
      result[canonicalHashAlgorithm(algorithm)] = list;
    }
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

function toComponent(entry: JsonObject): SbomComponent {
  const component: SbomComponent = {
    name: text(entry.name) ?? '',
    type: text(entry.type) ?? 'library',
    licenses: cycloneDxLicenses(entry.licenses),
    hashes: hashes(entry.hashes),
  };
  const downloads = distributionHashes(entry.externalReferences);
  if (downloads) component.distributionHashes = downloads;
  const optional = {
    bomRef: text(entry['bom-ref']),
    group: text(entry.group),
    version: text(entry.version),
    purl: text(entry.purl),
    scope: text(entry.scope),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (component as unknown as Record<string, string>)[key] = value;
  }
  return component;
}

/** Depth-first, parents before children: CycloneDX nests sub-components (`components[].components`). */
function flatten(file: string, entries: unknown, pointer: string, into: SbomComponent[]): void {
  for (const [index, entry] of inventoryList(file, entries, pointer).entries()) {
    into.push(toComponent(entry));
    flatten(file, entry.components, `${pointer}/${index}/components`, into);
  }
}

/** @throws InputError INPUT_MALFORMED when a `components` list is not an array of objects. */
export function readCycloneDxJson(file: string, document: JsonObject, specVersion: string): SbomDocument {
  const components: SbomComponent[] = [];
  flatten(file, document.components, '/components', components);
  const metadata = isObject(document.metadata) ? document.metadata : {};
  const root = isObject(metadata.component) ? toComponent(metadata.component) : undefined;
  // A root's own sub-components are part of what the SBOM describes, so they are scanned too.
  if (isObject(metadata.component)) {
    flatten(file, metadata.component.components, '/metadata/component/components', components);
  }
  const result: SbomDocument = { format: 'cyclonedx-json', specVersion, components };
  if (root) {
    result.root = root;
    result.rootName = root.group ? `${root.group}/${root.name}` : root.name;
  }
  const serialNumber = text(document.serialNumber);
  if (serialNumber) result.serialNumber = serialNumber;
  if (Number.isInteger(document.version)) result.bomVersion = document.version as number;
  return result;
}
