/**
 * CycloneDX JSON against the official JSON Schema of its specVersion, the copies that
 * `@cyclonedx/cyclonedx-library` ships under `res/schema/`, set up as the library's own
 * `Validation.JsonStrictValidator` does (src/_optPlug.node/__jsonValidators/ajv.ts, src/resources.node.ts).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Ajv, ErrorObject, SchemaValidateFunction, ValidateFunction } from 'ajv';
import { canonicalJson } from './canonical-json.js';
import { pointerToken } from './cyclonedx-references.js';
import type { CycloneDxJsonVersion } from './detect-sbom-format.js';
import type { ValidationIssue } from './validation-issue.js';

const nodeRequire = createRequire(import.meta.url);

/** The library's `res/schema` folder, found through its package.json so hoisting does not matter. */
export function cycloneDxSchemaDirectory(): string {
  return join(dirname(nodeRequire.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
}

/**
 * JsonStrictValidator's choice: 1.2 and 1.3 have `-strict` variants that forbid unknown properties;
 * from 1.4 on the regular schema already says `additionalProperties: false`.
 */
const schemaFiles: Readonly<Record<CycloneDxJsonVersion, string>> = {
  '1.2': 'bom-1.2-strict.SNAPSHOT.schema.json',
  '1.3': 'bom-1.3-strict.SNAPSHOT.schema.json',
  '1.4': 'bom-1.4.SNAPSHOT.schema.json',
  '1.5': 'bom-1.5.SNAPSHOT.schema.json',
  '1.6': 'bom-1.6.SNAPSHOT.schema.json',
  '1.7': 'bom-1.7.SNAPSHOT.schema.json',
};

/**
 * The bom schemas `$ref` these relative to their `$id` (`http://cyclonedx.org/schema/bom-1.6.schema.json`),
 * so they are registered under the resolved URI; nothing is ever fetched.
 */
const referencedSchemas: Readonly<Record<string, string>> = {
  'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json': 'spdx.SNAPSHOT.schema.json',
  'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json': 'jsf-0.82.SNAPSHOT.schema.json',
  'http://cyclonedx.org/schema/cryptography-defs.SNAPSHOT.schema.json':
    'cryptography-defs.SNAPSHOT.schema.json',
};

async function readSchema(directory: string, name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(directory, name), 'utf8')) as Record<string, unknown>;
}

/**
 * JSON Schema draft-07 §6.4.3 `uniqueItems`, with the draft's notion of equality (same JSON value, key
 * order ignored) computed by hashing each item's canonical form. Ajv's built-in compares object items
 * pairwise with deep-equal, O(n²): on the 1.9 MB juice-shop SBOM that was ~200 ms of ~250 ms.
 */
const uniqueItems: SchemaValidateFunction = (schema: unknown, data: unknown): boolean => {
  const errors: Partial<ErrorObject>[] = [];
  if (schema === true && Array.isArray(data)) {
    const seen = new Map<string, number>();
    for (const [index, item] of data.entries()) {
      const key = canonicalJson(item);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else
        errors.push({
          keyword: 'uniqueItems',
          params: { i: index, j: first },
          message: `must NOT have duplicate items (items ## ${first} and ${index} are identical)`,
        });
    }
  }
  uniqueItems.errors = errors;
  return errors.length === 0;
};

