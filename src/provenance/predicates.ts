import { InputError, UsageError } from '../errors.js';
import type { ScanReport } from '../vuln/report/scan-report.js';
import { rfc3339 } from './slsa-v1.js';

/** `veriship attest --predicate-type` short names and the predicate type URIs they stand for. */
export const predicateKinds = ['sbom', 'vuln', 'openvex', 'custom'] as const;
export type PredicateKind = (typeof predicateKinds)[number];

/** The in-toto vetted predicate types (in-toto/attestation spec/predicates) and OpenVEX's. */
export const predicateTypes = {
  cyclonedx: 'https://cyclonedx.org/bom',
  spdx: 'https://spdx.dev/Document',
  vulns: 'https://in-toto.io/attestation/vulns/v0.1',
  openvex: 'https://openvex.dev/ns/v0.2.0',
} as const;

export interface Predicate {
  predicateType: string;
  predicate: Record<string, unknown>;
}

type Json = Record<string, unknown>;

/**
 * The predicate for a file given with `--predicate`. The file's own format decides where the short name
 * leaves a choice: an SPDX SBOM gets SPDX's type, our JSON scan report is converted to the in-toto vulns
 * predicate. A file that is not what the kind says is an error, not attested under the wrong type.
 */
export function predicateFor(
  kind: PredicateKind,
  json: unknown,
  file: string,
  options: { customType?: string; now: Date },
): Predicate {
  const customType = options.customType;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InputError({ code: 'INPUT_MALFORMED', file, message: 'a predicate must be a JSON object' });
  }
  const document = json as Json;
  const wrongKind = (what: string) =>
    new InputError({ code: 'INPUT_UNSUPPORTED', file, message: `not ${what} (--predicate-type ${kind})` });
  switch (kind) {
    case 'sbom':
      if (document.bomFormat === 'CycloneDX')
        return { predicateType: predicateTypes.cyclonedx, predicate: document };
      if (typeof document.spdxVersion === 'string')
        return { predicateType: predicateTypes.spdx, predicate: document };
      throw wrongKind('a CycloneDX or SPDX JSON SBOM');
    case 'vuln':
      if (document.schema === 'https://veriship.dev/scan-report/v1') {
        const problem = scanReportProblem(document);
        if (problem !== undefined) {
          throw new InputError({
            code: 'INPUT_MALFORMED',
            file,
            message: `a malformed scan report: ${problem}`,
          });
        }
        return {
          predicateType: predicateTypes.vulns,
          predicate: vulnsPredicate(document as unknown as ScanReport, options.now),
        };
      }
      if (typeof document.scanner === 'object' && document.scanner !== null) {
        return { predicateType: predicateTypes.vulns, predicate: document };
      }
      throw wrongKind('a veriship scan report (scan --format json) or an in-toto vulns predicate');
    case 'openvex': {
      const context = document['@context'];
      if (typeof context === 'string' && context.startsWith('https://openvex.dev/ns')) {
        return { predicateType: predicateTypes.openvex, predicate: document };
      }
      throw wrongKind('an OpenVEX document');
    }
    case 'custom':
      if (customType === undefined || !/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(customType)) {
        throw new UsageError('attest: --predicate-type custom needs --predicate-type-uri URI');
      }
      return { predicateType: customType, predicate: document };
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What `vulnsPredicate` reads from a scan report, checked first: a hand-edited report is bad input, not a bug. */
function scanReportProblem(report: Json): string | undefined {
  if (!isObject(report.tool) || typeof report.tool.version !== 'string')
    return 'tool.version is not a string';
  if (!isObject(report.database) || typeof report.database.path !== 'string') {
    return 'database.path is not a string';
  }
  if (report.database.builtAt !== undefined && typeof report.database.builtAt !== 'string') {
    return 'database.builtAt is not a string';
  }
  if (!Array.isArray(report.findings)) return 'findings is not a list';
  for (const [index, finding] of report.findings.entries()) {
    const at = `findings[${index}]`;
    if (!isObject(finding)) return `${at} is not an object`;
    if (typeof finding.id !== 'string' || typeof finding.severity !== 'string') {
      return `${at} has no id or severity`;
    }
    if (finding.score !== null && typeof finding.score !== 'number') return `${at}.score is not a number`;
    if (!isObject(finding.package) || typeof finding.package.purl !== 'string') {
      return `${at}.package.purl is not a string`;
    }
  }
  return undefined;
}

/**
 * Our scan report as the in-toto vulns predicate v0.1 (spec/predicates/vuln.md): scanner, database and
 * one result per finding with its severity methods; the database's path stands for its URI; suppression is kept as annotations so a consumer sees
 * why a finding did not count.
 */
function vulnsPredicate(report: ScanReport, now: Date): Record<string, unknown> {
  const result = report.findings.map((finding) => {
    const severity: { method: string; score: string }[] = [{ method: 'severity', score: finding.severity }];
    if (finding.score !== null) severity.push({ method: 'cvss_score', score: String(finding.score) });
    const annotations: Record<string, unknown>[] = [{ package: finding.package.purl }];
    if (finding.suppressed) annotations.push({ suppressed: finding.suppressed });
    return { id: finding.id, severity, annotations };
  });
  const database: Record<string, unknown> = { uri: report.database.path };
  if (report.database.builtAt) database.lastUpdate = report.database.builtAt;
  return {
    scanner: {
      uri: `pkg:npm/veriship@${report.tool.version}`,
      version: report.tool.version,
      db: database,
      result,
    },
    // Required by the predicate; the report carries no scan times, so the attestation time stands in.
    metadata: { scanStartedOn: rfc3339(now), scanFinishedOn: rfc3339(now) },
  };
}
