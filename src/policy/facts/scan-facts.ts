import type { ScanFinding, ScanReport } from '../../vuln/report/scan-report.js';
import type { FindingFact, ScanFact } from '../input-document.js';
import { parseExpiry } from '../load-policy.js';
import { PolicyError } from '../policy-error.js';

const scanReportSchema: ScanReport['schema'] = 'https://veriship.dev/scan-report/v1';

function invalid(file: string, message: string): PolicyError {
  return new PolicyError({ code: 'POLICY_INPUT_INVALID', file, message });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function findingFact(finding: ScanFinding, now: Date): FindingFact {
  const suppressed = finding.suppressed;
  const expiresAt = suppressed?.expires ? parseExpiry(suppressed.expires) : undefined;
  return {
    id: finding.id,
    aliases: strings(finding.aliases),
    severity: finding.severity,
    score: typeof finding.score === 'number' ? finding.score : null,
    package: {
      name: finding.package.name,
      ecosystem: finding.package.ecosystem ?? '',
      purl: finding.package.purl ?? '',
      version: finding.package.version ?? '',
    },
    fixedVersions: strings(finding.fixedVersions),
    suppressed: suppressed
      ? {
          kind: suppressed.kind,
          status: suppressed.status,
          justification: suppressed.justification ?? null,
          detail: suppressed.detail ?? null,
          document: suppressed.document,
          statement: suppressed.statement,
          expires: suppressed.expires ?? null,
          // An unreadable expiry is treated as expired: the ignore cannot be shown to still apply.
          expired: suppressed.expires !== undefined && (!expiresAt || expiresAt.getTime() <= now.getTime()),
        }
      : null,
  };
}

/**
 * The `scan` fact from a `veriship scan --format json` report. The report's `schema` must be the one
 * this gate reads; each finding needs its id, severity and package.
 *
 * @param now Ignore entries whose `expires` has passed by `now` are marked `expired`.
 * @throws PolicyError POLICY_INPUT_INVALID naming the file and the problem
 */
export function scanFacts(file: string, content: Uint8Array, now: Date): ScanFact {
  let report: unknown;
  try {
    report = JSON.parse(Buffer.from(content).toString('utf8'));
  } catch (error) {
    throw invalid(file, `not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(report)) throw invalid(file, 'not a scan report: expected a JSON object');
  if (report.schema !== scanReportSchema) {
    throw invalid(
      file,
      `not a veriship scan report: schema is ${JSON.stringify(report.schema ?? null)}, expected ${scanReportSchema}`,
    );
  }
  if (!Array.isArray(report.findings)) throw invalid(file, 'findings: expected a list');
  const findings = report.findings.map((finding: unknown, index: number) => {
    const severities = ['critical', 'high', 'medium', 'low', 'none', 'unknown'];
    if (
      !isObject(finding) ||
      typeof finding.id !== 'string' ||
      !severities.includes(finding.severity as string) ||
      !isObject(finding.package) ||
      typeof finding.package.name !== 'string' ||
      (finding.suppressed !== null && finding.suppressed !== undefined && !isObject(finding.suppressed))
    ) {
      throw invalid(
        file,
        `findings[${index}]: expected id, a severity (${severities.join(', ')}) and package`,
      );
    }
    // A suppression hides the finding from vulnerability-threshold, so only one the scanner could have
    // written counts: `{}` or `{kind: "maybe"}` is a malformed report, not a suppressed finding.
    const suppression = finding.suppressed;
    if (
      isObject(suppression) &&
      (!['vex', 'ignore'].includes(suppression.kind as string) ||
        typeof suppression.status !== 'string' ||
        typeof suppression.document !== 'string' ||
        typeof suppression.statement !== 'string')
    ) {
      throw invalid(
        file,
        `findings[${index}].suppressed: expected null or { kind: vex|ignore, status, document, statement }`,
      );
    }
    return findingFact(
      {
        ...(finding as unknown as ScanFinding),
        suppressed: (finding.suppressed ?? null) as ScanFinding['suppressed'],
      },
      now,
    );
  });
  const notScanned = Array.isArray(report.notScanned) ? report.notScanned.filter(isObject) : [];
  return {
    file,
    source: typeof report.source === 'string' ? report.source : '',
    findings,
    notScanned: notScanned.map((entry) => ({
      name: String(entry.name ?? ''),
      version: typeof entry.version === 'string' ? entry.version : null,
      reason: String(entry.reason ?? ''),
    })),
  };
}
