/**
 * CycloneDX VEX (CycloneDX 1.4–1.7 JSON, `vulnerabilities[]` with `analysis` and `affects`), standalone or
 * inside an SBOM. Each `affects[]` entry of a vulnerability with an `analysis.state` becomes one statement.
 *
 * - `affects[].ref` is a BOM-Link (`urn:cdx:<serial>/<version>#<bom-ref>`, CycloneDX 1.6 "BOM-Link") or a
 *   plain bom-ref. A plain ref that names a component of the VEX document itself (a standalone VEX
 *   describes its product in `metadata.component`) that has a PURL matches by that PURL; any other plain
 *   ref is compared with the scanned SBOM's bom-refs (see selectorOfRef).
 * - `affects[].versions` (CycloneDX 1.6 `vulnerability.affects.versions`): exact `version` entries limit
 *   the statement to those versions. `range` entries (`vers:` ranges) are not evaluated, so such an affect
 *   never suppresses; it is reported as a warning and still takes part in precedence as a non-suppressing
 *   statement (fail safe: it may override an older suppression, never create one).
 * - `analysis.justification` and `analysis.detail` are kept as written.
 */
import { DocumentReader, isRecord, type JsonRecord } from './document-reader.js';
import { parsePurl } from './purl-match.js';
import { VexError } from './vex-error.js';
import type { ParsedVexDocument, ProductSelector, VexStatement, VexWarning } from './vex-statement.js';

/** CycloneDX 1.4–1.7 `impactAnalysisState`. */
export const cycloneDxStates = [
  'resolved',
  'resolved_with_pedigree',
  'exploitable',
  'in_triage',
  'false_positive',
  'not_affected',
] as const;

/** CycloneDX 1.4–1.7 `impactAnalysisJustification`. */
export const cycloneDxJustifications = [
  'code_not_present',
  'code_not_reachable',
  'requires_configuration',
  'requires_dependency',
  'requires_environment',
  'protected_by_compiler',
  'protected_at_runtime',
  'protected_at_perimeter',
  'protected_by_mitigating_control',
] as const;

/**
 * States after which a finding needs no action. `resolved_with_pedigree` is `resolved` with the evidence
 * in the component's pedigree. `exploitable` and `in_triage` never suppress.
 */
const suppressingStates: ReadonlySet<string> = new Set([
  'not_affected',
  'false_positive',
  'resolved',
  'resolved_with_pedigree',
]);

/** The spec versions whose schema has `vulnerabilities[].analysis` (it arrived in 1.4). */
export const cycloneDxVexVersions = ['1.4', '1.5', '1.6', '1.7'] as const;