async function createAjv(directory: string): Promise<Ajv> {
  // Loaded here, not at module load: only `sbom validate` (and tests) pay for ajv (scripts/build.mjs).
  const { Ajv } = await import('ajv');
  const addFormats = nodeRequire('ajv-formats') as typeof import('ajv-formats').default;
  const addFormats2019 = nodeRequire('ajv-formats-draft2019') as (
    ajv: Ajv,
    options: { formats: string[] },
  ) => Ajv;
  const schemas = Object.fromEntries(
    await Promise.all(
      Object.entries(referencedSchemas).map(
        async ([uri, name]) => [uri, await readSchema(directory, name)] as const,
      ),
    ),
  );
  const ajv = new Ajv({
    // As the library: never alter the data, tolerate the schemas' non-standard keywords (`meta:enum`),
    // never load a remote schema.
    useDefaults: false,
    strict: false,
    strictSchema: false,
    addUsedSchema: false,
    // The shipped schemas are trusted; checking them against the draft-07 meta-schema is start-up time.
    validateSchema: false,
    // Report every violation, not only the first.
    allErrors: true,
    // Compiling is most of a validation's time. Each `$ref`'d definition compiled once as its own function,
    // and no optimisation passes over the generated code: the 1.6 schema compiles in ~120 ms instead of
    // ~230 ms, and validates the 1.9 MB juice-shop SBOM as fast.
    inlineRefs: false,
    code: { optimize: false },
    loadSchema: (uri: string) => Promise.reject(new Error(`remote schemas are disabled: ${uri}`)),
    schemas,
  });
  addFormats(ajv);
  addFormats2019(ajv, { formats: ['idn-email'] });
  // No conforming RFC 3987 checker exists for ajv (luzlab/ajv-formats-draft2019#22); the library
  // accepts any string too.
  ajv.addFormat('iri-reference', true);
  ajv.removeKeyword('uniqueItems');
  ajv.addKeyword({
    keyword: 'uniqueItems',
    type: 'array',
    schemaType: 'boolean',
    errors: true,
    validate: uniqueItems,
  });
  return ajv;
}

let ajvInstance: Promise<Ajv> | undefined;
const validators = new Map<CycloneDxJsonVersion, Promise<ValidateFunction>>();

/**
 * The compiled validator of one version, compiled on first use and kept for the process: compiling takes
 * ~120 ms for 1.6 (see the options below), validating the 1.9 MB juice-shop BOM with it 35–70 ms.
 */
export function cycloneDxJsonValidator(version: CycloneDxJsonVersion): Promise<ValidateFunction> {
  let validator = validators.get(version);
  if (validator === undefined) {
    const directory = cycloneDxSchemaDirectory();
    if (ajvInstance === undefined) {
      ajvInstance = createAjv(directory);
      ajvInstance.catch(() => {
        ajvInstance = undefined;
      });
    }
    const instance = ajvInstance;
    validator = (async () => {
      const [ajv, schema] = await Promise.all([instance, readSchema(directory, schemaFiles[version])]);
      return ajv.compile(schema);
    })();
    // A failed compilation (unreadable schema) must not be cached forever.
    validator.catch(() => validators.delete(version));
    validators.set(version, validator);
  }
  return validator;
}

/** At most this many allowed values are quoted; the SPDX licence id enum alone has 700. */
const maximumAllowedValues = 12;

function describeAllowedValues(values: unknown[]): string {
  const shown = values.slice(0, maximumAllowedValues).map((value) => JSON.stringify(value));
  const more = values.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? `, … (${more} more)` : ''}`;
}

/**
 * Ajv's error as an issue that points at the value concerned: a missing or unexpected property is named
 * in the path itself (as the SPDX validator does), not left in the message under its parent's path.
 */
export function issueOfAjvError(error: ErrorObject): ValidationIssue {
  const params = error.params as Record<string, unknown>;
  const at = error.instancePath;
  switch (error.keyword) {
    case 'required':
      return {
        path: `${at}/${pointerToken(String(params.missingProperty))}`,
        message: 'is required and missing',
      };
    case 'additionalProperties':
      return {
        path: `${at}/${pointerToken(String(params.additionalProperty))}`,
        message: 'is not a property the schema allows here',
      };
    case 'enum':
      return {
        path: at,
        message: `must be one of the allowed values: ${describeAllowedValues(params.allowedValues as unknown[])}`,
      };
    case 'const':
      return { path: at, message: `must be ${JSON.stringify(params.allowedValue)}` };
    default:
      return { path: at, message: error.message ?? `fails ${error.keyword}` };
  }
}

/** Ajv errors as issues at their JSON Pointer (RFC 6901; `""` is the whole document). */
export async function validateCycloneDxJsonSchema(
  version: CycloneDxJsonVersion,
  document: unknown,
): Promise<ValidationIssue[]> {
  const validate = await cycloneDxJsonValidator(version);
  if (validate(document)) return [];
  return (validate.errors ?? []).map(issueOfAjvError);
}
