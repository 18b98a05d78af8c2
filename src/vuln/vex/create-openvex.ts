/**
 * `veriship vex create`: one OpenVEX v0.2.0 document with one statement, valid against the published
 * schema (openvex_json_schema.json) and the spec's MUSTs, and deterministic: the timestamp comes from the
 * injected clock (SOURCE_DATE_EPOCH) and the document `@id` is a hash of the content.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../../errors.js';
import { canonicalJson } from '../../sbom/validate/canonical-json.js';
import {
  type OpenVexJustification,
  type OpenVexStatus,
  openVexContextV020,
  openVexJustifications,
  openVexStatuses,
} from './openvex.js';

export interface CreateOpenVexOptions {
  vulnerability: string;
  /** PURLs (or other IRIs) of the products the statement is about. */
  products: string[];
  status: string;
  justification?: string;
  impactStatement?: string;
  actionStatement?: string;
  /** Defaults to "Unknown Author", as vexctl does: the schema requires an author. */
  author?: string;
  /** Document IRI; defaults to https://openvex.dev/docs/public/vex-<sha256 of the content>. */
  id?: string;
  timestamp: Date;
}

export interface OpenVexDocument {
  '@context': string;
  '@id': string;
  author: string;
  timestamp: string;
  version: number;
  statements: {
    vulnerability: { name: string };
    products: { '@id': string }[];
    status: OpenVexStatus;
    justification?: OpenVexJustification;
    impact_statement?: string;
    action_statement?: string;
  }[];
}

/**
 * An absolute IRI (RFC 3987 §2.2), as the schema's `format: iri` asks: a scheme, then none of the
 * characters IRIs exclude (controls, space, `<>"{}|\^` and the backquote), `%` only in a percent-encoding
 * and at most one `#`. A PURL with a version range (`pkg:npm/lodash@^4.17.0`) is not one.
 */
const isIri = (text: string) =>
  /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`\p{Cc}]+$/u.test(text) &&
  !/%(?![0-9A-Fa-f]{2})/.test(text) &&
  text.indexOf('#') === text.lastIndexOf('#');

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * @throws UsageError when the statement would break the spec: an unknown status or justification, a
 *   not_affected without justification or impact statement, an affected without action statement,
 *   fields that belong to another status, a product or id that is not an IRI.
 */
export function createOpenVexDocument(options: CreateOpenVexOptions): OpenVexDocument {
  const vulnerability = options.vulnerability.trim();
  if (vulnerability === '' || /\s/.test(vulnerability)) {
    throw new UsageError(
      'vex create: --vulnerability needs an id such as CVE-2024-1234 or GHSA-xxxx-xxxx-xxxx',
    );
  }
  if (!(openVexStatuses as readonly string[]).includes(options.status)) {
    throw new UsageError(
      `vex create: --status must be one of ${openVexStatuses.join(', ')} (got ${options.status})`,
    );
  }
  const status = options.status as OpenVexStatus;
  const products = [...new Set(options.products.map((product) => product.trim()))].sort();
  if (products.length === 0) throw new UsageError('vex create: name at least one --product (a PURL)');
  for (const product of products) {
    if (!isIri(product)) {
      throw new UsageError(
        `vex create: --product ${JSON.stringify(product)} is not an IRI; use a PURL such as pkg:npm/lodash@4.17.21`,
      );
    }
  }
  const justification = nonEmpty(options.justification);
  if (justification !== undefined && !(openVexJustifications as readonly string[]).includes(justification)) {
    throw new UsageError(
      `vex create: --justification must be one of ${openVexJustifications.join(', ')} (got ${justification})`,
    );
  }
  const impact = nonEmpty(options.impactStatement);
  const action = nonEmpty(options.actionStatement);
  // OPENVEX-SPEC "Statement Fields": not_affected MUST have a justification or impact statement, affected
  // MUST have an action statement. Fields of another status would be ignored by readers, so refuse them.
  if (status === 'not_affected' && justification === undefined && impact === undefined) {
    throw new UsageError('vex create: --status not_affected needs --justification or --impact-statement');
  }
  if (status === 'affected' && action === undefined) {
    throw new UsageError('vex create: --status affected needs --action-statement');
  }
  if (status !== 'not_affected' && (justification !== undefined || impact !== undefined)) {
    throw new UsageError('vex create: --justification and --impact-statement are for --status not_affected');
  }
  if (status !== 'affected' && action !== undefined) {
    throw new UsageError('vex create: --action-statement is for --status affected');
  }
  if (options.id !== undefined && !isIri(options.id)) {
    throw new UsageError(`vex create: --id ${JSON.stringify(options.id)} is not an IRI`);
  }
  const content = {
    '@context': openVexContextV020,
    author: nonEmpty(options.author) ?? 'Unknown Author',
    timestamp: options.timestamp.toISOString(),
    version: 1,
    statements: [
      {
        vulnerability: { name: vulnerability },
        products: products.map((product) => ({ '@id': product })),
        status,
        ...(justification === undefined ? {} : { justification: justification as OpenVexJustification }),
        ...(impact === undefined ? {} : { impact_statement: impact }),
        ...(action === undefined ? {} : { action_statement: action }),
      },
    ],
  };
  const id =
    options.id ??
    `https://openvex.dev/docs/public/vex-${createHash('sha256').update(canonicalJson(content)).digest('hex')}`;
  const { '@context': context, ...rest } = content;
  return { '@context': context, '@id': id, ...rest };
}

export function serializeOpenVex(document: OpenVexDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
