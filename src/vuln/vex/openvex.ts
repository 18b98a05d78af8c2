/**
 * OpenVEX documents (https://github.com/openvex/spec, OPENVEX-SPEC.md), two generations:
 * - v0.2.0 (`@context` https://openvex.dev/ns/v0.2.0): checked field by field against the published JSON
 *   schema (`openvex_json_schema.json`) except that unknown properties are ignored, as a JSON-LD consumer
 *   ignores unknown terms (vexctl's own samples carry a `statement` field the schema does not list);
 * - the legacy form (`https://openvex.dev/ns` or `/ns/v0.0.1`): products as PURL strings, the
 *   vulnerability as a string, statement-level `subcomponents`; read as go-vex's compatibility parser
 *   does (pkg/vex/compat.go), accepting the structured forms too since the unversioned context was used
 *   with both.
 * Both are normalised to VexStatement.
 */
import { canonicalJson } from '../../sbom/validate/canonical-json.js';
import { DocumentReader, type JsonRecord } from './document-reader.js';
import { parsePurl } from './purl-match.js';
import { VexError } from './vex-error.js';
import type { ParsedVexDocument, ProductSelector, VexStatement, VexWarning } from './vex-statement.js';

export const openVexStatuses = ['not_affected', 'affected', 'fixed', 'under_investigation'] as const;
export type OpenVexStatus = (typeof openVexStatuses)[number];

/** OPENVEX-SPEC "Status Justifications" (the CISA VEX Status Justifications of June 2022). */
export const openVexJustifications = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;
export type OpenVexJustification = (typeof openVexJustifications)[number];

export const openVexContextV020 = 'https://openvex.dev/ns/v0.2.0';
const legacyContexts = ['https://openvex.dev/ns', 'https://openvex.dev/ns/v0.0.1'];

/** Statuses after which no finding needs attention: "not affected" and "fixed in these versions". */
const suppressingStatuses: ReadonlySet<string> = new Set(['not_affected', 'fixed']);

const hashAlgorithms = [
  'md5',
  'sha1',
  'sha-256',
  'sha-384',
  'sha-512',
  'sha3-224',
  'sha3-256',
  'sha3-384',
  'sha3-512',
  'blake2s-256',
  'blake2b-256',
  'blake2b-512',
];

/** The schema's `format: iri`: an absolute IRI (RFC 3987 §2.2), so a scheme and no whitespace. */
function isIri(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(text);
}

/** Whether `value` is an OpenVEX document (of any version) by its `@context`. */
export function isOpenVexDocument(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as JsonRecord)['@context'] === 'string' &&
    /^https?:\/\/openvex\.dev\/ns(\/|$)/.test((value as JsonRecord)['@context'] as string)
  );
}

class OpenVexReader extends DocumentReader {
  readonly warnings: VexWarning[] = [];

  constructor(
    file: string,
    readonly legacy: boolean,
  ) {
    super(file);
  }

  iri(value: unknown, path: string): string {
    const text = this.string(value, path);
    // Legacy documents predate the IRI rule (go-vex's own test data uses `"@id": "my-vexdoc2"`).
    if (!this.legacy && !isIri(text)) throw this.fail(path, `not an IRI: ${JSON.stringify(text)}`);
    return text;
  }

  unique(items: unknown[], path: string): void {
    const seen = new Map<string, number>();
    for (const [index, item] of items.entries()) {
      const key = canonicalJson(item);
      const first = seen.get(key);
      if (first !== undefined) throw this.fail(`${path}/${index}`, `repeats item ${first}`);
      seen.set(key, index);
    }
  }

