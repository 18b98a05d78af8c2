/**
 * Tells which SBOM format and version a file is from its content alone, never from its name: a
 * `bom.json` may be SPDX, and a CycloneDX 1.6 file may be named `bom-1.4.json`.
 */
import { InputError } from '../../errors.js';

export type SbomFormat = 'cyclonedx-json' | 'cyclonedx-xml' | 'spdx-json';

/** CycloneDX JSON exists from 1.2 on (1.0 and 1.1 were XML only); these are the schemas we ship. */
export const cycloneDxJsonVersions = ['1.2', '1.3', '1.4', '1.5', '1.6', '1.7'] as const;
export type CycloneDxJsonVersion = (typeof cycloneDxJsonVersions)[number];

/** Every CycloneDX XML namespace `http://cyclonedx.org/schema/bom/<version>` with an XSD. */
export const cycloneDxXmlVersions = ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7'] as const;
export type CycloneDxXmlVersion = (typeof cycloneDxXmlVersions)[number];

/** SPDX defines a JSON serialisation from 2.2 on (SPDX 2.2 §"JSON"); 3.0 is JSON-LD, another model. */
export const spdxJsonVersions = ['2.2', '2.3'] as const;
export type SpdxJsonVersion = (typeof spdxJsonVersions)[number];

export interface CycloneDxJsonSbom {
  format: 'cyclonedx-json';
  specVersion: CycloneDxJsonVersion;
  document: Record<string, unknown>;
}
export interface SpdxJsonSbom {
  format: 'spdx-json';
  specVersion: SpdxJsonVersion;
  document: Record<string, unknown>;
}
export interface CycloneDxXmlSbom {
  format: 'cyclonedx-xml';
  specVersion: CycloneDxXmlVersion;
  namespace: string;
}
export type DetectedSbom = CycloneDxJsonSbom | SpdxJsonSbom | CycloneDxXmlSbom;

const cycloneDxNamespacePrefix = 'http://cyclonedx.org/schema/bom/';

function malformed(file: string, message: string, cause?: unknown): InputError {
  return new InputError({ code: 'INPUT_MALFORMED', file, message, cause });
}

function unsupported(file: string, message: string): InputError {
  return new InputError({ code: 'INPUT_UNSUPPORTED', file, message });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function includes<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/**
 * RFC 8259 §8.1: JSON exchanged between systems must be UTF-8; a decoder that substitutes U+FFFD would
 * let a corrupt file validate, so decoding is fatal. A leading byte-order mark is tolerated, as JSON
 * parsers "MAY ignore" it.
 */
export function decodeUtf8(file: string, content: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(content);
  } catch (error) {
    throw malformed(file, 'not UTF-8 text', error);
  }
}

/** JSON.parse with an InputError that names the file and says where parsing stopped. */
export function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw malformed(file, `not valid JSON: ${(error as Error).message}`, error);
  }
}

/**
 * A document claims to be CycloneDX when it has CycloneDX's own `bomFormat` key (whatever its value) or a
 * `$schema` on cyclonedx.org. A wrong `bomFormat` value is then reported as a violation at `/bomFormat`
 * (the spec tests' `invalid-bomformat-*`), which says more than "unknown format".
 *
 * @throws InputError INPUT_UNSUPPORTED for other JSON documents, SPDX 3 JSON-LD, and unknown versions.
 */
export function detectJsonSbom(file: string, document: unknown): CycloneDxJsonSbom | SpdxJsonSbom {
  if (!isRecord(document)) throw unsupported(file, 'a JSON SBOM is an object; this is not');
  const schemaUri = typeof document.$schema === 'string' ? document.$schema : '';
  if ('bomFormat' in document || /^https?:\/\/cyclonedx\.org\/schema\//.test(schemaUri)) {
    const specVersion = document.specVersion;
    if (!includes(cycloneDxJsonVersions, specVersion)) {
      throw unsupported(
        file,
        `CycloneDX JSON specVersion ${JSON.stringify(specVersion)} is not one of ${cycloneDxJsonVersions.join(', ')}`,
      );
    }
    return { format: 'cyclonedx-json', specVersion, document };
  }
  if ('spdxVersion' in document) {
    const declared = document.spdxVersion;
    const specVersion = typeof declared === 'string' ? declared.replace(/^SPDX-/, '') : declared;
    if (!includes(spdxJsonVersions, specVersion)) {
      throw unsupported(
        file,
        `SPDX JSON spdxVersion ${JSON.stringify(declared)} is not one of ${spdxJsonVersions.map((v) => `SPDX-${v}`).join(', ')}`,
      );
    }
    return { format: 'spdx-json', specVersion, document };
  }
  if (JSON.stringify(document['@context'] ?? '').includes('spdx.org/rdf/3')) {
    throw unsupported(file, 'SPDX 3 JSON-LD is not supported; SPDX 2.2/2.3 JSON and CycloneDX are');
  }
  throw unsupported(file, 'JSON but neither CycloneDX (bomFormat) nor SPDX 2 (spdxVersion)');
}

