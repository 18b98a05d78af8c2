import type { DatabaseStatus } from './database.js';
import type { ImportCounts, ImportResult } from './import-advisories.js';
import type { UpdateResult } from './update-database.js';

function countsLine(counts: ImportCounts): string {
  const parts = [
    `added ${counts.added}`,
    `updated ${counts.updated}`,
    `unchanged ${counts.unchanged}`,
    `withdrawn ${counts.withdrawn}`,
    `skipped ${counts.skipped}`,
  ];
  if (counts.removed > 0) parts.push(`removed ${counts.removed}`);
  return parts.join(', ');
}

/** The text summary of `db import` / `db update`: one line per input, then the totals. */
export function formatImportText(result: ImportResult | UpdateResult): string {
  const lines: string[] = [];
  if ('downloads' in result) {
    for (const download of result.downloads) {
      lines.push(
        `downloaded ${download.url} (${download.bytes} bytes, sha256 ${download.sha256}; verified: ${download.verified.join(', ') || 'nothing the server offered'})`,
      );
    }
  }
  for (const input of result.inputs) {
    lines.push(`${input.path} (${input.kind}): ${input.records} advisories: ${countsLine(input)}`);
  }
  lines.push(`${result.database}: ${countsLine(result.totals)}`);
  return `${lines.join('\n')}\n`;
}

/** Age of the newest import, in milliseconds, or undefined when nothing was ever imported. */
export function databaseAge(status: DatabaseStatus, now: Date): number | undefined {
  if (status.lastImportedAt === null) return undefined;
  return now.getTime() - Date.parse(status.lastImportedAt);
}

export function formatDuration(milliseconds: number): string {
  const minutes = Math.floor(Math.max(0, milliseconds) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

function table(rows: string[][]): string[] {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** `db status` as text: the file, totals, per-ecosystem counts, then the sources. */
export function formatStatusText(status: DatabaseStatus, now: Date): string {
  const age = databaseAge(status, now);
  const lines = [
    `database: ${status.path} (schema ${status.schemaVersion})`,
    `advisories: ${status.advisories} (${status.withdrawn} withdrawn)`,
    `last import: ${status.lastImportedAt ?? 'never'}${age === undefined ? '' : ` (${formatDuration(age)} ago)`}`,
    '',
    ...table([
      ['ECOSYSTEM', 'ADVISORIES', 'PACKAGES'],
      ...status.ecosystems.map((row) => [row.ecosystem, String(row.advisories), String(row.packages)]),
    ]),
    '',
    ...table([
      ['SOURCE', 'KIND', 'ADVISORIES', 'IMPORTED', 'SHA256'],
      ...status.sources.map((source) => [
        source.location,
        source.kind,
        String(source.advisories),
        source.importedAt,
        source.sha256 ?? '-',
      ]),
    ]),
  ];
  return `${lines.join('\n')}\n`;
}
