/**
 * The human report (`--format table`): findings grouped by package, then the remediation list, then what
 * was not scanned. Plain text, no colour, fixed column order, so it diffs and pastes cleanly.
 */
import { severityOrder as severities } from './finding-order.js';
import { remediations } from './remediation.js';
import type { ScanFinding, ScanReport } from './scan-report.js';

function columns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [index, cell] of row.entries()) widths[index] = Math.max(widths[index] ?? 0, cell.length);
  }
  return rows.map((row) =>
    row
      .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** The first fixes only: some advisories list one per release line (RUSTSEC-2020-0071 names eight). */
function fixedIn(versions: readonly string[]): string {
  if (versions.length === 0) return 'no fix';
  const shown = versions.slice(0, 3).join(', ');
  return `fixed in ${shown}${versions.length > 3 ? `, … (+${versions.length - 3})` : ''}`;
}

function packageLabel(finding: ScanFinding): string {
  return `${finding.package.name}@${finding.package.version} (${finding.package.ecosystem})`;
}

function suppressionLabel(finding: ScanFinding): string {
  const suppression = finding.suppressed;
  if (!suppression) return '';
  const why = suppression.justification ? `, ${suppression.justification}` : '';
  return `suppressed: ${suppression.kind} ${suppression.status}${why}`;
}

function summaryLine(report: ScanReport): string {
  const counts = severities
    .filter((severity) => report.summary.bySeverity[severity] > 0)
    .map((severity) => `${report.summary.bySeverity[severity]} ${severity}`);
  const open = severities.reduce((sum, severity) => sum + report.summary.bySeverity[severity], 0);
  return [
    `${open} finding${open === 1 ? '' : 's'}${counts.length > 0 ? ` (${counts.join(', ')})` : ''}`,
    `${report.summary.suppressed} suppressed`,
    `${report.summary.components} component${report.summary.components === 1 ? '' : 's'}`,
    `${report.summary.notScanned} not scanned`,
  ].join(', ');
}

export function renderTable(report: ScanReport): string {
  const lines: string[] = [];
  const built = report.database.builtAt ? `, built ${report.database.builtAt}` : '';
  lines.push(`Scanned ${report.source}: ${summaryLine(report)}`);
  lines.push(`Advisories: ${report.database.path} (${report.database.advisories}${built})`);

  const byPackage = new Map<string, ScanFinding[]>();
  for (const finding of report.findings) {
    const key = `${packageLabel(finding)}\u0000${finding.package.bomRef ?? ''}`;
    byPackage.set(key, [...(byPackage.get(key) ?? []), finding]);
  }
  for (const group of byPackage.values()) {
    const first = group[0] as ScanFinding;
    lines.push('', packageLabel(first));
    const rows = group.map((finding) => [
      finding.id,
      finding.severity,
      finding.score === null ? '-' : finding.score.toFixed(1),
      fixedIn(finding.fixedVersions),
      [finding.summary, suppressionLabel(finding) && `[${suppressionLabel(finding)}]`]
        .filter(Boolean)
        .join(' '),
    ]);
    lines.push(...columns(rows).map((line) => `  ${line}`));
    for (const finding of group) {
      if (finding.aliases.length > 0) lines.push(`    ${finding.id} aliases: ${finding.aliases.join(', ')}`);
    }
  }

  const fixes = remediations(report.findings);
  if (fixes.length > 0) {
    lines.push('', 'Remediation (smallest upgrade fixing every unsuppressed finding):');
    lines.push(
      ...columns(
        fixes.map((fix) => [
          `${fix.package.name}@${fix.package.version}`,
          fix.upgradeTo ? `-> ${fix.upgradeTo}` : 'no fix available',
          `(${fix.findings.join(', ')})`,
        ]),
      ).map((line) => `  ${line}`),
    );
  }

  if (report.notScanned.length > 0) {
    lines.push('', `Not scanned (${report.notScanned.length}):`);
    for (const entry of report.notScanned) {
      lines.push(`  ${entry.name}${entry.version ? `@${entry.version}` : ''}: ${entry.reason}`);
    }
  }
  if (report.expiredIgnores.length > 0) {
    lines.push('', 'Expired ignore entries (no longer suppress anything):');
    for (const entry of report.expiredIgnores) {
      lines.push(`  ${entry.id} expired ${entry.expires} (${entry.file}): ${entry.reason}`);
    }
  }
  if (report.findings.length === 0) lines.push('', 'No known vulnerabilities found.');
  return `${lines.join('\n')}\n`;
}
