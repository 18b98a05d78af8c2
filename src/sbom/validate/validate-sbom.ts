/**
 * `veriship sbom validate`: one SBOM file in, a report of every violation out. The format and version
 * come from the content; the schema is the official one of that version.
 */
import { InputError } from '../../errors.js';
import { validateSpdx2Json } from '../spdx/validate-spdx2.js';
import { uncheckedSpdx3Classes, validateSpdx3JsonLd } from '../spdx/validate-spdx3.js';
import { validateCycloneDxJsonSchema } from './cyclonedx-json-schema.js';
import { checkCycloneDxReferences } from './cyclonedx-references.js';
import { validateCycloneDxXmlSchema } from './cyclonedx-xml-schema.js';
import { decodeUtf8, detectSbom, detectSpdx3, type SbomFormat } from './detect-sbom-format.js';
import type { ValidationIssue } from './validation-issue.js';

export type { SbomFormat } from './detect-sbom-format.js';
export type { ValidationIssue } from './validation-issue.js';

export interface ValidationReport {
  file: string;
  format: SbomFormat | 'spdx3-json';
  /** As the document declares it: `1.6` for CycloneDX, `2.3` for SPDX (`spdxVersion` without `SPDX-`). */
  specVersion: string;
  /** True only when there is no error at all (house style §4: fail closed). */
  valid: boolean;
  /** Sorted by path (array indexes and line numbers numerically), then message. */
  errors: ValidationIssue[];
  /** What was checked, when it is not an official schema (SPDX 2.3 and 3: none is bundled). */
  coverage?: string;
}

/** No package ships SPDX 2.3's official JSON schema: say what was checked instead of claiming it. */
const spdx2Coverage =
  'a JSON schema written from the SPDX 2.3 specification (no package ships the official one), plus reference checks';

const spdx3Coverage =
  'structural checks of the Core, Software and SimpleLicensing classes (references, required properties, vocabularies, digests, PURLs, licence expressions); not the SPDX JSON schema or SHACL shapes';

/**
 * SPDX 3.0.1 JSON-LD through `validateSpdx3JsonLd`. A document of another 3.x version, or one that uses
 * classes of profiles that validator does not know, is unsupported rather than judged: calling it invalid
 * for them would be wrong, and calling it valid without checking them would say more than we know.
 */
function validateSpdx3(path: string, document: Record<string, unknown>): ValidationReport {
  const graph = Array.isArray(document['@graph']) ? document['@graph'] : [];
  const creationInfo = graph.find(
    (node): node is Record<string, unknown> =>
      typeof node === 'object' && node !== null && (node as { type?: unknown }).type === 'CreationInfo',
  );
  const specVersion = typeof creationInfo?.specVersion === 'string' ? creationInfo.specVersion : undefined;
  if (specVersion !== '3.0.1') {
    throw new InputError({
      code: 'INPUT_UNSUPPORTED',
      file: path,
      message: `SPDX ${specVersion ?? '3 without a CreationInfo specVersion'} validation is not supported; SPDX 3.0.1 JSON-LD is`,
    });
  }
  const unchecked = uncheckedSpdx3Classes(document);
  if (unchecked.length > 0) {
    throw new InputError({
      code: 'INPUT_UNSUPPORTED',
      file: path,
      message: `SPDX 3 validation covers the Core, Software and SimpleLicensing profiles; this document also uses ${unchecked.join(', ')}`,
    });
  }
  const result = validateSpdx3JsonLd(document);
  const errors = uniqueSorted(
    result.valid || result.errors.length > 0
      ? result.errors
      : [{ path: '', message: 'the SPDX 3 validator rejected the document without saying why' }],
  );
  return {
    file: path,
    format: 'spdx3-json',
    specVersion,
    valid: errors.length === 0,
    errors,
    coverage: spdx3Coverage,
  };
}

/**
 * Document order for pointers (`/components/9` before `/components/10`) and for `line N`: digit runs
 * compare as numbers, everything else by code point (not `localeCompare`, whose order is the machine's).
 */
function comparePaths(a: string, b: string): number {
  const left = a.match(/\d+|\D+/g) ?? [];
  const right = b.match(/\d+|\D+/g) ?? [];
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const x = left[index] as string;
    const y = right[index] as string;
    if (x === y) continue;
    const numeric = /^\d/.test(x) && /^\d/.test(y);
    if (numeric && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return left.length - right.length;
}

function compareIssues(a: ValidationIssue, b: ValidationIssue): number {
  return comparePaths(a.path, b.path) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** Ajv reports one violation once per failing `anyOf`/`oneOf` branch that reaches it; keep one. */
function uniqueSorted(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues
    .filter((issue) => {
      const key = `${issue.path}\u0000${issue.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(compareIssues);
}

/**
 * Validates CycloneDX JSON 1.2–1.7 (official JSON Schema plus the bom-ref rules of
 * `cyclonedx-references.ts`), CycloneDX XML 1.0–1.7 (official XSD, with a keyref for dependency refs)
 * SPDX 2.3 JSON (`validateSpdx2Json`) and SPDX 3.0.1 JSON-LD (`validateSpdx3JsonLd`, structural checks:
 * see `coverage` in the report).
 *
 * @param path Names the file in the report and in errors; nothing is read from it.
 * @throws InputError INPUT_MALFORMED when the content cannot be parsed (empty, not UTF-8, broken JSON or
 *   XML), INPUT_UNSUPPORTED for another format or version (SPDX 2.2 and 3.0.0 included, and SPDX 3 with
 *   classes of other profiles), INPUT_UNSAFE for XML with
 *   a DOCTYPE.
 * @throws InternalError when a shipped schema does not compile or xmllint fails.
 */
export async function validateSbom(path: string, content: Buffer): Promise<ValidationReport> {
  const spdx3 = detectSpdx3(path, decodeUtf8(path, content));
  if (spdx3) return validateSpdx3(path, spdx3);
  const { detected, text } = detectSbom(path, content);
  let errors: ValidationIssue[];
  switch (detected.format) {
    case 'cyclonedx-json':
      errors = [
        ...(await validateCycloneDxJsonSchema(detected.specVersion, detected.document)),
        ...checkCycloneDxReferences(detected.document),
      ];
      break;
    case 'cyclonedx-xml':
      errors = await validateCycloneDxXmlSchema(path, detected.specVersion, detected.namespace, text);
      break;
    case 'spdx-json': {
      if (detected.specVersion !== '2.3') {
        // The SPDX validator knows SPDX 2.3 only; calling a 2.2 document invalid would be wrong.
        throw new InputError({
          code: 'INPUT_UNSUPPORTED',
          file: path,
          message: `SPDX-${detected.specVersion} validation is not supported; SPDX-2.3 JSON is`,
        });
      }
      const result = validateSpdx2Json(detected.document);
      // Fail closed: a negative verdict without reasons still makes the report invalid.
      errors =
        result.valid || result.errors.length > 0
          ? result.errors
          : [{ path: '', message: 'the SPDX validator rejected the document without saying why' }];
      break;
    }
  }
  const unique = uniqueSorted(errors);
  return {
    file: path,
    format: detected.format,
    specVersion: detected.specVersion,
    valid: unique.length === 0,
    errors: unique,
    ...(detected.format === 'spdx-json' ? { coverage: spdx2Coverage } : {}),
  };
}
