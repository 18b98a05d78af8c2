/**
 * `--format json`: the ScanReport itself. Keys are written in one fixed order (the contract's order at the
 * top, sorted below it) whatever order the producers built objects in, so equal reports are equal bytes.
 */
import type { ScanReport } from './scan-report.js';

const topLevelOrder: readonly (keyof ScanReport)[] = [
  'schema',
  'tool',
  'source',
  'database',
  'summary',
  'findings',
  'notScanned',
  'expiredIgnores',
  'warnings',
];

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

export function renderJson(report: ScanReport): string {
  const ordered: Record<string, unknown> = {};
  for (const key of topLevelOrder) if (report[key] !== undefined) ordered[key] = sortKeys(report[key]);
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
