/**
 * CycloneDX XML against the official XSD of its namespace version, with libxml2's xmllint compiled to
 * WebAssembly (xmllint-wasm): the same engine the library's libxmljs2 validator wraps, without a native
 * build. It runs in a worker on an in-memory file system, so it can neither fetch nor read local files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { XMLFileInfo } from 'xmllint-wasm';
import { InputError, InternalError } from '../../errors.js';
import { cycloneDxSchemaDirectory } from './cyclonedx-json-schema.js';
import type { CycloneDxXmlVersion } from './detect-sbom-format.js';
import type { ValidationIssue } from './validation-issue.js';

/** Every bom XSD imports this one by the relative `schemaLocation="spdx.SNAPSHOT.xsd"`. */
const spdxXsdName = 'spdx.SNAPSHOT.xsd';

/** The name the document has inside xmllint's file system; the user's path may not be a safe one. */
const documentName = 'sbom.xml';

const xsdCache = new Map<CycloneDxXmlVersion, Promise<XMLFileInfo[]>>();

/**
 * The XSDs state "every bom-ref is unique" (`<xs:unique name="bom-ref">`) but not that a dependency's
 * `ref` names one of them, which CycloneDX 1.6 "dependencies" requires (`refLinkType`: "an element
 * identified by the attribute 'bom-ref' in the same BOM document"). An `xs:keyref` onto that unique
 * constraint says it in the schema's own terms. XSD 1.0 §3.11.6 selector paths allow `//` only at the
 * start, so nesting is spelled out: the top-level entries, their `dependency`/`provides` children, and
 * one level more (the CycloneDX tools write two levels; JSON has no deeper equivalent).
 */
const dependencyKeyref = [
  '<xs:keyref name="dependency-ref" refer="bom:bom-ref">',
  '<xs:selector xpath="bom:dependencies/bom:dependency',
  '|bom:dependencies/bom:dependency/bom:dependency|bom:dependencies/bom:dependency/bom:provides',
  '|bom:dependencies/bom:dependency/bom:dependency/bom:dependency',
  '|bom:dependencies/bom:dependency/bom:dependency/bom:provides"/>',
  '<xs:field xpath="@ref"/>',
  '</xs:keyref>',
].join('');

const uniqueBomRef = /<xs:unique name="bom-ref">[\s\S]*?<\/xs:unique>/;

/** 1.0 and 1.1 have no dependency graph; from 1.2 on the keyref is added after the unique constraint. */
function withDependencyKeyref(version: CycloneDxXmlVersion, xsd: string): string {
  if (version === '1.0' || version === '1.1') return xsd;
  if (!uniqueBomRef.test(xsd)) throw new InternalError(`bom-${version} XSD has no bom-ref unique constraint`);
  return xsd.replace(uniqueBomRef, (constraint) => `${constraint}${dependencyKeyref}`);
}

function schemaFiles(version: CycloneDxXmlVersion): Promise<XMLFileInfo[]> {
  let files = xsdCache.get(version);
  if (files === undefined) {
    const directory = cycloneDxSchemaDirectory();
    const bomXsdName = `bom-${version}.SNAPSHOT.xsd`;
    files = Promise.all([
      readFile(join(directory, bomXsdName), 'utf8').then((contents) => ({
        fileName: bomXsdName,
        contents: withDependencyKeyref(version, contents),
      })),
      readFile(join(directory, spdxXsdName), 'utf8').then((contents) => ({
        fileName: spdxXsdName,
        contents,
      })),
    ]);
    files.catch(() => xsdCache.delete(version));
    xsdCache.set(version, files);
  }
  return files;
}

/**
 * `element component: Schemas validity error : Element '{http://cyclonedx.org/schema/bom/1.6}component',
 * attribute 'type': …` → `Element 'component', attribute 'type': …`: the location is already the path,
 * and the namespace is the document's own.
 */
function simplifyMessage(message: string, namespace: string): string {
  return message
    .replace(/^.*?Schemas validity error : /, '')
    .replaceAll(`{${namespace}}`, '')
    .replace(
      /No match found for key-sequence \['(.*)'\] of keyref 'dependency-ref'\./,
      (_, ref: string) => `no element of the BOM has bom-ref ${JSON.stringify(ref)}`,
    )
    .trim();
}

/** libxml2 reports a document it cannot parse as `parser error` or `namespace error` lines. */
const notWellFormed = /^(?:parser|namespace) error : /;

/**
 * @throws InputError INPUT_MALFORMED when the document is not well-formed XML (xmllint cannot parse it).
 * @throws InternalError when the shipped XSD does not compile or xmllint itself fails.
 */
export async function validateCycloneDxXmlSchema(
  file: string,
  version: CycloneDxXmlVersion,
  namespace: string,
  text: string,
): Promise<ValidationIssue[]> {
  const [{ validateXML, memoryPages }, [bomXsd, spdxXsd]] = await Promise.all([
    import('xmllint-wasm'),
    schemaFiles(version),
  ]);
  // xmllint-wasm resolves even when the document or the schema cannot be parsed; it rejects only on
  // an exit status it does not know. Either way the output lines say which file failed.
  let result: Awaited<ReturnType<typeof validateXML>>;
  try {
    result = await validateXML({
      xml: [{ fileName: documentName, contents: text }],
      schema: [bomXsd as XMLFileInfo],
      preload: [spdxXsd as XMLFileInfo],
      // The default ceiling (32 MiB) is too low for multi-megabyte BOMs against the 1.6 XSD; memory
      // grows on demand up to this.
      maxMemoryPages: memoryPages.GiB,
    });
  } catch (error) {
    throw new InternalError(`xmllint failed on ${file}`, error);
  }
  if (result.valid) return [];
  const located = result.errors.filter((error) => error.loc !== null);
  if (located.some((error) => error.loc?.fileName !== documentName)) {
    throw new InternalError(`the CycloneDX ${version} XSD did not compile:\n${result.rawOutput}`);
  }
  const parseError = located.find((error) => notWellFormed.test(error.message));
  if (parseError) {
    throw new InputError({
      code: 'INPUT_MALFORMED',
      file,
      message: `not well-formed XML: line ${parseError.loc?.lineNumber}: ${parseError.message.replace(notWellFormed, '')}`,
    });
  }
  const issues = located.map((error) => ({
    path: `line ${error.loc?.lineNumber}`,
    message: simplifyMessage(error.message, namespace),
  }));
  // Fail closed: a failed validation whose output we could not read still fails.
  return issues.length > 0 ? issues : [{ path: '', message: result.rawOutput.trim() || 'xmllint: invalid' }];
}
