/**
 * CycloneDX XML 1.0–1.7 → SbomDocument, through xmlbuilder2's object conversion (already a dependency of
 * the CycloneDX library). `detectXmlSbom` refuses DOCTYPEs before we get here, so no entity is expanded.
 */
import { InputError } from '../../errors.js';
import { canonicalHashAlgorithm } from './hash-algorithms.js';
import type { SbomComponent, SbomDocument } from './sbom-document.js';
import { xmlText } from './xml-text.js';
import { xmlStructureProblem } from './xml-well-formed.js';

type XmlNode = Record<string, unknown>;

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Child elements by local name: a document may bind the CycloneDX namespace to a prefix (`<cdx:bom>`). */
function children(node: unknown, localName: string): unknown[] {
  if (!isNode(node)) return [];
  const found: unknown[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@') || key.startsWith('#')) continue;
    if (key.slice(key.indexOf(':') + 1) !== localName) continue;
    if (Array.isArray(value)) found.push(...value);
    else found.push(value);
  }
  return found;
}

function child(node: unknown, localName: string): unknown {
  return children(node, localName)[0];
}

function attribute(node: unknown, name: string): string | undefined {
  if (!isNode(node)) return undefined;
  const value = node[`@${name}`];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function licenses(node: unknown): string[] {
  const found: string[] = [];
  const list = child(node, 'licenses');
  for (const expression of children(list, 'expression')) {
    const value = xmlText(expression);
    if (value) found.push(value);
  }
  for (const license of children(list, 'license')) {
    const value = xmlText(child(license, 'id')) ?? xmlText(child(license, 'name'));
    if (value) found.push(value);
  }
  return found;
}

function hashes(node: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const hash of children(child(node, 'hashes'), 'hash')) {
    const algorithm = attribute(hash, 'alg');
    const content = xmlText(hash);
    if (algorithm && content) result[canonicalHashAlgorithm(algorithm)] = content.toLowerCase();
  }
  return result;
}

function toComponent(node: unknown): SbomComponent {
  const component: SbomComponent = {
    name: xmlText(child(node, 'name')) ?? '',
    type: attribute(node, 'type') ?? 'library',
    licenses: licenses(node),
    hashes: hashes(node),
  };
  const optional = {
    bomRef: attribute(node, 'bom-ref'),
    group: xmlText(child(node, 'group')),
    version: xmlText(child(node, 'version')),
    purl: xmlText(child(node, 'purl')),
    scope: xmlText(child(node, 'scope')),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (component as unknown as Record<string, string>)[key] = value;
  }
  return component;
}

function flatten(list: unknown, into: SbomComponent[]): void {
  for (const node of children(list, 'component')) {
    into.push(toComponent(node));
    flatten(child(node, 'components'), into);
  }
}

/**
 * @throws InputError INPUT_MALFORMED when the text is not well-formed XML.
 */
export async function readCycloneDxXml(
  file: string,
  text: string,
  specVersion: string,
): Promise<SbomDocument> {
  // Loaded only for XML input: most scans read JSON.
  const problem = xmlStructureProblem(text);
  if (problem)
    throw new InputError({ code: 'INPUT_MALFORMED', file, message: `not well-formed XML: ${problem}` });
  const { create } = await import('xmlbuilder2');
  let parsed: unknown;
  try {
    parsed = create(text.replace(/^\uFEFF/, '')).end({ format: 'object' });
  } catch (error) {
    throw new InputError({
      code: 'INPUT_MALFORMED',
      file,
      message: `not well-formed XML: ${(error as Error).message}`,
      cause: error,
    });
  }
  const bom = child(parsed, 'bom');
  const components: SbomComponent[] = [];
  flatten(child(bom, 'components'), components);
  const rootNode = child(child(bom, 'metadata'), 'component');
  const result: SbomDocument = { format: 'cyclonedx-xml', specVersion, components };
  if (rootNode !== undefined) {
    const root = toComponent(rootNode);
    flatten(child(rootNode, 'components'), components);
    result.root = root;
    result.rootName = root.group ? `${root.group}/${root.name}` : root.name;
  }
  const serialNumber = attribute(bom, 'serialNumber');
  if (serialNumber) result.serialNumber = serialNumber;
  const version = attribute(bom, 'version');
  if (version && /^\d+$/.test(version)) result.bomVersion = Number(version);
  return result;
}