/** XML 1.0 §2.8 prolog items that may precede the root element. */
const prologItem = /^\s*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->)/;

/**
 * Reads the namespace of the root element without an XML parser: the prolog is skipped and the root's
 * start tag read. Full well-formedness is xmllint's job afterwards; this only picks the XSD.
 *
 * @throws InputError INPUT_UNSAFE for a DOCTYPE (CycloneDX never needs one, and DTDs are how XXE and
 *   entity-expansion attacks arrive), INPUT_MALFORMED when no start tag can be read, INPUT_UNSUPPORTED
 *   for a root other than a CycloneDX `bom` of a known version.
 */
export function detectXmlSbom(file: string, text: string): CycloneDxXmlSbom {
  let rest = text.replace(/^\uFEFF/, '');
  for (let match = prologItem.exec(rest); match; match = prologItem.exec(rest)) {
    rest = rest.slice(match[0].length);
  }
  rest = rest.trimStart();
  if (rest.startsWith('<!DOCTYPE')) {
    throw new InputError({
      code: 'INPUT_UNSAFE',
      file,
      message: 'XML with a DOCTYPE declaration is refused; CycloneDX XML does not use DTDs',
    });
  }
  const startTag =
    /^<([A-Za-z_][\w.-]*)(?::([A-Za-z_][\w.-]*))?((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/.exec(
      rest,
    );
  if (!startTag) throw malformed(file, 'not well-formed XML: no root element start tag');
  const [, first, second, attributeText = ''] = startTag;
  const prefix = second === undefined ? undefined : first;
  const localName = second ?? first;
  const attributes = new Map<string, string>();
  for (const attribute of attributeText.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attributes.set(attribute[1] as string, attribute[2] ?? attribute[3] ?? '');
  }
  const namespace = attributes.get(prefix === undefined ? 'xmlns' : `xmlns:${prefix}`) ?? '';
  if (localName !== 'bom' || !namespace.startsWith(cycloneDxNamespacePrefix)) {
    throw unsupported(
      file,
      `XML root element {${namespace}}${localName} is not a CycloneDX {${cycloneDxNamespacePrefix}1.x}bom`,
    );
  }
  const specVersion = namespace.slice(cycloneDxNamespacePrefix.length);
  if (!includes(cycloneDxXmlVersions, specVersion)) {
    throw unsupported(
      file,
      `CycloneDX XML namespace ${namespace} is not one of versions ${cycloneDxXmlVersions.join(', ')}`,
    );
  }
  return { format: 'cyclonedx-xml', specVersion, namespace };
}

/**
 * An SPDX 3 document: JSON-LD whose `@context` is the SPDX 3 context (SPDX 3.0.1 "Serialization").
 * Returns the parsed document, or undefined for anything else (left to `detectSbom`).
 *
 * @throws InputError INPUT_MALFORMED when it looks like SPDX 3 but is not valid JSON.
 */
export function detectSpdx3(file: string, text: string): Record<string, unknown> | undefined {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (!start.startsWith('{') || !start.slice(0, 4096).includes('spdx.org/rdf/3')) return undefined;
  const document = parseJsonText(file, start);
  if (!isRecord(document)) return undefined;
  return JSON.stringify(document['@context'] ?? '').includes('spdx.org/rdf/3') ? document : undefined;
}

/**
 * @throws InputError INPUT_MALFORMED (empty, not UTF-8, broken JSON, no XML root) or INPUT_UNSUPPORTED
 *   (another format or an unknown version); INPUT_UNSAFE for XML with a DOCTYPE.
 */
export function detectSbom(file: string, content: Uint8Array): { detected: DetectedSbom; text: string } {
  const text = decodeUtf8(file, content);
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start === '') throw malformed(file, 'empty file');
  if (start.startsWith('{') || start.startsWith('[')) {
    return { detected: detectJsonSbom(file, parseJsonText(file, start)), text };
  }
  if (start.startsWith('<')) return { detected: detectXmlSbom(file, start), text };
  if (/^SPDXVersion:/m.test(start)) {
    throw unsupported(file, 'SPDX tag-value is not supported; convert it to SPDX JSON first');
  }
  throw unsupported(file, 'neither JSON nor XML; expected CycloneDX JSON/XML or SPDX 2 JSON');
}
