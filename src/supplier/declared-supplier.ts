/**
 * Who an SBOM says supplied the software it describes. One name, from the first of these fields that is
 * present, so the answer never depends on how several fields are combined:
 *
 * CycloneDX JSON (1.2–1.7) and XML (the same elements under `bom/metadata`):
 *   1. `metadata.supplier.name`: "the organization that supplied the component that the BOM describes"
 *      (CycloneDX 1.6 `metadata.supplier`), the field meant for exactly this question;
 *   2. `metadata.component.supplier.name`: the described component's own supplier;
 *   3. `metadata.manufacturer.name` (1.6+), then `metadata.manufacture.name` (1.2–1.5, deprecated in 1.6).
 * SPDX 2.2/2.3 JSON:
 *   1. `supplier` of the packages the document DESCRIBES (`documentDescribes`, or relationships
 *      `SPDXRef-DOCUMENT DESCRIBES x`), SPDX 2.3 §7.5 "Package supplier": `Organization: name (email)` or
 *      `Person: name (email)`, NOASSERTION meaning none;
 *   2. the first `Organization:` of `creationInfo.creators` (§6.8), the organisation that made the document.
 * SPDX 3.0 JSON-LD, by the same precedence:
 *   1. `suppliedBy` (Core `Artifact.suppliedBy`, an Organization or Person) of the `software_Sbom`'s (else
 *      the `SpdxDocument`'s) `rootElement`s;
 *   2. the first Organization of the document's `creationInfo.createdBy`.
 */
import { xmlText } from '../sbom/read/xml-text.js';