/** `urn:cdx:<uuid>/<version>[#<bom-ref, percent-encoded>]`, CycloneDX BOM-Link. */
const bomLinkPattern =
  /^urn:cdx:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/([1-9]\d*)(?:#(.*))?$/i;

export function parseBomLink(ref: string): ProductSelector['bomLink'] | undefined {
  const match = bomLinkPattern.exec(ref);
  if (!match) return undefined;
  let bomRef = match[3] ?? '';
  try {
    bomRef = decodeURIComponent(bomRef);
  } catch {
    // Not percent-encoded as the BOM-Link spec asks; compare it as written.
  }
  return { serialNumber: (match[1] as string).toLowerCase(), version: Number(match[2]), bomRef };
}

export function isCycloneDxDocument(value: unknown): boolean {
  return isRecord(value) && value.bomFormat === 'CycloneDX';
}

/** bom-ref → PURL of every component the document itself describes (metadata.component included). */
function componentPurls(document: JsonRecord): Map<string, string | undefined> {
  const purls = new Map<string, string | undefined>();
  const visit = (component: unknown): void => {
    if (!isRecord(component)) return;
    if (typeof component['bom-ref'] === 'string') {
      purls.set(component['bom-ref'], typeof component.purl === 'string' ? component.purl : undefined);
    }
    if (Array.isArray(component.components)) component.components.forEach(visit);
  };
  if (isRecord(document.metadata)) visit(document.metadata.component);
  if (Array.isArray(document.components)) document.components.forEach(visit);
  return purls;
}

/**
 * A ref that names a component of this document with a PURL matches by that PURL only (the document says
 * what the component is; a bom-ref is only unique within its own BOM). Otherwise the ref is compared with
 * the scanned SBOM's bom-refs: a VEX made for that SBOM, or embedded in it, shares its refs.
 */
function selectorOfRef(ref: string, localPurls: Map<string, string | undefined>): ProductSelector {
  const bomLink = parseBomLink(ref);
  if (bomLink) return { label: ref, purls: [], bomLink, subcomponents: [] };
  const purlText = localPurls.get(ref);
  const purl = purlText === undefined ? undefined : parsePurl(purlText);
  if (purl) return { label: ref, purls: [purl], subcomponents: [] };
  return { label: ref, purls: [], bomRef: ref, subcomponents: [] };
}

/**
 * Reads the VEX statements of a CycloneDX JSON document. Only the fields used are checked here; the loader
 * also validates the whole document against the official schema (`checkCycloneDxVexSchema`).
 *
 * @throws VexError VEX_UNSUPPORTED for a spec version before 1.4; VEX_MALFORMED, naming the JSON Pointer,
 *   for an unknown state or justification, a bad timestamp, an `affects` entry without `ref`.
 */
export function parseCycloneDxVex(json: unknown, file: string): ParsedVexDocument {
  const reader = new DocumentReader(file);
  const document = reader.record(json, '');
  if (document.bomFormat !== 'CycloneDX') throw reader.fail('/bomFormat', 'must be "CycloneDX"');
  if (!(cycloneDxVexVersions as readonly unknown[]).includes(document.specVersion)) {
    throw new VexError({
      code: 'VEX_UNSUPPORTED',
      file,
      message: `CycloneDX specVersion ${JSON.stringify(document.specVersion)} has no VEX analysis; ${cycloneDxVexVersions.join(', ')} do`,
    });
  }
  if (document.vulnerabilities === undefined) {
    throw reader.fail('/vulnerabilities', 'is missing: this CycloneDX document holds no VEX data');
  }
  const vulnerabilities = reader.array(document.vulnerabilities, '/vulnerabilities');
  const metadata = document.metadata === undefined ? {} : reader.record(document.metadata, '/metadata');
  const documentTime = reader.optionalTimestamp(metadata.timestamp, '/metadata/timestamp');
  const localPurls = componentPurls(document);
  const warnings: VexWarning[] = [];
  const statements: Omit<VexStatement, 'order'>[] = [];
  for (const [index, value] of vulnerabilities.entries()) {
    const path = `/vulnerabilities/${index}`;
    const vulnerability = reader.record(value, path);
    const bomRef = reader.optionalString(vulnerability['bom-ref'], `${path}/bom-ref`);
    const label = bomRef ?? `vulnerabilities[${index}]`;
    if (vulnerability.analysis === undefined) continue; // a vulnerability listing, not a VEX statement
    const analysis = reader.record(vulnerability.analysis, `${path}/analysis`);
    if (analysis.state === undefined) continue;
    const state = reader.oneOf(analysis.state, `${path}/analysis/state`, cycloneDxStates);
    const justification =
      analysis.justification === undefined
        ? undefined
        : reader.oneOf(analysis.justification, `${path}/analysis/justification`, cycloneDxJustifications);
    const detail = reader.optionalString(analysis.detail, `${path}/analysis/detail`);
    const timestamp =
      reader.optionalTimestamp(analysis.lastUpdated, `${path}/analysis/lastUpdated`) ??
      reader.optionalTimestamp(analysis.firstIssued, `${path}/analysis/firstIssued`) ??
      documentTime;
    const id = reader.optionalString(vulnerability.id, `${path}/id`);
    if (id === undefined || id.trim() === '') {
      warnings.push({ file, message: `${label}: has an analysis but no vulnerability id; ignored` });
      continue;
    }
    const references =
      vulnerability.references === undefined
        ? []
        : reader.array(vulnerability.references, `${path}/references`);
    const vulnerabilityIds = [
      id,
      ...references.flatMap((reference, referenceIndex) => {
        const record = reader.record(reference, `${path}/references/${referenceIndex}`);
        return [reader.string(record.id, `${path}/references/${referenceIndex}/id`)];
      }),
    ];
    let suppresses = suppressingStates.has(state);
    // CISA "Minimum Requirements for VEX" (April 2023), as OPENVEX-SPEC "Note on justification and
    // impact_statement" quotes it: a not_affected statement MUST give a justification or an impact
    // statement. CycloneDX's schema does not require one, so the document stays valid, but the statement
    // does not suppress.
    if (state === 'not_affected' && justification === undefined && (detail ?? '').trim() === '') {
      warnings.push({
        file,
        message: `${label} (${id}): not_affected without a justification or detail does not suppress`,
      });
      suppresses = false;
    }
    const base = {
      format: 'cyclonedx' as const,
      document: file,
      statement: label,
      vulnerabilityIds: [...new Set(vulnerabilityIds)],
      status: state,
      ...(justification === undefined ? {} : { justification }),
      ...(detail === undefined || detail === '' ? {} : { detail }),
      ...(timestamp === undefined ? {} : { timestamp }),
    };
    const affects =
      vulnerability.affects === undefined ? [] : reader.array(vulnerability.affects, `${path}/affects`);
    if (affects.length === 0) {
      warnings.push({
        file,
        message: `${label} (${id}): names no affected component (affects), so it applies to nothing`,
      });
    }
    for (const [affectIndex, affectValue] of affects.entries()) {
      const affectPath = `${path}/affects/${affectIndex}`;
      const affect = reader.record(affectValue, affectPath);
      const product = selectorOfRef(reader.nonEmptyString(affect.ref, `${affectPath}/ref`), localPurls);
      if (affect.versions === undefined) {
        statements.push({ ...base, products: [product], suppresses });
        continue;
      }
      const versions = reader.array(affect.versions, `${affectPath}/versions`).map((entry, entryIndex) => {
        const entryPath = `${affectPath}/versions/${entryIndex}`;
        const record = reader.record(entry, entryPath);
        return {
          version: reader.optionalString(record.version, `${entryPath}/version`),
          range: reader.optionalString(record.range, `${entryPath}/range`),
          // CycloneDX 1.6 `affectedStatus`, default "affected".
          status:
            record.status === undefined
              ? 'affected'
              : reader.oneOf(record.status, `${entryPath}/status`, [
                  'affected',
                  'unaffected',
                  'unknown',
                ] as const),
        };
      });
      const ranges = versions.filter((entry) => entry.range !== undefined);
      if (ranges.length > 0) {
        warnings.push({
          file,
          message: `${label} (${id}) for ${product.label}: version ranges (${ranges.map((entry) => entry.range).join(', ')}) are not evaluated, so this statement does not suppress`,
        });
        statements.push({ ...base, products: [product], suppresses: false });
      }
      const exact = versions.filter((entry) => entry.version !== undefined && entry.range === undefined);
      const unaffected = exact
        .filter((entry) => entry.status === 'unaffected')
        .map((entry) => entry.version as string);
      const other = exact
        .filter((entry) => entry.status !== 'unaffected')
        .map((entry) => entry.version as string);
      if (unaffected.length > 0)
        statements.push({ ...base, products: [product], suppresses, versions: unaffected });
      if (other.length > 0)
        statements.push({ ...base, products: [product], suppresses: false, versions: other });
    }
  }
  if (statements.length === 0) {
    warnings.push({ file, message: 'holds no VEX statement (no vulnerability with an analysis.state)' });
  }
  return { statements, warnings };
}
