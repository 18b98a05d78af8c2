/**
 * SPDX 3.0 JSON-LD → SbomDocument, read as plain JSON (no JSON-LD expansion: SPDX 3.0.1 "Serialization"
 * fixes the compacted form with the published context, which is what tools write). Each `software_Package`
 * is a component; the root is the `software_Sbom`'s (else the SpdxDocument's) single `rootElement`.
 */
import { canonicalHashAlgorithm } from './hash-algorithms.js';
import { inventoryList, isObject, type JsonObject } from './object-list.js';
import type { SbomComponent, SbomDocument } from './sbom-document.js';

function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** SPDX 3 has `software_Package` in the compacted form; a full IRI or the bare name also occur. */
function typeName(element: JsonObject): string {
  const type = text(element.type) ?? text(element['@type']) ?? '';
  return type.slice(Math.max(type.lastIndexOf('/'), type.lastIndexOf('#')) + 1);
}

function idOf(element: JsonObject): string | undefined {
  return text(element.spdxId) ?? text(element['@id']);
}

/** Licences hang off relationships (`hasConcludedLicense`, `hasDeclaredLicense`) to licence elements. */
function licenseIndex(graph: JsonObject[]): Map<string, string[]> {
  const expressions = new Map<string, string>();
  for (const element of graph) {
    const id = idOf(element);
    const expression =
      text(element.simplelicensing_licenseExpression) ??
      text(element.expandedlicensing_licenseId) ??
      undefined;
    if (id && expression) expressions.set(id, expression);
  }
  const concluded = new Map<string, string[]>();
  const declared = new Map<string, string[]>();
  for (const element of graph) {
    if (typeName(element) !== 'Relationship') continue;
    const kind = element.relationshipType;
    const from = text(element.from);
    if (!from || (kind !== 'hasConcludedLicense' && kind !== 'hasDeclaredLicense')) continue;
    const targets = (Array.isArray(element.to) ? element.to : [])
      // NoAssertionLicense and NoneLicense are not licence elements, so they drop out here: they say nothing.
      .map((to) => (typeof to === 'string' ? expressions.get(to) : undefined))
      .filter((value): value is string => value !== undefined);
    const map = kind === 'hasConcludedLicense' ? concluded : declared;
    map.set(from, [...(map.get(from) ?? []), ...targets]);
  }
  const result = new Map<string, string[]>();
  for (const id of new Set([...concluded.keys(), ...declared.keys()])) {
    const chosen = concluded.get(id)?.length ? concluded.get(id) : declared.get(id);
    if (chosen?.length) result.set(id, chosen);
  }
  return result;
}

function toComponent(element: JsonObject, licenses: Map<string, string[]>): SbomComponent {
  const hashes: Record<string, string> = {};
  for (const hash of objects(element.verifiedUsing)) {
    const algorithm = text(hash.algorithm);
    const value = text(hash.hashValue);
    if (algorithm && value) hashes[canonicalHashAlgorithm(algorithm)] = value.toLowerCase();
  }
  const id = idOf(element);
  const component: SbomComponent = {
    name: text(element.name) ?? '',
    type: text(element.software_primaryPurpose)?.toLowerCase() ?? 'library',
    licenses: (id && licenses.get(id)) || [],
    hashes,
  };
  if (id) component.bomRef = id;
  const version = text(element.software_packageVersion);
  if (version) component.version = version;
  const purl = text(element.software_packageUrl);
  if (purl) component.purl = purl;
  return component;
}

/** @throws InputError INPUT_MALFORMED when `@graph` is not an array of objects. */
export function readSpdx3JsonLd(file: string, document: JsonObject): SbomDocument {
  const graph = inventoryList(file, document['@graph'], '/@graph');
  const creationInfo = graph.find((element) => typeName(element) === 'CreationInfo');
  const specVersion = text(creationInfo?.specVersion) ?? '3.0';
  const licenses = licenseIndex(graph);
  const packages = graph.filter((element) => typeName(element) === 'software_Package');
  const sbom =
    graph.find((element) => typeName(element) === 'software_Sbom') ??
    graph.find((element) => typeName(element) === 'SpdxDocument');
  const roots = Array.isArray(sbom?.rootElement) ? sbom.rootElement : [];
  const rootPackage = roots.length === 1 ? packages.find((element) => idOf(element) === roots[0]) : undefined;
  const result: SbomDocument = {
    format: 'spdx3-json',
    specVersion,
    components: packages.filter((element) => element !== rootPackage).map((p) => toComponent(p, licenses)),
  };
  if (rootPackage) {
    result.root = toComponent(rootPackage, licenses);
    result.rootName = result.root.name;
  }
  const documentElement = graph.find((element) => typeName(element) === 'SpdxDocument');
  const documentId = documentElement ? idOf(documentElement) : undefined;
  if (documentId) result.serialNumber = documentId;
  return result;
}
