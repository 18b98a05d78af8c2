/**
 * SPDX 2.3 JSON validation: the schema of `spdx2-schema.ts` (structure, field formats, vocabularies), then
 * the rules a schema cannot state. Every violation is collected (house style §4), each with a JSON Pointer
 * (RFC 6901) to the offending value.
 */
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { PackageURL } from 'packageurl-js';
import parseSpdxExpression from 'spdx-expression-parse';
import type { ValidationIssue } from '../validate/validation-issue.js';
import { patternDescriptions, spdx2Schema } from './spdx2-schema.js';

export interface Spdx2ValidationResult {
  /** True only when there is no error at all. */
  valid: boolean;
  errors: ValidationIssue[];
}

const nodeRequire = createRequire(import.meta.url);
let compiled: ValidateFunction | undefined;

/**
 * Compiled on first use and kept: only `sbom validate` and tests need ajv, and loading it through
 * `require` here keeps it out of every other command's start-up while letting this stay synchronous.
 */
function schemaValidator(): ValidateFunction {
  if (compiled === undefined) {
    const { Ajv: AjvClass } = nodeRequire('ajv') as typeof import('ajv');
    const addFormats = nodeRequire('ajv-formats') as (ajv: Ajv, formats: string[]) => Ajv;
    const ajv = new AjvClass({ allErrors: true, verbose: true, strict: true, addUsedSchema: false });
    addFormats(ajv, ['date-time', 'uri']);
    compiled = ajv.compile(spdx2Schema);
  }
  return compiled;
}

