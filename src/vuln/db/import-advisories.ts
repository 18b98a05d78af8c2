import { type FileSystem, nodeFileSystem } from '../../io/file-system.js';
import type { Clock } from '../../runtime.js';
import { type ParsedAdvisory, parseAdvisory } from '../osv/parse-advisory.js';
import { openAdvisoryInput } from './advisory-inputs.js';
import { type AdvisoryDatabase, connectionOf, type DatabaseSource } from './database.js';
import { VulnDatabaseError } from './vuln-db-error.js';

export interface ImportCounts {
  /** Valid records read. */
  records: number;
  /** New advisory ids. */
  added: number;
  /** Known ids whose record is newer (`modified`) than the stored one: replaced. */
  updated: number;
  /** Known ids whose stored record is as new or newer: left as they are. */
  unchanged: number;
  /** Of added + updated, records that are withdrawn: stored, no longer matched. */
  withdrawn: number;
  /** Malformed records, skipped with a warning. */
  skipped: number;
  /** Advisories dropped because no source holds them any more (mirror imports only). */
  removed: number;
}

export interface ImportWarning {
  /** The file, or `archive.zip!entry.json`. */
  file: string;
  message: string;
}

export interface InputSummary extends ImportCounts {
  path: string;
  kind: DatabaseSource['kind'];
  sha256: string | null;
}

export interface ImportResult {
  database: string;
  inputs: InputSummary[];
  totals: ImportCounts;
  warnings: ImportWarning[];
}

/** An input with its own name and source key: a download, named by its URL rather than its temp file. */
export interface PreparedInput {
  /** The file or folder to read. */
  path: string;
  /** Names it in messages and warnings (default: `path`). */
  name?: string;
  /** Its key in the sources table (default: the absolute path). */
  location?: string;
  kind?: DatabaseSource['kind'];
  /** Refuse it unless it is a zip archive (a download of `all.zip`). */
  mustBeZip?: boolean;
}

export interface ImportOptions {
  clock: Clock;
  fileSystem?: FileSystem;
  /**
   * Mirror mode (`db update`): each source replaces what it delivered before, so an advisory that no
   * source holds any more is removed. Without it an import only adds and updates.
   */
  mirror?: boolean;
  /** Called every few thousand records, for a progress line. */
  onProgress?: (records: number, input: string) => void;
}

function zeroCounts(): ImportCounts {
  return { records: 0, added: 0, updated: 0, unchanged: 0, withdrawn: 0, skipped: 0, removed: 0 };
}

/**
 * Imports OSV advisories from zip archives, directories and JSON files (see `openAdvisoryInput`) into
 * the database, as one transaction: either every input is imported or, when any one fails, the
 * database is left exactly as it was.
 *
 * Per record: a malformed one is skipped with a warning naming it; a new id is added; a known id is
 * replaced only by a record with a later `modified` (OSV schema: "modified" changes whenever the record
 * does), so re-importing the same data is a no-op and an older copy never overwrites a newer one.
 * Withdrawn records are stored like any other (a stale copy cannot bring the advisory back) and are
 * never returned by `advisoriesFor`. Records with one id seen twice in one import: the later-modified
 * wins; on a tie, the first read (inputs in the order given, names sorted within an input).
 *
 * @throws VulnDatabaseError VULN_DB_INPUT_INVALID when an input yields no valid advisory at all (broken
 *   or empty archive, nothing but malformed files), naming it; VULN_DB_BUSY when another writer holds
 *   the lock; InputError when an input cannot be read.
 */
