/**
 * ComponentGraph → SPDX 3.0.1 JSON-LD (spdx.github.io/spdx-spec/v3.0.1/), Core, Software and
 * SimpleLicensing profiles, in the compact form of the official context
 * `https://spdx.org/rdf/3.0.1/spdx-context.jsonld` (cf. the spec's `examples/jsonld/package_sbom.json`).
 *
 * It carries what BSI TR-03183-2 §5.2 and the EU CRA expect of an SBOM: creator and timestamp
 * (`CreationInfo.createdBy`/`created`), the SBOM's own URI (`software_Sbom.spdxId`), and per component its
 * name, version, PURL (`software_packageUrl` and an `externalIdentifier`), hash (`verifiedUsing`),
 * licences (`hasDeclaredLicense`/`hasConcludedLicense`) and dependencies (`dependsOn`).
 *
 * Element IRIs are `<document namespace>#SPDXRef-…`, the namespace being the content-derived one of
 * `spdx-identifiers.ts`, and the local names are the SPDX 2.3 SPDXIDs, so one component has one name in
 * both formats (the SPDX 2→3 mapping in the 3.0.1 annex "Differences from previous editions" does this).
 */
import type { Component, ComponentGraph, Hash, HashAlgorithm } from '../model/component.js';
import {
  documentNamespacePlaceholder,
  formatSpdxDateTime,
  packageSpdxIds,
  shortDigest,
  stampDocumentNamespace,
  toIdString,
} from './spdx-identifiers.js';
import { classifySpdxLicense, type SpdxLicense } from './spdx-licenses.js';
import type { SpdxOptions } from './spdx-options.js';
import {
  dependencyScope,
  primaryDistribution,
  projectScope,
  spdxDownloadLocation,
} from './spdx-package-facts.js';
import { spdx3Context } from './spdx3-vocabulary.js';

/**
 * `Software/SbomType` (CISA "Types of SBOM Documents"): `source` for an SBOM read from a source tree's
 * lockfiles, `build` when the release pipeline makes it while building the artifact.
 */
export type Spdx3SbomType = 'source' | 'build';

export interface Spdx3Options extends SpdxOptions {
  sbomType?: Spdx3SbomType;
}

/** `Core/HashAlgorithm` entries for the model's algorithms. */
const hashAlgorithms: Readonly<Record<HashAlgorithm, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** The one CreationInfo every element shares, a blank node as in the spec's examples. */
const creationInfoId = '_:creationinfo';

type GraphNode = Record<string, unknown> & { type: string };

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds element IRIs under one namespace and remembers every element, keyed by IRI. */
class ElementSet {
  readonly elements = new Map<string, GraphNode>();

  constructor(private readonly namespace: string) {}

  iri(localId: string): string {
    return `${this.namespace}#${localId}`;
  }

  add(type: string, localId: string, properties: Record<string, unknown>): string {
    const spdxId = this.iri(localId);
    if (!this.elements.has(spdxId)) {
      this.elements.set(spdxId, { type, spdxId, creationInfo: creationInfoId, ...properties });
    }
    return spdxId;
  }
}

/**
 * One `simplelicensing_LicenseExpression` per distinct licence, shared by every package that has it. A
 * free-text licence is the expression `LicenseRef-…`, mapped by `customIdToUri` to a
 * `simplelicensing_SimpleLicensingText` holding the text (SimpleLicensing profile, `customIdToUri`).
 */
function licenseElement(elements: ElementSet, license: SpdxLicense): string {
  if (license.kind === 'none') return 'expandedlicensing_NoAssertionLicense';
  if (license.kind === 'expression') {
    return elements.add('simplelicensing_LicenseExpression', expressionLocalId(license.expression), {
      simplelicensing_licenseExpression: license.expression,
    });
  }
  const textId = elements.add('simplelicensing_SimpleLicensingText', `SPDXRef-${license.licenseRef}`, {
    name: license.text,
    comment: 'The licence as the package metadata states it; veriship had no licence text to extract.',
    simplelicensing_licenseText: license.text,
  });
  return elements.add('simplelicensing_LicenseExpression', expressionLocalId(license.licenseRef), {
    simplelicensing_licenseExpression: license.licenseRef,
    simplelicensing_customIdToUri: [{ type: 'DictionaryEntry', key: license.licenseRef, value: textId }],
  });
}

function expressionLocalId(expression: string): string {
  return `SPDXRef-LicenseExpression-${toIdString(expression)}-${shortDigest(expression)}`;
}

function purlProperties(purl: string | undefined): Record<string, unknown> {
  if (!purl) return {};
  return {
    software_packageUrl: purl,
    externalIdentifier: [
      { type: 'ExternalIdentifier', externalIdentifierType: 'packageUrl', identifier: purl },
    ],
  };
}