  positiveInteger(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw this.fail(path, 'must be an integer of at least 1');
    }
    return value;
  }

  /** OpenVEX "Component Fields": `@id`, `identifiers`, `hashes`; at least `@id` or `identifiers`. */
  component(value: unknown, path: string, isProduct: boolean): ProductSelector {
    if (typeof value === 'string' && this.legacy) return this.selector(value, undefined, []);
    const component = this.record(value, path);
    const id = component['@id'] === undefined ? undefined : this.iri(component['@id'], `${path}/@id`);
    let identifierPurl: string | undefined;
    if (component.identifiers !== undefined) {
      const identifiers = this.record(component.identifiers, `${path}/identifiers`);
      for (const key of ['purl', 'cpe22', 'cpe23']) {
        this.optionalString(identifiers[key], `${path}/identifiers/${key}`);
      }
      if (!['purl', 'cpe22', 'cpe23'].some((key) => identifiers[key] !== undefined)) {
        throw this.fail(`${path}/identifiers`, 'must hold a purl, cpe22 or cpe23');
      }
      identifierPurl = identifiers.purl as string | undefined;
    }
    if (component.hashes !== undefined) {
      const hashes = this.record(component.hashes, `${path}/hashes`);
      for (const algorithm of hashAlgorithms)
        this.optionalString(hashes[algorithm], `${path}/hashes/${algorithm}`);
    }
    if (id === undefined && component.identifiers === undefined) {
      throw this.fail(path, 'a component needs an @id or identifiers');
    }
    const subcomponents: ProductSelector[] = [];
    if (isProduct && component.subcomponents !== undefined) {
      const items = this.array(component.subcomponents, `${path}/subcomponents`);
      this.unique(items, `${path}/subcomponents`);
      for (const [index, item] of items.entries()) {
        subcomponents.push(this.component(item, `${path}/subcomponents/${index}`, false));
      }
    }
    return this.selector(id, identifierPurl, subcomponents);
  }

  selector(id: string | undefined, identifierPurl: string | undefined, subcomponents: ProductSelector[]) {
    const purls = [id, identifierPurl].flatMap((text) => {
      const purl = text === undefined ? undefined : parsePurl(text);
      return purl ? [purl] : [];
    });
    return {
      label: id ?? identifierPurl ?? '(identifiers only)',
      purls,
      ...(id === undefined ? {} : { bomRef: id }),
      subcomponents,
    };
  }

  /** OpenVEX "Vulnerability Data Structure": `name` required, `@id`, `aliases` optional. */
  vulnerability(value: unknown, path: string): string[] {
    if (typeof value === 'string' && this.legacy) return [this.nonEmptyString(value, path)];
    const vulnerability = this.record(value, path);
    const ids = [this.nonEmptyString(vulnerability.name, `${path}/name`)];
    if (vulnerability['@id'] !== undefined) ids.push(this.iri(vulnerability['@id'], `${path}/@id`));
    this.optionalString(vulnerability.description, `${path}/description`);
    if (vulnerability.aliases !== undefined) {
      const aliases = this.array(vulnerability.aliases, `${path}/aliases`);
      this.unique(aliases, `${path}/aliases`);
      for (const [index, alias] of aliases.entries())
        ids.push(this.string(alias, `${path}/aliases/${index}`));
    }
    return [...new Set(ids)];
  }

  statement(value: unknown, index: number, documentTime: Date | undefined): Omit<VexStatement, 'order'> {
    const path = `/statements/${index}`;
    const statement = this.record(value, path);
    const id = statement['@id'] === undefined ? undefined : this.iri(statement['@id'], `${path}/@id`);
    if (statement.version !== undefined) this.positiveInteger(statement.version, `${path}/version`);
    if (statement.vulnerability === undefined) throw this.fail(`${path}/vulnerability`, 'is required');
    const vulnerabilityIds = this.vulnerability(statement.vulnerability, `${path}/vulnerability`);
    const timestamp = this.optionalTimestamp(statement.timestamp, `${path}/timestamp`) ?? documentTime;
    this.optionalTimestamp(statement.last_updated, `${path}/last_updated`);
    this.optionalTimestamp(statement.action_statement_timestamp, `${path}/action_statement_timestamp`);
    for (const key of ['supplier', 'status_notes', 'vuln_description']) {
      this.optionalString(statement[key], `${path}/${key}`);
    }
    const status = this.oneOf(statement.status, `${path}/status`, openVexStatuses);
    const justification =
      statement.justification === undefined
        ? undefined
        : this.oneOf(statement.justification, `${path}/justification`, openVexJustifications);
    const impact = this.optionalString(statement.impact_statement, `${path}/impact_statement`);
    const action = this.optionalString(statement.action_statement, `${path}/action_statement`);
    // OPENVEX-SPEC "Statement Fields" (and the schema's allOf): both are MUSTs, so a statement without
    // them makes the document invalid, and the document is rejected rather than half-read.
    if (status === 'not_affected' && justification === undefined && impact === undefined) {
      throw this.fail(path, 'a not_affected statement needs a justification or an impact_statement');
    }
    if (status === 'affected' && action === undefined) {
      throw this.fail(path, 'an affected statement needs an action_statement');
    }
    if (timestamp === undefined) {
      // "A statement is useless without a timestamp as it cannot be related to others" (Data Inheritance).
      throw this.fail(path, 'has no timestamp, and the document has none to inherit');
    }
    const products = this.products(statement, path);
    const label = id ?? `statements[${index}]`;
    // An impact_statement of only blanks satisfies the schema's `required` but gives no reason, which the
    // MUST above (CISA minimum requirements) asks for: the document stays valid, the statement does not
    // suppress (as a CycloneDX not_affected without justification or detail).
    let suppresses = suppressingStatuses.has(status);
    if (status === 'not_affected' && justification === undefined && (impact ?? '').trim() === '') {
      this.warnings.push({
        file: this.file,
        message: `${label}: not_affected with an empty impact_statement and no justification does not suppress`,
      });
      suppresses = false;
    }
    if (products.length === 0) {
      this.warnings.push({
        file: this.file,
        message: `${label}: names no product, so it applies to nothing`,
      });
    }
    const notes = this.optionalString(statement.status_notes, `${path}/status_notes`);
    const detail = impact ?? notes;
    return {
      format: 'openvex',
      document: this.file,
      statement: label,
      vulnerabilityIds,
      products,
      status,
      ...(justification === undefined ? {} : { justification }),
      ...(detail === undefined || detail === '' ? {} : { detail }),
      timestamp,
      suppresses,
    };
  }

  products(statement: JsonRecord, path: string): ProductSelector[] {
    if (statement.products === undefined) return [];
    const items = this.array(statement.products, `${path}/products`);
    this.unique(items, `${path}/products`);
    const products = items.map((item, index) => this.component(item, `${path}/products/${index}`, true));
    if (this.legacy && statement.subcomponents !== undefined) {
      // v0.0.1 lists subcomponents once per statement; they apply to each product (go-vex compat.go).
      const items = this.array(statement.subcomponents, `${path}/subcomponents`);
      const subcomponents = items
        .map((item, index) => this.string(item, `${path}/subcomponents/${index}`))
        .filter((item) => item !== '')
        .map((item) => this.selector(item, undefined, []));
      for (const product of products) product.subcomponents.push(...subcomponents);
    }
    return products;
  }
}

