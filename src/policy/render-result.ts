import type { PolicyResult, RuleResult } from './policy-result.js';
import type { PolicyTestReport } from './run-policy-tests.js';

function outcome(rule: RuleResult): string {
  switch (rule.decision) {
    case 'pass':
      return 'PASS';
    case 'skip':
      return 'SKIP';
    case 'error':
      return 'ERROR';
    case 'fail':
      return rule.action === 'deny' ? 'DENY' : 'WARN';
  }
}

/**
 * The table: one row per rule (outcome, action, rule, violation count), then each violation's message
 * under its rule, exceptions applied, errors with their position, expired exceptions, and the verdict.
 */
export function formatPolicyTable(result: PolicyResult): string {
  const rows = result.rules.map((rule) => [
    outcome(rule),
    rule.action,
    rule.id,
    String(rule.violations.length),
    String(rule.excepted.length),
  ]);
  const header = ['OUTCOME', 'ACTION', 'RULE', 'VIOLATIONS', 'EXCEPTED'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const lines = [line(header), ...rows.map(line)];
  for (const rule of result.rules) {
    if (rule.violations.length === 0 && rule.excepted.length === 0 && !rule.error) continue;
    lines.push('', `${outcome(rule)} ${rule.id}: ${rule.description}`);
    if (rule.error) {
      lines.push(
        `  error in ${rule.error.field} (expression ${rule.error.line}:${rule.error.column}): ${rule.error.message}`,
        '  (a rule that cannot be evaluated counts as a denial)',
      );
    }
    for (const violation of rule.violations) lines.push(`  - ${violation.message}`);
    for (const excepted of rule.excepted) {
      lines.push(`  ~ ${excepted.message} [excepted until ${excepted.expires}: ${excepted.reason}]`);
    }
  }
  for (const expired of result.expiredExceptions) {
    lines.push(
      '',
      `expired exception (${expired.policy}, line ${expired.line}) for ${expired.rule}: expired ${expired.expires}, no longer applies: ${expired.reason}`,
    );
  }
  const { summary } = result;
  if (result.rules.every((rule) => rule.decision === 'skip')) {
    // The denial has no failing rule to name, so say why.
    lines.push('', 'no rule was evaluated (none given, or every rule skipped): nothing allows the release');
  }
  lines.push(
    '',
    `${result.allowed ? 'ALLOWED' : 'DENIED'}: ${summary.rules} rules, ${summary.passed} passed, ${summary.failed} denied, ${summary.warned} warned, ${summary.errors} errors, ${summary.skipped} skipped`,
  );
  return `${lines.join('\n')}\n`;
}

export function formatPolicyTestReport(report: PolicyTestReport): string {
  const lines = report.outcomes.map(
    (outcome) =>
      `${outcome.passed ? 'PASS' : 'FAIL'} ${outcome.file}: ${outcome.case}: ${outcome.rule}${
        outcome.passed ? '' : ` (expected ${outcome.expected}, got ${outcome.actual})`
      }`,
  );
  const failed = report.outcomes.filter((outcome) => !outcome.passed).length;
  lines.push(
    '',
    `${failed === 0 ? 'PASS' : 'FAIL'}: ${report.outcomes.length - failed}/${report.outcomes.length} expectations in ${report.files} file${report.files === 1 ? '' : 's'}`,
  );
  return `${lines.join('\n')}\n`;
}