/** `verifiedUsing` Hash integrity methods, lower-case hex, in algorithm order. */
function verifiedUsing(hashes: readonly Hash[]): Record<string, unknown> {
  const methods = hashes
    .map((hash) => ({
      type: 'Hash',
      algorithm: hashAlgorithms[hash.algorithm],
      hashValue: hash.content.toLowerCase(),
    }))
    .sort((a, b) => compareStrings(a.algorithm, b.algorithm));
  return methods.length > 0 ? { verifiedUsing: methods } : {};
}

function componentProperties(component: Component): Record<string, unknown> {
  const distribution = primaryDistribution(component);
  const downloadLocation = distribution && spdxDownloadLocation(distribution.url);
  return {
    name: component.name,
    ...(component.description ? { description: component.description } : {}),
    ...verifiedUsing(component.hashes),
    ...purlProperties(component.purl),
    ...(component.version ? { software_packageVersion: component.version } : {}),
    ...(downloadLocation ? { software_downloadLocation: downloadLocation } : {}),
    software_primaryPurpose: 'library',
  };
}

interface RelationshipSpec {
  type: 'Relationship' | 'LifecycleScopedRelationship';
  relationshipType: string;
  from: string;
  to: string[];
  scope?: string;
}

/** Names a relationship after its type, scope and `from`, which together are unique here. */
function addRelationship(elements: ElementSet, spec: RelationshipSpec, fromLocalId: string): void {
  const name = [spec.relationshipType, spec.scope, fromLocalId.replace(/^SPDXRef-/, '')]
    .filter(Boolean)
    .join('-');
  elements.add(spec.type, `SPDXRef-Relationship-${name}`, {
    from: spec.from,
    relationshipType: spec.relationshipType,
    to: [...new Set(spec.to)].sort(compareStrings),
    ...(spec.scope ? { scope: spec.scope } : {}),
  });
}

/**
 * One `dependsOn` per node with all its dependencies (every edge, whatever its scope), plus, as in the SPDX
 * 2.3 output, the scoped view: a `LifecycleScopedRelationship` `dependsOn` with scope `development` for
 * development edges and `hasOptionalDependency` for optional ones (the annex's mapping of SPDX 2.3
 * DEV_DEPENDENCY_OF and OPTIONAL_DEPENDENCY_OF). No `completeness` is claimed: the graph does not say
 * whether a lockfile recorded a node's edges (npm, uv) or not (requirements.txt).
 */
function addDependencies(elements: ElementSet, graph: ComponentGraph, localIds: Map<string, string>): void {
  const nodes = new Map<string, { development: boolean; optional: boolean }>([
    [graph.root.ref, projectScope],
  ]);
  for (const component of graph.components) nodes.set(component.ref, component);
  for (const edge of graph.dependencies) {
    const fromLocalId = localIds.get(edge.ref);
    const from = nodes.get(edge.ref);
    if (fromLocalId === undefined || from === undefined) continue;
    const targets = { required: [] as string[], development: [] as string[], optional: [] as string[] };
    for (const target of edge.dependsOn) {
      const toLocalId = localIds.get(target);
      const to = nodes.get(target);
      if (toLocalId === undefined || to === undefined) continue;
      const iri = elements.iri(toLocalId);
      targets.required.push(iri);
      const scope = dependencyScope(from, to);
      if (scope !== 'required') targets[scope].push(iri);
    }
    const fromIri = elements.iri(fromLocalId);
    const specs: RelationshipSpec[] = [
      { type: 'Relationship', relationshipType: 'dependsOn', from: fromIri, to: targets.required },
      {
        type: 'LifecycleScopedRelationship',
        relationshipType: 'dependsOn',
        from: fromIri,
        to: targets.development,
        scope: 'development',
      },
      {
        type: 'Relationship',
        relationshipType: 'hasOptionalDependency',
        from: fromIri,
        to: targets.optional,
      },
    ];
    for (const spec of specs) if (spec.to.length > 0) addRelationship(elements, spec, fromLocalId);
  }
}

/**
 * Licensing (SPDX 3.0.1 Licensing profile notes): `hasDeclaredLicense` is what the package metadata
 * states (NoAssertionLicense when it states nothing); `hasConcludedLicense` is the SBOM author's own
 * analysis, which reading lockfiles is not, so it is NoAssertionLicense, the explicit "no attempt made".
 */
function addLicenses(
  elements: ElementSet,
  packageIri: string,
  localId: string,
  license: string | undefined,
): void {
  const declared = licenseElement(elements, classifySpdxLicense(license));
  addRelationship(
    elements,
    { type: 'Relationship', relationshipType: 'hasDeclaredLicense', from: packageIri, to: [declared] },
    localId,
  );
  addRelationship(
    elements,
    {
      type: 'Relationship',
      relationshipType: 'hasConcludedLicense',
      from: packageIri,
      to: ['expandedlicensing_NoAssertionLicense'],
    },
    localId,
  );
}