function pointer(...segments: (string | number)[]): string {
  return segments
    .map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`)
    .join('');
}

function describeEnum(data: unknown, allowed: readonly unknown[]): string {
  const found = JSON.stringify(data);
  return allowed.length <= 20
    ? `${found} is not one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}`
    : `${found} is not one of the ${allowed.length} values SPDX 2.3 defines here`;
}

/** Ajv's error, reworded to name the rule and to point at the property concerned, not its parent. */
function toIssue(error: ErrorObject): ValidationIssue | undefined {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    // The failing `then` branch reports its own, more precise, error.
    case 'if':
      return undefined;
    case 'required':
      return {
        path: `${error.instancePath}${pointer(String(params.missingProperty))}`,
        message: 'is required by SPDX 2.3 and missing',
      };
    case 'additionalProperties':
      return {
        path: `${error.instancePath}${pointer(String(params.additionalProperty))}`,
        message: 'is not an SPDX 2.3 property here',
      };
    case 'const':
      if (error.instancePath === '/spdxVersion') {
        return {
          path: error.instancePath,
          message: `is ${JSON.stringify(error.data)}; this validator checks SPDX-2.3 documents only`,
        };
      }
      return { path: error.instancePath, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'enum':
      return {
        path: error.instancePath,
        message: describeEnum(error.data, params.allowedValues as unknown[]),
      };
    case 'pattern': {
      const description = patternDescriptions[String(params.pattern)];
      return {
        path: error.instancePath,
        message: `${JSON.stringify(error.data)} ${description ?? `must match ${String(params.pattern)}`}`,
      };
    }
    case 'format':
      return {
        path: error.instancePath,
        message: `${JSON.stringify(error.data)} is not a valid ${params.format}`,
      };
    default:
      return { path: error.instancePath, message: error.message ?? `fails ${error.keyword}` };
  }
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objects(value: unknown): [number, JsonObject][] {
  return Array.isArray(value)
    ? value.flatMap((item, index): [number, JsonObject][] => (isObject(item) ? [[index, item]] : []))
    : [];
}

function strings(value: unknown): [number, string][] {
  return Array.isArray(value)
    ? value.flatMap((item, index): [number, string][] => (typeof item === 'string' ? [[index, item]] : []))
    : [];
}

/** The SPDX elements a document defines, where, and of what kind. */
interface Elements {
  byId: Map<string, { path: string; kind: 'document' | 'package' | 'file' | 'snippet' }>;
  externalDocuments: Set<string>;
}

function collectElements(document: JsonObject, issues: ValidationIssue[]): Elements {
  const byId: Elements['byId'] = new Map();
  const define = (id: unknown, path: string, kind: 'document' | 'package' | 'file' | 'snippet'): void => {
    if (typeof id !== 'string') return;
    const first = byId.get(id);
    // Clause 7.2 et al.: the idstring is "unique" within the document.
    if (first) issues.push({ path, message: `duplicates the SPDXID ${id} defined at ${first.path}` });
    else byId.set(id, { path, kind });
  };
  define(document.SPDXID, '/SPDXID', 'document');
  for (const [list, kind] of [
    ['packages', 'package'],
    ['files', 'file'],
    ['snippets', 'snippet'],
  ] as const) {
    for (const [index, element] of objects(document[list]))
      define(element.SPDXID, pointer(list, index, 'SPDXID'), kind);
  }
  const externalDocuments = new Set<string>();
  for (const [index, reference] of objects(document.externalDocumentRefs)) {
    const id = reference.externalDocumentId;
    if (typeof id !== 'string') continue;
    if (externalDocuments.has(id)) {
      issues.push({
        path: pointer('externalDocumentRefs', index, 'externalDocumentId'),
        message: `duplicates ${id}`,
      });
    }
    externalDocuments.add(id);
  }
  return { byId, externalDocuments };
}

/**
 * Clauses 9.2, 11.1, 12.4: a reference names an element of this document, or `DocumentRef-x:SPDXRef-y`
 * with `DocumentRef-x` declared in `externalDocumentRefs` (clause 6.6).
 */
function checkReference(
  elements: Elements,
  reference: unknown,
  path: string,
  issues: ValidationIssue[],
  options: { keywords?: boolean; kind?: 'file' } = {},
): void {
  if (typeof reference !== 'string') return;
  if (options.keywords && (reference === 'NONE' || reference === 'NOASSERTION')) return;
  const external = /^(DocumentRef-[^:]+):SPDXRef-/.exec(reference);
  if (external) {
    if (!elements.externalDocuments.has(external[1] as string)) {
      issues.push({
        path,
        message: `${reference} names ${external[1]}, which externalDocumentRefs does not declare`,
      });
    }
    return;
  }
  const element = elements.byId.get(reference);
  if (element === undefined)
    issues.push({ path, message: `${reference} is not an SPDXID defined in this document` });
  else if (options.kind && element.kind !== options.kind) {
    issues.push({ path, message: `${reference} is a ${element.kind}, not a ${options.kind}` });
  }
}

function checkReferences(document: JsonObject, elements: Elements, issues: ValidationIssue[]): void {
  for (const [index, id] of strings(document.documentDescribes)) {
    checkReference(elements, id, pointer('documentDescribes', index), issues);
  }
  for (const [index, relationship] of objects(document.relationships)) {
    checkReference(
      elements,
      relationship.spdxElementId,
      pointer('relationships', index, 'spdxElementId'),
      issues,
    );
    checkReference(
      elements,
      relationship.relatedSpdxElement,
      pointer('relationships', index, 'relatedSpdxElement'),
      issues,
      {
        keywords: true,
      },
    );
  }
  for (const [index, item] of objects(document.packages)) {
    for (const [fileIndex, id] of strings(item.hasFiles)) {
      checkReference(elements, id, pointer('packages', index, 'hasFiles', fileIndex), issues, {
        kind: 'file',
      });
    }
  }
  for (const [index, snippet] of objects(document.snippets)) {
    checkReference(elements, snippet.snippetFromFile, pointer('snippets', index, 'snippetFromFile'), issues, {
      kind: 'file',
    });
    for (const [rangeIndex, range] of objects(snippet.ranges)) {
      for (const end of ['startPointer', 'endPointer'] as const) {
        const rangePointer = range[end];
        if (isObject(rangePointer)) {
          checkReference(
            elements,
            rangePointer.reference,
            pointer('snippets', index, 'ranges', rangeIndex, end, 'reference'),
            issues,
            {
              kind: 'file',
            },
          );
        }
      }
    }
  }
}

/**
 * Clause 11.1: DESCRIBES "is mandatory if more than one package or set of files" is present; the JSON
 * `documentDescribes` list says the same.
 */
function checkDescribes(document: JsonObject, issues: ValidationIssue[]): void {
  const elementCount = objects(document.packages).length + objects(document.files).length;
  const describes =
    strings(document.documentDescribes).length > 0 ||
    objects(document.relationships).some(
      ([, relationship]) =>
        (relationship.spdxElementId === 'SPDXRef-DOCUMENT' &&
          relationship.relationshipType === 'DESCRIBES') ||
        (relationship.relatedSpdxElement === 'SPDXRef-DOCUMENT' &&
          relationship.relationshipType === 'DESCRIBED_BY'),
    );
  if (elementCount > 1 && !describes) {
    issues.push({
      path: '/documentDescribes',
      message:
        'the document holds several packages and files but describes none (SPDX 2.3 clause 11.1 DESCRIBES)',
    });
  }
}

/** Clauses 7.8, 7.9, 7.14: a package whose files were not analysed lists no files, code or file licences. */
function checkFilesAnalyzed(document: JsonObject, issues: ValidationIssue[]): void {
  for (const [index, item] of objects(document.packages)) {
    if (item.filesAnalyzed !== false) continue;
    if (Array.isArray(item.hasFiles) && item.hasFiles.length > 0) {
      issues.push({
        path: pointer('packages', index, 'hasFiles'),
        message: 'must be empty when filesAnalyzed is false (clause 7.8)',
      });
    }
    for (const field of ['packageVerificationCode', 'licenseInfoFromFiles'] as const) {
      if (item[field] !== undefined) {
        issues.push({
          path: pointer('packages', index, field),
          message: 'must be omitted when filesAnalyzed is false (clauses 7.9, 7.14)',
        });
      }
    }
  }
}

/** Clause 8.4: every file has exactly one SHA1 checksum. */
function checkFileChecksums(document: JsonObject, issues: ValidationIssue[]): void {
  for (const [index, file] of objects(document.files)) {
    if (!Array.isArray(file.checksums)) continue;
    const sha1Count = objects(file.checksums).filter(([, checksum]) => checksum.algorithm === 'SHA1').length;
    if (sha1Count !== 1) {
      issues.push({
        path: pointer('files', index, 'checksums'),
        message: `must hold exactly one SHA1 checksum, holds ${sha1Count} (clause 8.4)`,
      });
    }
  }
}

/** The leaves of a parsed expression: every licence and `LicenseRef-` it names. */
function licenseLeaves(node: parseSpdxExpression.Info): string[] {
  return 'conjunction' in node ? [...licenseLeaves(node.left), ...licenseLeaves(node.right)] : [node.license];
}

/**
 * Annex D and clause 10.1: a licence field is NONE, NOASSERTION or an SPDX license expression over SPDX
 * License List identifiers and `LicenseRef-`s this document defines in `hasExtractedLicensingInfos`.
 */
function checkLicenses(document: JsonObject, issues: ValidationIssue[]): void {
  const defined = new Map<string, string>();
  for (const [index, info] of objects(document.hasExtractedLicensingInfos)) {
    if (typeof info.licenseId !== 'string') continue;
    const path = pointer('hasExtractedLicensingInfos', index, 'licenseId');
    const first = defined.get(info.licenseId);
    if (first) issues.push({ path, message: `duplicates the licence ${info.licenseId} defined at ${first}` });
    else defined.set(info.licenseId, path);
  }
  const check = (value: unknown, path: string): void => {
    if (typeof value !== 'string' || value === 'NONE' || value === 'NOASSERTION' || value === '') return;
    let parsed: parseSpdxExpression.Info;
    try {
      parsed = parseSpdxExpression(value);
    } catch {
      issues.push({
        path,
        message: `${JSON.stringify(value)} is not NONE, NOASSERTION or an SPDX license expression over SPDX License List identifiers (Annex D)`,
      });
      return;
    }
    for (const leaf of licenseLeaves(parsed)) {
      if (leaf.startsWith('LicenseRef-') && !defined.has(leaf)) {
        issues.push({ path, message: `${leaf} is not defined in hasExtractedLicensingInfos (clause 10.1)` });
      }
    }
  };
  for (const [list, singles, multiples] of [
    ['packages', ['licenseConcluded', 'licenseDeclared'], 'licenseInfoFromFiles'],
    ['files', ['licenseConcluded'], 'licenseInfoInFiles'],
    ['snippets', ['licenseConcluded'], 'licenseInfoInSnippets'],
  ] as const) {
    for (const [index, element] of objects(document[list])) {
      for (const field of singles) check(element[field], pointer(list, index, field));
      for (const [position, value] of strings(element[multiples]))
        check(value, pointer(list, index, multiples, position));
    }
  }
}

/** Annex F.3.5: a `purl` external reference's locator is a package URL. */
function checkPackageUrls(document: JsonObject, issues: ValidationIssue[]): void {
  for (const [index, item] of objects(document.packages)) {
    for (const [refIndex, reference] of objects(item.externalRefs)) {
      if (reference.referenceType !== 'purl' || typeof reference.referenceLocator !== 'string') continue;
      try {
        PackageURL.fromString(reference.referenceLocator);
      } catch (error) {
        issues.push({
          path: pointer('packages', index, 'externalRefs', refIndex, 'referenceLocator'),
          message: `is not a valid package URL: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
  }
}

/**
 * Validates a parsed SPDX 2.3 JSON document. Documents of another version (SPDX-2.2, SPDX 3 JSON-LD) are
 * reported invalid, with the version named, never half-checked as if they were 2.3.
 */
export function validateSpdx2Json(document: unknown): Spdx2ValidationResult {
  if (!isObject(document)) {
    return { valid: false, errors: [{ path: '', message: 'an SPDX 2.3 JSON document is a JSON object' }] };
  }
  if ('@context' in document || '@graph' in document) {
    return {
      valid: false,
      errors: [
        { path: '', message: 'this is SPDX 3 JSON-LD (@context/@graph), not an SPDX 2.3 JSON document' },
      ],
    };
  }
  const validate = schemaValidator();
  const issues: ValidationIssue[] = [];
  if (!validate(document)) {
    for (const error of validate.errors ?? []) {
      const issue = toIssue(error);
      if (issue) issues.push(issue);
    }
  }
  const elements = collectElements(document, issues);
  checkReferences(document, elements, issues);
  checkDescribes(document, issues);
  checkFilesAnalyzed(document, issues);
  checkFileChecksums(document, issues);
  checkLicenses(document, issues);
  checkPackageUrls(document, issues);
  return { valid: issues.length === 0, errors: issues };
}
