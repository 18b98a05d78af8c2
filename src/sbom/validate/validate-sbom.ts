/**
 * `veriship sbom validate`: one SBOM file in, a report of every violation out. The format and version
 * come from the content; the schema is the official one of that version.
 */
import { InputError } from '../../errors.js';
import { validateSpdx2Json } from '../spdx/validate-spdx2.js';
import { validateCycloneDxJsonSchema } from './cyclonedx-json-schema.js';
import { checkCycloneDxReferences } from './cyclonedx-references.js';
import { validateCycloneDxXmlSchema } from './cyclonedx-xml-schema.js';
import { detectSbom, type SbomFormat } from './detect-sbom-format.js';
import type { ValidationIssue } from './validation-issue.js';

export type { SbomFormat } from './detect-sbom-format.js';
export type { ValidationIssue } from './validation-issue.js';

export interface ValidationReport {
  file: string;
  format: SbomFormat;
  /** As the document declares it: `1.6` for CycloneDX, `2.3` for SPDX (`spdxVersion` without `SPDX-`). */
  specVersion: string;
  /** True only when there is no error at all (house style §4: fail closed). */
  valid: boolean;
  /** Sorted by path (array indexes and line numbers numerically), then message. */
  errors: ValidationIssue[];
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
 * and SPDX 2.3 JSON (`validateSpdx2Json`).
 *
 * @param path Names the file in the report and in errors; nothing is read from it.
 * @throws InputError INPUT_MALFORMED when the content cannot be parsed (empty, not UTF-8, broken JSON or
 *   XML), INPUT_UNSUPPORTED for another format or version (SPDX 2.2 included), INPUT_UNSAFE for XML with
 *   a DOCTYPE.
 * @throws InternalError when a shipped schema does not compile or xmllint fails.
 */
export async function validateSbom(path: string, content: Buffer): Promise<ValidationReport> {
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
  };
}