export interface DeclaredSupplier {
  name: string;
  /** The field it came from, e.g. `metadata.supplier.name`. */
  field: string;
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The declared supplier of a CycloneDX JSON document, or undefined when it declares none. */
export function cycloneDxSupplier(document: unknown): DeclaredSupplier | undefined {
  const metadata = object(object(document)?.metadata);
  const candidates: [unknown, string][] = [
    [object(metadata?.supplier)?.name, 'metadata.supplier.name'],
    [object(object(metadata?.component)?.supplier)?.name, 'metadata.component.supplier.name'],
    [object(metadata?.manufacturer)?.name, 'metadata.manufacturer.name'],
    [object(metadata?.manufacture)?.name, 'metadata.manufacture.name'],
  ];
  for (const [value, field] of candidates) {
    const name = nonEmpty(value);
    if (name !== undefined) return { name, field };
  }
  return undefined;
}

type XmlNode = Record<string, unknown>;

/** Child elements by local name: a document may bind the CycloneDX namespace to a prefix (`<cdx:bom>`). */
function xmlChild(node: unknown, localName: string): unknown {
  const parent = object(node);
  if (!parent) return undefined;
  for (const [key, value] of Object.entries(parent)) {
    if (key.startsWith('@') || key.startsWith('#')) continue;
    if (key.slice(key.indexOf(':') + 1) === localName) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/**
 * The declared supplier of a CycloneDX XML document (already checked for a DOCTYPE by `detectSbom`, so no
 * entity is expanded), by the same precedence as JSON.
 */
export async function cycloneDxXmlSupplier(text: string): Promise<DeclaredSupplier | undefined> {
  // Loaded only for XML input, as `sbom/read/read-cyclonedx-xml.ts` does.
  const { create } = await import('xmlbuilder2');
  const parsed = create(text.replace(/^\uFEFF/, '')).end({ format: 'object' }) as XmlNode;
  const metadata = xmlChild(xmlChild(parsed, 'bom'), 'metadata');
  const candidates: [unknown, string][] = [
    [xmlChild(xmlChild(metadata, 'supplier'), 'name'), 'metadata.supplier.name'],
    [
      xmlChild(xmlChild(xmlChild(metadata, 'component'), 'supplier'), 'name'),
      'metadata.component.supplier.name',
    ],
    [xmlChild(xmlChild(metadata, 'manufacturer'), 'name'), 'metadata.manufacturer.name'],
    [xmlChild(xmlChild(metadata, 'manufacture'), 'name'), 'metadata.manufacture.name'],
  ];
  for (const [node, field] of candidates) {
    const name = xmlText(node);
    if (name !== undefined) return { name, field };
  }
  return undefined;
}

/** `Organization: Acme Corp (security@acme.example)` → `Acme Corp`; NOASSERTION and `Tool:` → undefined. */
export function spdxPartyName(value: unknown, kinds: readonly string[]): string | undefined {
  const text = nonEmpty(value);
  if (text === undefined) return undefined;
  const match = /^(Person|Organization|Tool):\s*(.*?)\s*(?:\([^()]*\))?\s*$/.exec(text);
  if (!match || !kinds.includes(match[1] as string)) return undefined;
  return nonEmpty(match[2]);
}

/** The declared supplier of an SPDX 2 JSON document, or undefined when it declares none. */
export function spdxSupplier(document: unknown): DeclaredSupplier | undefined {
  const root = object(document);
  const documentId = nonEmpty(root?.SPDXID) ?? 'SPDXRef-DOCUMENT';
  const described: string[] = [];
  if (Array.isArray(root?.documentDescribes)) {
    for (const id of root.documentDescribes) if (typeof id === 'string') described.push(id);
  }
  for (const relationship of Array.isArray(root?.relationships) ? root.relationships : []) {
    const entry = object(relationship);
    if (entry?.spdxElementId === documentId && entry.relationshipType === 'DESCRIBES') {
      const target = nonEmpty(entry.relatedSpdxElement);
      if (target) described.push(target);
    }
    if (entry?.relatedSpdxElement === documentId && entry.relationshipType === 'DESCRIBED_BY') {
      const source = nonEmpty(entry.spdxElementId);
      if (source) described.push(source);
    }
  }
  const packages = (Array.isArray(root?.packages) ? root.packages : []).map(object);
  for (const id of [...new Set(described)]) {
    const index = packages.findIndex((entry) => entry?.SPDXID === id);
    const name = spdxPartyName(packages[index]?.supplier, ['Person', 'Organization']);
    if (name !== undefined) return { name, field: `packages[${index}].supplier (${id})` };
  }
  const creators = object(root?.creationInfo)?.creators;
  if (Array.isArray(creators)) {
    for (const [index, creator] of creators.entries()) {
      const name = spdxPartyName(creator, ['Organization']);
      if (name !== undefined) return { name, field: `creationInfo.creators[${index}]` };
    }
  }
  return undefined;
}

/** `type` or `@type`, short or as an IRI, as `sbom/read/read-spdx3-jsonld.ts` reads it. */
function spdx3Type(element: Json): string {
  const type = nonEmpty(element.type) ?? nonEmpty(element['@type']) ?? '';
  return type.slice(Math.max(type.lastIndexOf('/'), type.lastIndexOf('#')) + 1);
}

/** An SPDX 3 element by its `spdxId` (or blank-node `@id`), or the element itself when given inline. */
function spdx3Element(graph: Json[], reference: unknown): Json | undefined {
  if (typeof reference !== 'string') return object(reference);
  return graph.find((element) => (nonEmpty(element.spdxId) ?? nonEmpty(element['@id'])) === reference);
}

function spdx3AgentName(graph: Json[], reference: unknown, kinds: readonly string[]): string | undefined {
  const agent = spdx3Element(graph, reference);
  return agent && kinds.includes(spdx3Type(agent)) ? nonEmpty(agent.name) : undefined;
}

/** The declared supplier of an SPDX 3 JSON-LD document, or undefined when it declares none. */
export function spdx3Supplier(document: unknown): DeclaredSupplier | undefined {
  const root = object(document);
  const graph = (Array.isArray(root?.['@graph']) ? root['@graph'] : [])
    .map(object)
    .filter((element): element is Json => element !== undefined);
  const sbom =
    graph.find((element) => spdx3Type(element) === 'software_Sbom') ??
    graph.find((element) => spdx3Type(element) === 'SpdxDocument');
  for (const id of Array.isArray(sbom?.rootElement) ? sbom.rootElement : []) {
    const name = spdx3AgentName(graph, spdx3Element(graph, id)?.suppliedBy, ['Organization', 'Person']);
    if (name !== undefined) return { name, field: `suppliedBy (${String(id)})` };
  }
  const createdBy = spdx3Element(graph, sbom?.creationInfo)?.createdBy;
  if (Array.isArray(createdBy)) {
    for (const [index, agent] of createdBy.entries()) {
      const name = spdx3AgentName(graph, agent, ['Organization']);
      if (name !== undefined) return { name, field: `creationInfo.createdBy[${index}]` };
    }
  }
  return undefined;
}
