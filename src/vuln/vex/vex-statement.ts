/**
 * The one shape OpenVEX (v0.0.1 and v0.2.0) and CycloneDX VEX statements are normalised to, so that
 * matching and precedence (`apply-suppressions.ts`) are written once.
 */
import type { ParsedPurl } from './purl-match.js';

/**
 * What a statement is about: a product or component named by PURL, by bom-ref, or by CycloneDX BOM-Link.
 * `subcomponents` (OpenVEX) narrow a product statement to the components inside it.
 */
export interface ProductSelector {
  /** As written, for messages. */
  label: string;
  /** Every PURL the selector carries (OpenVEX `@id` and `identifiers.purl`); any one matching is enough. */
  purls: ParsedPurl[];
  /** A plain identifier compared with a finding's bom-ref: OpenVEX `@id` that is not a PURL, CycloneDX `ref`. */
  bomRef?: string;
  /** CycloneDX BOM-Link `urn:cdx:<serial>/<version>#<bom-ref>` (CycloneDX 1.6 "BOM-Link"). */
  bomLink?: { serialNumber: string; version: number; bomRef: string };
  subcomponents: ProductSelector[];
}

export interface VexStatement {
  format: 'openvex' | 'cyclonedx';
  /** The file, as given on the command line. */
  document: string;
  /** Which statement in it: OpenVEX statement `@id` or `statements[i]`; CycloneDX `bom-ref` or `vulnerabilities[i]`. */
  statement: string;
  /** Position among all loaded statements (file order, then statement order): the last tie-breaker. */
  order: number;
  /** The name first, then `@id` and aliases (OpenVEX) or `references[].id` (CycloneDX). */
  vulnerabilityIds: string[];
  products: ProductSelector[];
  /** As written: OpenVEX `not_affected` … or CycloneDX `analysis.state`. */
  status: string;
  justification?: string;
  detail?: string;
  /** Statement timestamp, else the document's (OpenVEX "Inheritance Flow"); undefined when neither. */
  timestamp?: Date;
  /**
   * Whether this statement, when it is the effective one, suppresses a finding. False for statuses that
   * never suppress, and for statements we cannot fully evaluate (a `vers` range, a not_affected without
   * any reason): they still take part in precedence, so they can override an older suppression.
   */
  suppresses: boolean;
  /** For CycloneDX `affects[].versions`: the exact component versions the statement is limited to. */
  versions?: string[];
}

/** A problem that does not make a document invalid but makes a statement suppress less than it says. */
export interface VexWarning {
  file: string;
  message: string;
}

export interface ParsedVexDocument {
  statements: Omit<VexStatement, 'order'>[];
  warnings: VexWarning[];
}
