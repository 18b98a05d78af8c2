/**
 * `--format sarif`: SARIF 2.1.0 (OASIS, errata01) as GitHub code scanning ingests it
 * (docs.github.com "SARIF support for code scanning"): one `reportingDescriptor` rule per vulnerability
 * id with help text and `properties.security-severity`, one result per finding located at the scanned
 * file (GitHub drops results without a physical location), suppressed findings carrying `suppressions`.
 */
import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compareFindings, severityOrder } from './finding-order.js';
import type { ScanFinding, ScanReport, Severity } from './scan-report.js';

export interface SarifOptions {
  /** The file results point at (the SBOM, or the lockfile a directory scan read); default `report.source`. */
  artifactPath?: string;
}

/**
 * GitHub reads `security-severity` as a CVSS-like number in a string: >9.0 critical, 7.0–8.9 high,
 * 4.0–6.9 medium, 0.1–3.9 low. Without a score the severity's band midpoint stands in; `unknown` and
 * `none` give none, and GitHub then falls back to the result level.
 */
const bandScore: Partial<Record<Severity, number>> = { critical: 9.5, high: 8.0, medium: 5.5, low: 2.0 };

/** SARIF §3.27.10 `level`: error for critical/high, warning for medium and unknown, note below. */
function levelOf(severity: Severity): 'error' | 'warning' | 'note' {
  if (severity === 'critical' || severity === 'high') return 'error';
  if (severity === 'medium' || severity === 'unknown') return 'warning';
  return 'note';
}

/** SARIF §3.4 `uri` is a URI reference: a relative path with `/` separators, or a file: URL when absolute. */
function artifactUri(path: string): string {
  if (isAbsolute(path)) return pathToFileURL(path).href;
  return path
    .split(/[\\/]/)
    .filter((segment) => segment !== '.')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function securitySeverity(findings: readonly ScanFinding[]): string | undefined {
  const scores = findings
    .map((finding) => finding.score ?? bandScore[finding.severity])
    .filter((score): score is number => score !== undefined);
  return scores.length > 0 ? Math.max(...scores).toFixed(1) : undefined;
}

function helpText(finding: ScanFinding): { text: string; markdown: string } {
  const fixed =
    finding.fixedVersions.length > 0 ? finding.fixedVersions.join(', ') : 'no fixed version known';
  const aliases = finding.aliases.length > 0 ? finding.aliases.join(', ') : 'none';
  const text = [
    `${finding.id}: ${finding.summary || 'no summary'}`,
    `Aliases: ${aliases}`,
    `Severity: ${finding.severity}${finding.score === null ? '' : ` (${finding.score.toFixed(1)})`}`,
    `Fixed in: ${fixed}`,
    ...(finding.references.length > 0 ? ['References:', ...finding.references.map((url) => `- ${url}`)] : []),
  ].join('\n');
  const markdown = [
    `**${finding.id}**: ${finding.summary || 'no summary'}`,
    '',
    `| Aliases | Severity | Fixed in |`,
    `|---|---|---|`,
    `| ${aliases} | ${finding.severity}${finding.score === null ? '' : ` (${finding.score.toFixed(1)})`} | ${fixed} |`,
    ...(finding.references.length > 0 ? ['', ...finding.references.map((url) => `- <${url}>`)] : []),
  ].join('\n');
  return { text, markdown };
}

function helpUri(finding: ScanFinding): string {
  return `https://osv.dev/vulnerability/${encodeURIComponent(finding.id)}`;
}

/** GitHub tracks a result across runs by `partialFingerprints`; ours is the vulnerability and the package. */
function fingerprint(finding: ScanFinding): string {
  return createHash('sha256').update(`${finding.id}\u0000${finding.package.purl}`).digest('hex');
}

export function renderSarif(report: ScanReport, options: SarifOptions = {}): string {
  const findings = [...report.findings].sort(compareFindings);
  const byId = new Map<string, ScanFinding[]>();
  for (const finding of findings) byId.set(finding.id, [...(byId.get(finding.id) ?? []), finding]);
  const ruleIds = [...byId.keys()].sort();
  const rules = ruleIds.map((id) => {
    const group = byId.get(id) as ScanFinding[];
    const first = group[0] as ScanFinding;
    const severity = securitySeverity(group);
    const worst = group.map((finding) => finding.severity).sort((a, b) => order(a) - order(b))[0] as Severity;
    return {
      id,
      name: id.replace(/[^A-Za-z0-9]/g, ''),
      shortDescription: { text: first.summary || id },
      fullDescription: { text: first.summary || id },
      helpUri: helpUri(first),
      help: helpText(first),
      defaultConfiguration: { level: levelOf(worst) },
      properties: {
        tags: ['security', 'vulnerability', first.package.ecosystem],
        ...(severity === undefined ? {} : { 'security-severity': severity }),
        ...(first.aliases.length > 0 ? { aliases: first.aliases } : {}),
      },
    };
  });
  const uri = artifactUri(options.artifactPath ?? report.source);
  const results = findings.map((finding) => {
    const suppression = finding.suppressed;
    const fixed =
      finding.fixedVersions.length > 0 ? `fixed in ${finding.fixedVersions.join(', ')}` : 'no fix available';
    return {
      ruleId: finding.id,
      ruleIndex: ruleIds.indexOf(finding.id),
      level: levelOf(finding.severity),
      message: {
        text: `${finding.package.name}@${finding.package.version} (${finding.package.ecosystem}) is affected by ${finding.id}${finding.summary ? `: ${finding.summary}` : ''} (${fixed})`,
      },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } },
          logicalLocations: [{ name: finding.package.purl, kind: 'module' }],
        },
      ],
      partialFingerprints: { 'veriship/v1': fingerprint(finding) },
      ...(suppression
        ? {
            suppressions: [
              {
                // SARIF §3.35.2: "external" = suppressed outside the analysed artifact (a VEX or ignore file).
                kind: 'external',
                status: 'accepted',
                justification: [
                  `${suppression.kind} ${suppression.status}`,
                  suppression.justification,
                  suppression.detail,
                  `(${suppression.document}${suppression.statement ? ` ${suppression.statement}` : ''})`,
                ]
                  .filter(Boolean)
                  .join(': '),
              },
            ],
          }
        : {}),
      properties: {
        purl: finding.package.purl,
        installedVersion: finding.package.version,
        fixedVersions: finding.fixedVersions,
        severity: finding.severity,
        ...(finding.score === null ? {} : { score: finding.score }),
      },
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'veriship',
            version: report.tool.version,
            rules,
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications(report) }],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * SARIF §3.20.21 `toolExecutionNotifications`: what the scan could not check. Without them a SARIF consumer
 * sees no result for a component that was never scanned (no PURL, an ecosystem we cannot order) or for an
 * advisory range that could not be evaluated, which reads as "clean".
 */
function notifications(report: ScanReport): { level: 'warning'; message: { text: string } }[] {
  const notScanned = report.notScanned.map((entry) => ({
    level: 'warning' as const,
    message: {
      text: `not scanned: ${entry.name}${entry.version ? `@${entry.version}` : ''}${entry.bomRef ? ` (${entry.bomRef})` : ''}: ${entry.reason}`,
    },
  }));
  const skipped = (report.warnings ?? []).map((warning) => ({
    level: 'warning' as const,
    message: {
      text: [warning.component, warning.advisory, warning.message].filter(Boolean).join(': '),
    },
  }));
  return [...notScanned, ...skipped];
}

function order(severity: Severity): number {
  return severityOrder.indexOf(severity);
}
