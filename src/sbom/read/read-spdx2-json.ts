/**
 * SPDX 2.2/2.3 JSON → SbomDocument: each package is a component (files and snippets are not packages and
 * are not scanned). The PURL is the `PACKAGE-MANAGER`/`purl` external reference (SPDX 2.3 Annex F.3.7);
 * the root is the one package the document DESCRIBES (§6 `documentDescribes`, §11 relationships).
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

/** NOASSERTION and NONE say nothing about the licence (SPDX 2.3 §7.13), so they are not licences. */
function licenseOf(value: unknown): string | undefined {
  const expression = text(value);
  return expression && expression !== 'NOASSERTION' && expression !== 'NONE' ? expression : undefined;
}

function purlOf(pkg: JsonObject): string | undefined {
  for (const reference of objects(pkg.externalRefs)) {
    const category = String(reference.referenceCategory ?? '').replace(/_/g, '-');
    if (category === 'PACKAGE-MANAGER' && reference.referenceType === 'purl') {
      const locator = text(reference.referenceLocator);
      if (locator) return locator;
    }
  }
  return undefined;
}

function toComponent(pkg: JsonObject): SbomComponent {
  const hashes: Record<string, string> = {};
  for (const checksum of objects(pkg.checksums)) {
    const algorithm = text(checksum.algorithm);
    const value = text(checksum.checksumValue);
    if (algorithm && value) hashes[canonicalHashAlgorithm(algorithm)] = value.toLowerCase();
  }
  // The concluded licence is the document author's finding; the declared one is the package's claim.
  const license = licenseOf(pkg.licenseConcluded) ?? licenseOf(pkg.licenseDeclared);
  const component: SbomComponent = {
    name: text(pkg.name) ?? '',
    type: text(pkg.primaryPackagePurpose)?.toLowerCase().replace(/_/g, '-') ?? 'library',
    licenses: license ? [license] : [],
    hashes,
  };
  const bomRef = text(pkg.SPDXID);
  if (bomRef) component.bomRef = bomRef;
  const version = text(pkg.versionInfo);
  if (version) component.version = version;
  const purl = purlOf(pkg);
  if (purl) component.purl = purl;
  return component;
}

/** The SPDXIDs the document describes: `documentDescribes` plus `SPDXRef-DOCUMENT DESCRIBES x` (and DESCRIBED_BY). */
function describedIds(document: JsonObject): Set<string> {
  const documentId = text(document.SPDXID) ?? 'SPDXRef-DOCUMENT';
  const described = new Set<string>();
  if (Array.isArray(document.documentDescribes)) {
    for (const id of document.documentDescribes) if (typeof id === 'string') described.add(id);
  }
  for (const relationship of objects(document.relationships)) {
    const from = relationship.spdxElementId;
    const to = relationship.relatedSpdxElement;
    if (relationship.relationshipType === 'DESCRIBES' && from === documentId && typeof to === 'string') {
      described.add(to);
    }
    if (relationship.relationshipType === 'DESCRIBED_BY' && to === documentId && typeof from === 'string') {
      described.add(from);
    }
  }
  return described;
}

/** @throws InputError INPUT_MALFORMED when `packages` is not an array of objects. */
export function readSpdx2Json(file: string, document: JsonObject, specVersion: string): SbomDocument {
  const packages = inventoryList(file, document.packages, '/packages');
  const described = describedIds(document);
  const describedPackages = packages.filter((pkg) => described.has(String(pkg.SPDXID)));
  // One described package is the subject (syft's directory or image, our project). With several, none of
  // them is "the" root, and all are scanned.
  const rootPackage = describedPackages.length === 1 ? describedPackages[0] : undefined;
  const result: SbomDocument = {
    format: 'spdx-json',
    specVersion,
    components: packages.filter((pkg) => pkg !== rootPackage).map(toComponent),
  };
  if (rootPackage) {
    result.root = toComponent(rootPackage);
    result.rootName = result.root.name;
  }
  const namespace = text(document.documentNamespace);
  if (namespace) result.serialNumber = namespace;
  return result;
}