export async function importAdvisories(
  database: AdvisoryDatabase,
  inputs: readonly (string | PreparedInput)[],
  options: ImportOptions,
): Promise<ImportResult> {
  const fileSystem = options.fileSystem ?? nodeFileSystem;
  const connection = connectionOf(database);
  const importedAt = options.clock.now().toISOString();
  const statements = {
    existing: connection.prepare<[string], { key: number; modified: string }>(
      'SELECT key, modified FROM advisories WHERE id = ?',
    ),
    insert: connection.prepare<[string, string, number, string | Buffer]>(
      'INSERT INTO advisories (id, modified, withdrawn, record) VALUES (?, ?, ?, ?)',
    ),
    // UPDATE, not INSERT OR REPLACE: the row keeps its key, so the links to it stay valid.
    update: connection.prepare<[string, number, string | Buffer, number]>(
      'UPDATE advisories SET modified = ?, withdrawn = ?, record = ? WHERE key = ?',
    ),
    deleteIndex: connection.prepare<[number]>('DELETE FROM affected_packages WHERE advisory = ?'),
    insertIndex: connection.prepare<[string, string, number, string]>(
      'INSERT OR IGNORE INTO affected_packages (ecosystem, name, advisory, suffix) VALUES (?, ?, ?, ?)',
    ),
    source: connection.prepare<[string, string, string | null, string], { key: number }>(
      `INSERT INTO sources (location, kind, sha256, imported_at, advisories) VALUES (?, ?, ?, ?, 0)
       ON CONFLICT (location) DO UPDATE SET kind = excluded.kind, sha256 = excluded.sha256,
         imported_at = excluded.imported_at, advisories = 0
       RETURNING key`,
    ),
    countSource: connection.prepare<[number, number]>('UPDATE sources SET advisories = ? WHERE key = ?'),
    forgetSource: connection.prepare<[number]>('DELETE FROM advisory_sources WHERE source = ?'),
    linkSource: connection.prepare<[number, number]>(
      'INSERT OR IGNORE INTO advisory_sources (source, advisory) VALUES (?, ?)',
    ),
  };

  const apply = (parsed: ParsedAdvisory, stored: string | Buffer, source: number, counts: ImportCounts) => {
    const { advisory } = parsed;
    const existing = statements.existing.get(advisory.id);
    let key: number;
    if (existing && existing.modified >= parsed.modified) {
      counts.unchanged++;
      key = existing.key;
    } else {
      const withdrawn = parsed.withdrawn ? 1 : 0;
      if (existing) {
        key = existing.key;
        statements.update.run(parsed.modified, withdrawn, stored, key);
        statements.deleteIndex.run(key);
        counts.updated++;
      } else {
        key = Number(statements.insert.run(advisory.id, parsed.modified, withdrawn, stored).lastInsertRowid);
        counts.added++;
      }
      if (parsed.withdrawn) counts.withdrawn++;
      for (const index of parsed.packages)
        statements.insertIndex.run(index.ecosystem, index.name, key, index.suffix);
    }
    statements.linkSource.run(source, key);
  };

  const result: ImportResult = { database: database.path, inputs: [], totals: zeroCounts(), warnings: [] };
  connection.pragma('cache_size = -131072'); // 128 MiB of page cache while building indexes
  try {
    // IMMEDIATE: take the write lock now (waiting up to the connection's busy timeout), so that two
    // imports never interleave and a reader never sees half of one.
    connection.exec('BEGIN IMMEDIATE');
  } catch (error) {
    throw new VulnDatabaseError({
      code: 'VULN_DB_BUSY',
      file: database.path,
      message: `cannot lock the database for writing (another import or update running?): ${(error as Error).message}`,
      cause: error,
    });
  }
  try {
    for (const item of inputs) {
      // Opened one at a time, inside the transaction: only one archive is held in memory at once.
      const prepared: PreparedInput = typeof item === 'string' ? { path: item } : item;
      const input = await openAdvisoryInput(prepared.path, fileSystem, prepared.name ?? prepared.path);
      if (prepared.mustBeZip && input.kind !== 'zip') {
        throw new VulnDatabaseError({
          code: 'VULN_DB_INPUT_INVALID',
          file: input.path,
          message: 'not a zip archive',
        });
      }
      const location = prepared.location ?? input.location;
      const counts = zeroCounts();
      const warnings: ImportWarning[] = [];
      const kind = prepared.kind ?? input.kind;
      const source = (statements.source.get(location, kind, input.sha256, importedAt) as { key: number }).key;
      if (options.mirror) statements.forgetSource.run(source);
      for await (const record of input.records()) {
        const parsed = parseAdvisory(record.content);
        if (!parsed.ok) {
          counts.skipped++;
          warnings.push({ file: record.file, message: `skipped: ${parsed.problems.join('; ')}` });
          continue;
        }
        counts.records++;
        // A zip entry's own deflate stream is stored as is; anything else as compact JSON.
        apply(parsed.value, record.deflated ?? JSON.stringify(parsed.value.advisory), source, counts);
        if (counts.records % 5000 === 0) options.onProgress?.(counts.records, input.path);
      }
      if (counts.records === 0) {
        const why =
          warnings.length === 0
            ? 'holds no OSV advisory (*.json)'
            : `holds no valid OSV advisory (${warnings.length} malformed: ${warnings[0]?.file}: ${warnings[0]?.message}${warnings.length > 1 ? ', …' : ''})`;
        throw new VulnDatabaseError({ code: 'VULN_DB_INPUT_INVALID', file: input.path, message: why });
      }
      statements.countSource.run(counts.records, source);
      result.inputs.push({ path: input.path, kind, sha256: input.sha256, ...counts });
      result.warnings.push(...warnings);
    }
    if (options.mirror) result.totals.removed = removeOrphans(connection);
    const changed =
      result.inputs.some((input) => input.added + input.updated > 0) || result.totals.removed > 0;
    if (changed) refreshStatistics(connection);
    connection.exec('COMMIT');
  } catch (error) {
    if (connection.inTransaction) connection.exec('ROLLBACK');
    throw error;
  }
  for (const input of result.inputs) {
    for (const key of Object.keys(result.totals) as (keyof ImportCounts)[]) {
      if (key !== 'removed') result.totals[key] += input[key];
    }
  }
  return result;
}

/** Deletes advisories that no source delivers any more, with their index rows, and sources that deliver nothing. */
function removeOrphans(connection: ReturnType<typeof connectionOf>): number {
  const orphans = 'SELECT key FROM advisories WHERE key NOT IN (SELECT advisory FROM advisory_sources)';
  connection.exec(`DELETE FROM affected_packages WHERE advisory IN (${orphans})`);
  const removed = connection.prepare(`DELETE FROM advisories WHERE key IN (${orphans})`).run().changes;
  connection.exec('DELETE FROM sources WHERE key NOT IN (SELECT source FROM advisory_sources)');
  return removed;
}

/** Recomputes `ecosystem_statistics`: advisories that can match, and distinct packages, per ecosystem. */
function refreshStatistics(connection: ReturnType<typeof connectionOf>): void {
  connection.exec(`DELETE FROM ecosystem_statistics;
    INSERT INTO ecosystem_statistics (ecosystem, advisories, packages)
    SELECT p.ecosystem, COUNT(DISTINCT p.advisory), COUNT(DISTINCT p.name)
    FROM affected_packages p CROSS JOIN advisories a ON a.key = p.advisory
    WHERE +a.withdrawn = 0 GROUP BY p.ecosystem`);
}