/**
 * Reads an OpenVEX document (v0.2.0 or legacy) into statements.
 *
 * @param file Names the document in errors and in every statement.
 * @throws VexError VEX_UNSUPPORTED for another `@context`; VEX_MALFORMED, naming the JSON Pointer, for a
 *   document that breaks the schema or the spec's MUSTs (not_affected without justification or impact
 *   statement, affected without action statement, a statement without any timestamp).
 */
export function parseOpenVex(json: unknown, file: string): ParsedVexDocument {
  const context = (json as JsonRecord | null)?.['@context'];
  const legacy = legacyContexts.includes(context as string);
  if (!legacy && context !== openVexContextV020) {
    throw new VexError({
      code: 'VEX_UNSUPPORTED',
      file,
      message: `OpenVEX @context ${JSON.stringify(context)} is not supported; ${openVexContextV020} and the legacy ${legacyContexts.join(', ')} are`,
    });
  }
  const reader = new OpenVexReader(file, legacy);
  const document = reader.record(json, '');
  reader.iri(document['@id'], '/@id');
  if (legacy) {
    reader.optionalString(document.author, '/author');
    if (document.version !== undefined && typeof document.version !== 'number') {
      reader.string(document.version, '/version');
    }
  } else {
    reader.string(document.author, '/author');
    if (document.version === undefined) throw reader.fail('/version', 'is required');
    reader.positiveInteger(document.version, '/version');
    if (document.timestamp === undefined) throw reader.fail('/timestamp', 'is required');
  }
  for (const key of ['role', 'tooling']) reader.optionalString(document[key], `/${key}`);
  const documentTime = reader.optionalTimestamp(document.timestamp, '/timestamp');
  reader.optionalTimestamp(document.last_updated, '/last_updated');
  const statements = reader.array(document.statements, '/statements');
  if (statements.length === 0) throw reader.fail('/statements', 'must hold at least one statement');
  if (!legacy) reader.unique(statements, '/statements');
  return {
    statements: statements.map((statement, index) => reader.statement(statement, index, documentTime)),
    warnings: reader.warnings,
  };
}
