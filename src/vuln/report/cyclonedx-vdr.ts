/**
 * `--format cyclonedx`: a CycloneDX 1.6 JSON BOM that is also a Vulnerability Disclosure Report (CycloneDX
 * 1.6 `vulnerabilities`, "Vulnerability Disclosure Report (VDR)" in the CycloneDX guide). The components
 * are the scanned SBOM's, under their own bom-refs, so every `affects[].ref` points at the component the
 * user's SBOM named; suppressed findings carry their VEX/ignore decision as `analysis`.
 */

import parseSpdxExpression from 'spdx-expression-parse';
import { serialPlaceholder, stampSerialNumber } from '../../sbom/cyclonedx/serial-number.js';
import { componentTypes16 } from '../../sbom/merge/merge-sboms.js';
import type { SbomComponent, SbomDocument } from '../../sbom/read/sbom-document.js';
import { compareFindings } from './finding-order.js';
import type { ScanFinding, ScanReport, ScanSuppression } from './scan-report.js';

export interface CycloneDxVdrOptions {
  sbom: SbomDocument;
  timestamp: Date;
}

type Json = Record<string, unknown>;

/** CycloneDX 1.6 `component.type` values; SPDX purposes outside it (`source`, `install`) become `library`. */
const componentTypes = new Set(componentTypes16);

/** CycloneDX 1.6 `hash-content` patterns by algorithm: a hash the schema would refuse is left out. */
const hashLengths: Readonly<Record<string, number[]>> = {
  MD5: [32],
  'SHA-1': [40],
  'SHA-256': [64],
  'SHA-384': [96],
  'SHA-512': [128],
  'SHA3-256': [64],
  'SHA3-384': [96],
  'SHA3-512': [128],
  'BLAKE2b-256': [64],
  'BLAKE2b-384': [96],
  'BLAKE2b-512': [128],
  BLAKE3: [64],
};

function hashesOf(component: SbomComponent): Json[] {
  // Own keys only: an SBOM may name any algorithm, `toString` included, and Object.prototype's members
  // are no hash algorithm.
  return Object.entries(component.hashes)
    .filter(
      ([algorithm, content]) =>
        Object.hasOwn(hashLengths, algorithm) &&
        hashLengths[algorithm]?.includes(content.length) &&
        /^[0-9a-f]+$/.test(content),
    )
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([alg, content]) => ({ alg, content }));
}

/**
 * CycloneDX 1.6 `licenseChoice` is one SPDX expression or a list of named licences. The reader keeps
 * ids, expressions and names alike as strings, so a single entry goes out as an expression only when it
 * parses as one (spdx-expression-parse, SPDX 2.3 Annex D); anything else is a name, always accepted.
 */
function licensesOf(component: SbomComponent): Json[] | undefined {
  if (component.licenses.length === 0) return undefined;
  const only = component.licenses[0] as string;
  if (component.licenses.length === 1 && isSpdxExpression(only)) return [{ expression: only }];
  return component.licenses.map((name) => ({ license: { name } }));
}

function isSpdxExpression(text: string): boolean {
  try {
    parseSpdxExpression(text);
    return true;
  } catch {
    return false;
  }
}

function toCycloneDxComponent(component: SbomComponent, ref: string): Json {
  const hashes = hashesOf(component);
  const licenses = licensesOf(component);
  return {
    type: componentTypes.has(component.type) ? component.type : 'library',
    'bom-ref': ref,
    ...(component.group ? { group: component.group } : {}),
    name: component.name || '(unnamed)',
    ...(component.version ? { version: component.version } : {}),
    ...(component.scope && ['required', 'optional', 'excluded'].includes(component.scope)
      ? { scope: component.scope }
      : {}),
    ...(hashes.length > 0 ? { hashes } : {}),
    ...(licenses ? { licenses } : {}),
    ...(component.purl ? { purl: component.purl } : {}),
  };
}

