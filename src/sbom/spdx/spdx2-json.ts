/**
 * ComponentGraph → SPDX 2.3 JSON (spdx.github.io/spdx-spec/v2.3/). The project is the one package the
 * document describes; every component is a package; every edge a relationship. The document is plain data
 * built in a fixed key order with sorted arrays, so the same input gives the same bytes.
 */
import type { Component, ComponentGraph, Hash, HashAlgorithm, ProjectComponent } from '../model/component.js';
import {
  documentNamespacePlaceholder,
  formatSpdxDateTime,
  packageSpdxIds,
  stampDocumentNamespace,
} from './spdx-identifiers.js';
import { classifySpdxLicense, licenseFieldValue, type SpdxLicense } from './spdx-licenses.js';
import type { SpdxOptions } from './spdx-options.js';
import {
  type DependencyScope,
  dependencyScope,
  primaryDistribution,
  projectScope,
  spdxDownloadLocation,
} from './spdx-package-facts.js';

/** SPDX 2.3 clause 7.10 algorithm names. */
const checksumAlgorithms: Readonly<Record<HashAlgorithm, string>> = {
  MD5: 'MD5',
  'SHA-1': 'SHA1',
  'SHA-256': 'SHA256',
  'SHA-384': 'SHA384',
  'SHA-512': 'SHA512',
};

interface Spdx2Checksum {
  algorithm: string;
  checksumValue: string;
}

interface Spdx2Package {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: string;
  filesAnalyzed: false;
  checksums?: Spdx2Checksum[];
  licenseConcluded: 'NOASSERTION';
  licenseDeclared: string;
  copyrightText: 'NOASSERTION';
  externalRefs?: { referenceCategory: 'PACKAGE-MANAGER'; referenceType: 'purl'; referenceLocator: string }[];
  primaryPackagePurpose: 'APPLICATION' | 'LIBRARY';
  description?: string;
}

interface Spdx2Relationship {
  spdxElementId: string;
  relationshipType: string;
  relatedSpdxElement: string;
}

interface Spdx2ExtractedLicense {
  licenseId: string;
  name: string;
  extractedText: string;
  comment: string;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Collects the free-text licences met while building packages: one entry per `LicenseRef-`. */
class ExtractedLicenses {
  private readonly byId = new Map<string, Spdx2ExtractedLicense>();

  declare(license: SpdxLicense): string {
    if (license.kind === 'custom' && !this.byId.has(license.licenseRef)) {
      // Clause 10.2 wants the licence text "extracted from the package"; the input only names the licence,
      // and that name is the most we can faithfully give. NOASSERTION instead would drop what the
      // package does say.
      this.byId.set(license.licenseRef, {
        licenseId: license.licenseRef,
        name: license.text,
        extractedText: license.text,
        comment: 'The licence as the package metadata states it; veriship had no licence text to extract.',
      });
    }
    return licenseFieldValue(license);
  }