/** Order in `@graph`: agents and tool, document, SBOM, packages, licences, relationships; each by IRI. */
const typeOrder = [
  'SoftwareAgent',
  'Person',
  'Organization',
  'Tool',
  'SpdxDocument',
  'software_Sbom',
  'software_Package',
  'simplelicensing_LicenseExpression',
  'simplelicensing_SimpleLicensingText',
  'Relationship',
  'LifecycleScopedRelationship',
];

function sortedElements(elements: ElementSet): GraphNode[] {
  const rank = (node: GraphNode): number => {
    const index = typeOrder.indexOf(node.type);
    return index < 0 ? typeOrder.length : index;
  };
  return [...elements.elements.values()].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      // The root package leads the packages, as it leads the SPDX 2.3 `packages`.
      Number(b.software_primaryPurpose === 'application') -
        Number(a.software_primaryPurpose === 'application') ||
      compareStrings(String(a.spdxId), String(b.spdxId)),
  );
}

/**
 * The graph as an SPDX 3.0.1 JSON-LD document, newline-terminated. IRIs derive from a v5 UUID of the
 * content; `created` comes from the options, never from the clock.
 *
 * @throws InternalError INTERNAL when `options.created` is not a valid date.
 */
export function toSpdx3JsonLd(graph: ComponentGraph, options: Spdx3Options): string {
  const name = graph.root.version ? `${graph.root.name}@${graph.root.version}` : graph.root.name;
  const namespace = documentNamespacePlaceholder(name);
  const elements = new ElementSet(namespace);
  const localIds = packageSpdxIds([graph.root, ...graph.components]);
  const toolName = `veriship-${options.toolVersion}`;

  // The 3.0.1 annex on SPDX 2.3 creators: a Tool goes in `createdUsing`; `createdBy` needs an Agent, and
  // "where only a Tool is provided … createdBy should point to a SoftwareAgent" made from the same data.
  const createdBy = [elements.add('SoftwareAgent', 'SPDXRef-Agent-veriship', { name: toolName })];
  if (options.creator) {
    const { kind, name: creatorName, email } = options.creator;
    createdBy.unshift(
      elements.add(
        kind,
        `SPDXRef-Agent-${toIdString(creatorName) || 'creator'}-${shortDigest(creatorName)}`,
        {
          name: creatorName,
          ...(email
            ? {
                externalIdentifier: [
                  { type: 'ExternalIdentifier', externalIdentifierType: 'email', identifier: email },
                ],
              }
            : {}),
        },
      ),
    );
  }
  const tool = elements.add('Tool', 'SPDXRef-Tool-veriship', { name: toolName });

  const rootLocalId = localIds.get(graph.root.ref) as string;
  const rootIri = elements.add('software_Package', rootLocalId, {
    name: graph.root.name,
    ...(graph.root.description ? { description: graph.root.description } : {}),
    ...verifiedUsing(graph.root.hashes ?? []),
    ...purlProperties(graph.root.purl),
    ...(graph.root.version ? { software_packageVersion: graph.root.version } : {}),
    software_primaryPurpose: 'application',
  });
  addLicenses(elements, rootIri, rootLocalId, graph.root.license);
  for (const component of graph.components) {
    const localId = localIds.get(component.ref) as string;
    const iri = elements.add('software_Package', localId, componentProperties(component));
    addLicenses(elements, iri, localId, component.license);
  }
  addDependencies(elements, graph, localIds);
  const dataLicense = licenseElement(elements, { kind: 'expression', expression: 'CC0-1.0' });

  // The SBOM holds what describes the software: packages, licences, relationships. The document holds
  // everything it serialises, the SBOM and the agents included, but not itself (ElementCollection: "The
  // element must not be of type SpdxDocument").
  const agents = new Set(['SoftwareAgent', 'Person', 'Organization', 'Tool']);
  const sbomMembers = [...elements.elements.values()]
    .filter((node) => !agents.has(node.type))
    .map((node) => String(node.spdxId))
    .sort(compareStrings);
  const sbomIri = elements.add('software_Sbom', 'SPDXRef-SBOM', {
    name,
    software_sbomType: [options.sbomType ?? 'source'],
    rootElement: [rootIri],
    element: sbomMembers,
  });
  const documentMembers = [...elements.elements.keys()].sort(compareStrings);
  elements.add('SpdxDocument', 'SPDXRef-DOCUMENT', {
    name,
    dataLicense,
    profileConformance: ['core', 'simpleLicensing', 'software'],
    rootElement: [sbomIri],
    element: documentMembers,
  });

  const creationInfo = {
    type: 'CreationInfo',
    '@id': creationInfoId,
    specVersion: '3.0.1',
    created: formatSpdxDateTime(options.created),
    createdBy,
    createdUsing: [tool],
    ...(graph.sources.length > 0
      ? { comment: `Components read from ${[...graph.sources].sort(compareStrings).join(', ')}.` }
      : {}),
  };
  const document = { '@context': spdx3Context, '@graph': [creationInfo, ...sortedElements(elements)] };
  return stampDocumentNamespace(`${JSON.stringify(document, null, 2)}\n`, namespace);
}