/** Advisory databases by id prefix: who published the record (CycloneDX `vulnerabilitySource`). */
function sourceOf(id: string): Json {
  const url = `https://osv.dev/vulnerability/${encodeURIComponent(id)}`;
  if (id.startsWith('GHSA-'))
    return { name: 'GitHub Advisory Database', url: `https://github.com/advisories/${id}` };
  if (id.startsWith('CVE-')) return { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${id}` };
  if (id.startsWith('PYSEC-')) return { name: 'PyPA Advisory Database', url };
  if (id.startsWith('GO-'))
    return { name: 'Go Vulnerability Database', url: `https://pkg.go.dev/vuln/${id}` };
  if (id.startsWith('RUSTSEC-'))
    return { name: 'RustSec Advisory Database', url: `https://rustsec.org/advisories/${id}` };
  return { name: 'OSV', url };
}

/** CycloneDX 1.6 `scoreMethod` for a CVSS version as the severity module names it (`3.1`, `CVSS_V3`…). */
function methodOf(version: string): string {
  const text = version.toUpperCase();
  if (text.includes('4')) return 'CVSSv4';
  if (text.includes('3.1') || text.includes('31')) return 'CVSSv31';
  if (text.includes('3')) return 'CVSSv3';
  if (text.includes('2')) return 'CVSSv2';
  return 'other';
}

/** CVSS v3/v4 qualitative ratings (CVSS v3.1 §5); v2 has no critical band and no none (NVD's v2 bands). */
function cvssSeverity(score: number, method: string): string {
  if (method === 'CVSSv2') return score < 4 ? 'low' : score < 7 ? 'medium' : 'high';
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

function ratingsOf(finding: ScanFinding): Json[] {
  const ratings = finding.cvss.map((entry) => ({
    score: entry.score,
    severity: cvssSeverity(entry.score, methodOf(entry.version)),
    method: methodOf(entry.version),
    vector: entry.vector,
  }));
  // Without a vector the finding's severity (from the advisory's own rating, or `unknown`) is the rating.
  // It is added too when no vector reaches it: a merged advisory's own rating (GHSA `HIGH` without a
  // vector, merged with an alias whose CVSS vector rates medium) made the finding worse than its vectors,
  // and a VDR that rated it by the vectors alone would understate what the gate acted on.
  if (ratings.some((rating) => rating.severity === finding.severity)) return ratings;
  return [...ratings, { severity: finding.severity }];
}

/**
 * CycloneDX 1.6 `impactAnalysisJustification`, from OpenVEX justifications (OpenVEX spec "Status
 * Justifications") or CycloneDX's own; a justification neither names is kept in `detail` only.
 */
const justifications: Readonly<Record<string, string>> = {
  component_not_present: 'code_not_present',
  vulnerable_code_not_present: 'code_not_present',
  vulnerable_code_not_in_execute_path: 'code_not_reachable',
  vulnerable_code_cannot_be_controlled_by_adversary: 'requires_environment',
  inline_mitigations_already_exist: 'protected_by_mitigating_control',
  code_not_present: 'code_not_present',
  code_not_reachable: 'code_not_reachable',
  requires_configuration: 'requires_configuration',
  requires_dependency: 'requires_dependency',
  requires_environment: 'requires_environment',
  protected_by_compiler: 'protected_by_compiler',
  protected_at_runtime: 'protected_at_runtime',
  protected_at_perimeter: 'protected_at_perimeter',
  protected_by_mitigating_control: 'protected_by_mitigating_control',
};

/**
 * VEX statuses map onto CycloneDX `impactAnalysisState` (`fixed` is `resolved`). An ignore-file entry
 * accepts a risk without claiming the component is unaffected, so it is `exploitable` with the response
 * `will_not_fix` (the CycloneDX spelling of an accepted risk), its reason in `detail`.
 */
function analysisOf(suppression: ScanSuppression): Json {
  const states: Record<string, string> = {
    not_affected: 'not_affected',
    fixed: 'resolved',
    resolved: 'resolved',
    resolved_with_pedigree: 'resolved_with_pedigree',
    false_positive: 'false_positive',
  };
  const ignored = suppression.kind === 'ignore';
  const state = ignored ? 'exploitable' : (states[suppression.status] ?? 'in_triage');
  const justification = suppression.justification ? justifications[suppression.justification] : undefined;
  const detail = [
    suppression.detail,
    suppression.justification && !justification ? `justification: ${suppression.justification}` : undefined,
    `${ignored ? 'ignore file' : 'VEX'} ${suppression.document}${suppression.statement ? ` (${suppression.statement})` : ''}${suppression.expires ? `, expires ${suppression.expires}` : ''}`,
  ]
    .filter(Boolean)
    .join('; ');
  return {
    state,
    ...(justification && state === 'not_affected' ? { justification } : {}),
    ...(ignored ? { response: ['will_not_fix'] } : {}),
    detail,
  };
}

function recommendationOf(finding: ScanFinding): string {
  return finding.fixedVersions.length > 0
    ? `Upgrade ${finding.package.name} to ${finding.fixedVersions[0]} or later (fixed in ${finding.fixedVersions.join(', ')}).`
    : `No fixed version of ${finding.package.name} is known.`;
}

/** Unique bom-refs: the SBOM's own when it has them, else the PURL, else a name-based one. */
function assignRefs(components: readonly SbomComponent[]): string[] {
  const used = new Set<string>();
  return components.map((component, index) => {
    const base = component.bomRef ?? component.purl ?? `component-${index + 1}`;
    let ref = base;
    for (let n = 2; used.has(ref); n++) ref = `${base}#${n}`;
    used.add(ref);
    return ref;
  });
}

export function renderCycloneDxVdr(report: ScanReport, options: CycloneDxVdrOptions): string {
  const components = options.sbom.components;
  const root = options.sbom.root;
  // The root is assigned first so that a component can never take the root's bom-ref.
  const allRefs = assignRefs(root ? [root, ...components] : components);
  const rootRef = root ? allRefs[0] : undefined;
  const refs = root ? allRefs.slice(1) : allRefs;
  // A finding names its component by the SBOM's bom-ref, or, for SBOMs without refs, by PURL.
  // An SBOM that repeats a bom-ref (two versions under one ref) gets one ref each: bom-ref and PURL first.
  const identity = (bomRef: string, purl: string | undefined) => `${bomRef}\u0000${purl ?? ''}`;
  const refByIdentity = new Map<string, string>();
  const refByBomRef = new Map<string, string>();
  const refByPurl = new Map<string, string>();
  components.forEach((component, index) => {
    const ref = refs[index] as string;
    if (component.bomRef && !refByIdentity.has(identity(component.bomRef, component.purl)))
      refByIdentity.set(identity(component.bomRef, component.purl), ref);
    if (component.bomRef && !refByBomRef.has(component.bomRef)) refByBomRef.set(component.bomRef, ref);
    if (component.purl && !refByPurl.has(component.purl)) refByPurl.set(component.purl, ref);
  });
  const findings = [...report.findings].sort(compareFindings);
  const vulnerabilities = findings.map((finding, index) => {
    const ref =
      (finding.package.bomRef &&
        (refByIdentity.get(identity(finding.package.bomRef, finding.package.purl)) ??
          refByBomRef.get(finding.package.bomRef))) ??
      refByPurl.get(finding.package.purl) ??
      finding.package.purl;
    return {
      'bom-ref': `vulnerability-${index + 1}`,
      id: finding.id,
      source: sourceOf(finding.id),
      ...(finding.aliases.length > 0
        ? { references: finding.aliases.map((alias) => ({ id: alias, source: sourceOf(alias) })) }
        : {}),
      ratings: ratingsOf(finding),
      ...(finding.summary ? { description: finding.summary } : {}),
      recommendation: recommendationOf(finding),
      ...(finding.references.length > 0 ? { advisories: finding.references.map((url) => ({ url })) } : {}),
      ...(finding.suppressed ? { analysis: analysisOf(finding.suppressed) } : {}),
      affects: [{ ref, versions: [{ version: finding.package.version, status: 'affected' }] }],
    };
  });
  const bom = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: serialPlaceholder,
    version: 1,
    metadata: {
      timestamp: options.timestamp.toISOString().replace(/\.000Z$/, 'Z'),
      tools: { components: [{ type: 'application', name: 'veriship', version: report.tool.version }] },
      ...(root && rootRef ? { component: toCycloneDxComponent(root, rootRef) } : {}),
    },
    components: components.map((component, index) => toCycloneDxComponent(component, refs[index] as string)),
    vulnerabilities,
  };
  return stampSerialNumber(`${JSON.stringify(bom, null, 2)}\n`);
}