  entries(): Spdx2ExtractedLicense[] {
    return [...this.byId.values()].sort((a, b) => compareStrings(a.licenseId, b.licenseId));
  }
}

function purlReference(purl: string | undefined): Pick<Spdx2Package, 'externalRefs'> {
  // Annex F.3.5: category PACKAGE-MANAGER, type purl; the identifier vulnerability matchers key on.
  return purl
    ? {
        externalRefs: [
          { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl },
        ],
      }
    : {};
}

/** Clause 7.10 checksums, lower-case hex, in algorithm order. */
function checksumsOf(hashes: readonly Hash[]): Pick<Spdx2Package, 'checksums'> {
  const checksums = hashes
    .map((hash) => ({
      algorithm: checksumAlgorithms[hash.algorithm],
      checksumValue: hash.content.toLowerCase(),
    }))
    .sort((a, b) => compareStrings(a.algorithm, b.algorithm));
  return checksums.length > 0 ? { checksums } : {};
}

function projectPackage(
  root: ProjectComponent & { ref: string },
  spdxId: string,
  licenses: ExtractedLicenses,
): Spdx2Package {
  return {
    SPDXID: spdxId,
    name: root.name,
    ...(root.version ? { versionInfo: root.version } : {}),
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: licenses.declare(classifySpdxLicense(root.license)),
    copyrightText: 'NOASSERTION',
    ...checksumsOf(root.hashes ?? []),
    ...purlReference(root.purl),
    primaryPackagePurpose: 'APPLICATION',
    ...(root.description ? { description: root.description } : {}),
  };
}

function componentPackage(component: Component, spdxId: string, licenses: ExtractedLicenses): Spdx2Package {
  const distribution = primaryDistribution(component);
  return {
    SPDXID: spdxId,
    name: component.name,
    ...(component.version ? { versionInfo: component.version } : {}),
    downloadLocation: (distribution && spdxDownloadLocation(distribution.url)) ?? 'NOASSERTION',
    // Clause 7.8: false says the package's files were not analysed (we read metadata only), which in turn
    // forbids a package verification code (7.9) and file-level licence info (7.14).
    filesAnalyzed: false,
    ...checksumsOf(component.hashes),
    // Clause 7.13: the concluded licence is the document creator's own analysis, which a lockfile reader
    // does not do; the declared licence (7.15) is what the package metadata says.
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: licenses.declare(classifySpdxLicense(component.license)),
    copyrightText: 'NOASSERTION',
    ...purlReference(component.purl),
    primaryPackagePurpose: 'LIBRARY',
    ...(component.description ? { description: component.description } : {}),
  };
}

/**
 * Clause 11.1 types for a scoped edge, stated from the dependency's side ("A is a development dependency
 * of B"); written in addition to DEPENDS_ON, which every edge gets so that a consumer that follows only
 * DEPENDS_ON still sees the whole graph.
 */
const scopedRelationshipTypes: Readonly<Record<Exclude<DependencyScope, 'required'>, string>> = {
  development: 'DEV_DEPENDENCY_OF',
  optional: 'OPTIONAL_DEPENDENCY_OF',
};

function dependencyRelationships(graph: ComponentGraph, ids: Map<string, string>): Spdx2Relationship[] {
  const nodes = new Map<string, { development: boolean; optional: boolean }>([
    [graph.root.ref, projectScope],
  ]);
  for (const component of graph.components) nodes.set(component.ref, component);
  const relationships = new Map<string, Spdx2Relationship>();
  const add = (relationship: Spdx2Relationship): void => {
    const key = `${relationship.spdxElementId} ${relationship.relationshipType} ${relationship.relatedSpdxElement}`;
    relationships.set(key, relationship);
  };
  for (const edge of graph.dependencies) {
    const fromId = ids.get(edge.ref);
    const from = nodes.get(edge.ref);
    if (fromId === undefined || from === undefined) continue;
    for (const target of edge.dependsOn) {
      const toId = ids.get(target);
      const to = nodes.get(target);
      // An edge to a node the graph does not hold would be a dangling reference (clause 11.1); skip it.
      if (toId === undefined || to === undefined) continue;
      add({ spdxElementId: fromId, relationshipType: 'DEPENDS_ON', relatedSpdxElement: toId });
      const scope = dependencyScope(from, to);
      if (scope !== 'required') {
        add({
          spdxElementId: toId,
          relationshipType: scopedRelationshipTypes[scope],
          relatedSpdxElement: fromId,
        });
      }
    }
  }
  return [...relationships.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, value]) => value);
}

function creators(options: SpdxOptions): string[] {
  const list: string[] = [];
  if (options.creator) {
    const { kind, name, email } = options.creator;
    // Clause 6.8: "Person: person name" / "Organization: organization" with an optional "(email)".
    list.push(`${kind}: ${name}${email ? ` (${email})` : ''}`);
  }
  list.push(`Tool: veriship-${options.toolVersion}`);
  return list;
}

/**
 * The graph as an SPDX 2.3 JSON document, newline-terminated. `documentNamespace` is a v5 UUID of the
 * content; `created` comes from the options, never from the clock.
 *
 * @throws InternalError INTERNAL when `options.created` is not a valid date.
 */
export function toSpdx2Json(graph: ComponentGraph, options: SpdxOptions): string {
  const ids = packageSpdxIds([graph.root, ...graph.components]);
  const rootId = ids.get(graph.root.ref) as string;
  const licenses = new ExtractedLicenses();
  const components = graph.components
    .map((component) => componentPackage(component, ids.get(component.ref) as string, licenses))
    .sort((a, b) => compareStrings(a.SPDXID, b.SPDXID));
  const packages = [projectPackage(graph.root, rootId, licenses), ...components];
  const name = graph.root.version ? `${graph.root.name}@${graph.root.version}` : graph.root.name;
  const namespace = documentNamespacePlaceholder(name);
  const extracted = licenses.entries();
  const document = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: namespace,
    creationInfo: {
      created: formatSpdxDateTime(options.created),
      creators: creators(options),
      ...(graph.sources.length > 0
        ? { comment: `Components read from ${[...graph.sources].sort(compareStrings).join(', ')}.` }
        : {}),
    },
    // Clause 11.1: DESCRIBES is the relationship; `documentDescribes` is its JSON shorthand, and both are
    // written because consumers read one or the other.
    documentDescribes: [rootId],
    packages,
    ...(extracted.length > 0 ? { hasExtractedLicensingInfos: extracted } : {}),
    relationships: [
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: rootId },
      ...dependencyRelationships(graph, ids),
    ],
  };
  return stampDocumentNamespace(`${JSON.stringify(document, null, 2)}\n`, namespace);
}
