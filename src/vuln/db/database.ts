import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type BetterSqlite3 from 'better-sqlite3';
import { unwritable } from '../../io/atomic-write.js';
import { canonicalEcosystem, ecosystemBase, ecosystemSuffix } from '../osv/ecosystems.js';
import type { OsvAdvisory } from '../osv/osv-types.js';
import { normalizePackageName } from '../osv/package-name.js';
import { createSchema, databaseFileName, schemaVersion } from './schema.js';
import { VulnDatabaseError } from './vuln-db-error.js';

export interface DatabaseSource {
  /** Absolute path of an imported file or directory, or the URL an archive was downloaded from. */
  location: string;
  kind: 'zip' | 'directory' | 'file' | 'download';
  /** SHA-256 of the archive or file as imported (null for a directory). */
  sha256: string | null;
  /** When it was last imported (ISO 8601, from the injected clock). */
  importedAt: string;
  /** Valid advisories it held at that import. */
  advisories: number;
}

export interface DatabaseStatus {
  /** The SQLite file. */
  path: string;
  schemaVersion: number;
  /** Advisories stored, withdrawn ones included. */
  advisories: number;
  /** Of those, withdrawn: kept, never matched. */
  withdrawn: number;
  /** Per ecosystem (without suffix), advisories that can match and the distinct packages they name. */
  ecosystems: { ecosystem: string; advisories: number; packages: number }[];
  sources: DatabaseSource[];
  /** The newest `importedAt`, or null for a database nothing was imported into. */
  lastImportedAt: string | null;
}

/** What the scanner needs: `{ advisoriesFor }`, structurally. */
export interface AdvisoryDatabase {
  /** The SQLite file. */
  readonly path: string;
  /**
   * Every advisory, withdrawn ones excluded, with an `affected[].package` in `ecosystem` whose name
   * equals `packageName` once both are normalised (`normalizePackageName`), deduplicated and sorted by id.
   * The ecosystem may be given in any case (`pypi`); with a suffix (`Debian:11`) only advisories naming
   * that exact suffix are returned, without one the whole family (`Debian`, `Debian:11`, …) is. The
   * caller still has to check versions against each advisory's ranges. The objects returned are shared
   * between calls: read them, do not modify them.
   * @throws VulnDatabaseError VULN_DB_CORRUPT when a page or stored record cannot be read (never an empty
   *   answer), VULN_DB_BUSY when another process holds the lock past the busy timeout
   */
  advisoriesFor(ecosystem: string, packageName: string): OsvAdvisory[];
  status(): DatabaseStatus;
  close(): void;
}

export interface OpenOptions {
  /** Open an existing database for reading only (scanning, status); never creates or migrates. */
  readonly?: boolean;
}

type Connection = BetterSqlite3.Database;

// better-sqlite3 is a native addon: loaded on first open, so that importing the library costs nothing
// for callers who never touch the database. createRequire keeps the load synchronous.
let sqlite: typeof BetterSqlite3 | undefined;
function loadSqlite(): typeof BetterSqlite3 {
  sqlite ??= createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  return sqlite;
}

const connections = new WeakMap<AdvisoryDatabase, Connection>();

/** The SQLite connection behind a database opened by `openAdvisoryDatabase` (for the importer). */
export function connectionOf(database: AdvisoryDatabase): Connection {
  const connection = connections.get(database);
  if (!connection) throw new TypeError('not a database opened by openAdvisoryDatabase');
  return connection;
}

/**
 * Opens (and, unless read-only, creates) the advisory database `advisories.sqlite` in `directory`.
 * Rollback-journal mode, not WAL: the database is one file at rest that a read-only scanner can open
 * in a read-only folder, and every import is one transaction, so readers see the old data or the new.
 * @throws VulnDatabaseError VULN_DB_NOT_FOUND (read-only and no database), VULN_DB_CORRUPT (not an
 *   SQLite database, or not ours), VULN_DB_SCHEMA_UNSUPPORTED (written by a newer veriship)
 */
export function openAdvisoryDatabase(directory: string, options: OpenOptions = {}): AdvisoryDatabase {
  const readonly = options.readonly === true;
  const path = resolve(join(directory, databaseFileName));
  if (readonly && !existsSync(path)) {
    throw new VulnDatabaseError({
      code: 'VULN_DB_NOT_FOUND',
      file: path,
      message: 'no advisory database here (create one with `veriship db update` or `veriship db import`)',
    });
  }
  if (!readonly) {
    try {
      mkdirSync(directory, { recursive: true });
    } catch (error) {
      // mkdir -p over a file fails with EEXIST on it: to the user, a file stands where the folder must be.
      const code = (error as NodeJS.ErrnoException).code;
      throw unwritable(directory, error, code === 'EEXIST' ? 'ENOTDIR' : code);
    }
  }
  const Database = loadSqlite();
  let connection: Connection;
  try {
    connection = new Database(path, { readonly, fileMustExist: readonly, timeout: 10_000 });
  } catch (error) {
    throw new VulnDatabaseError({
      code: 'VULN_DB_CORRUPT',
      file: path,
      message: `cannot open: ${(error as Error).message}`,
      cause: error,
    });
  }
  try {
    checkSchema(connection, path, readonly);
  } catch (error) {
    connection.close();
    throw error;
  }
  const database = new SqliteAdvisoryDatabase(path, connection);
  connections.set(database, connection);
  return database;
}

function checkSchema(connection: Connection, path: string, readonly: boolean): void {
  let version: number | undefined;
  try {
    const table = connection
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
      .get();
    if (table) {
      const row = connection.prepare('SELECT MAX(version) AS version FROM schema_version').get() as
        | { version: number | null }
        | undefined;
      version = row?.version ?? undefined;
    } else if (!readonly) {
      const tables = connection
        .prepare("SELECT COUNT(*) AS count FROM sqlite_master WHERE type = 'table'")
        .get() as {
        count: number;
      };
      if (tables.count === 0) {
        connection.exec('BEGIN');
        connection.exec(createSchema);
        connection.prepare('INSERT INTO schema_version (version) VALUES (?)').run(schemaVersion);
        connection.exec('COMMIT');
        version = schemaVersion;
      }
    }
  } catch (error) {
    // SQLITE_NOTADB: "file is not a database" surfaces on the first statement, not on open.
    throw new VulnDatabaseError({
      code: 'VULN_DB_CORRUPT',
      file: path,
      message: `not a readable SQLite database: ${(error as Error).message}`,
      cause: error,
    });
  }
  if (version === undefined) {
    throw new VulnDatabaseError({
      code: 'VULN_DB_CORRUPT',
      file: path,
      message: 'an SQLite database, but not a veriship advisory database (no schema_version)',
    });
  }
  if (version !== schemaVersion) {
    throw new VulnDatabaseError({
      code: 'VULN_DB_SCHEMA_UNSUPPORTED',
      file: path,
      message:
        version > schemaVersion
          ? `database schema version ${version} is newer than this veriship supports (${schemaVersion}); upgrade veriship or use another --db`
          : `database schema version ${version} is no longer supported (now ${schemaVersion}); delete the file and run \`veriship db update\` again`,
    });
  }
}

/**
 * The lookup behind `advisoriesFor`. Its plan is pinned: CROSS JOIN keeps the package index as the outer
 * loop and `+a.withdrawn` keeps SQLite from choosing the withdrawn index instead, which (without ANALYZE
 * statistics) it would, and would then read every advisory for every lookup: seconds per component.
 */
export const advisoriesQuery = `SELECT a.id AS id, a.modified AS modified, a.record AS record
      FROM affected_packages p CROSS JOIN advisories a ON a.key = p.advisory
      WHERE p.ecosystem = ? AND p.name = ? AND +a.withdrawn = 0`;

type AdvisoryRow = { id: string; modified: string; record: string | Buffer };

/** The stored record as JSON text: TEXT as is, a BLOB is the zip entry's raw deflate stream (see schema.ts). */
export function recordText(record: string | Buffer): string {
  if (typeof record === 'string') return record;
  const text = inflateRawSync(record).toString('utf8');
  // Archive entries are stored byte for byte, so a UTF-8 byte order mark (which parseAdvisory tolerates) may lead.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * A read that fails after the database opened: a page or record damaged since it was written, or a lock
 * held past the busy timeout. Never an empty answer: a scan that cannot read an advisory must not report
 * the package clean.
 */
function readFailure(path: string, what: string, error: unknown): VulnDatabaseError {
  const sqliteCode = (error as { code?: unknown }).code;
  const busy = typeof sqliteCode === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(sqliteCode);
  return new VulnDatabaseError({
    code: busy ? 'VULN_DB_BUSY' : 'VULN_DB_CORRUPT',
    file: path,
    message: busy
      ? `${what}: the database is locked by another process (${(error as Error).message})`
      : `${what}: ${(error as Error).message}; delete the file and run \`veriship db update\` again`,
    cause: error,
  });
}

/** The stored OSV record of a row; the importer only stores valid records, so anything else is damage. */
function parseStoredRecord(path: string, row: AdvisoryRow): OsvAdvisory {
  let advisory: unknown;
  try {
    advisory = JSON.parse(recordText(row.record));
  } catch (error) {
    throw readFailure(path, `stored record of ${row.id} is unreadable`, error);
  }
  if (typeof advisory !== 'object' || advisory === null || Array.isArray(advisory)) {
    throw readFailure(path, `stored record of ${row.id} is unreadable`, new Error('not a JSON object'));
  }
  return advisory as OsvAdvisory;
}

class SqliteAdvisoryDatabase implements AdvisoryDatabase {
  // Parsed once per advisory version: keyed by id, checked against `modified`, so an import through
  // this same connection never leaves a stale object behind.
  private readonly parsed = new Map<string, { modified: string; advisory: OsvAdvisory }>();
  private readonly byFamily: BetterSqlite3.Statement<[string, string], AdvisoryRow>;
  private readonly bySuffix: BetterSqlite3.Statement<[string, string, string], AdvisoryRow>;

  constructor(
    readonly path: string,
    private readonly connection: Connection,
  ) {
    const select = advisoriesQuery;
    this.byFamily = connection.prepare(`${select} GROUP BY a.key ORDER BY a.id`);
    this.bySuffix = connection.prepare(`${select} AND p.suffix = ? GROUP BY a.key ORDER BY a.id`);
  }

  advisoriesFor(ecosystem: string, packageName: string): OsvAdvisory[] {
    const base = canonicalEcosystem(ecosystemBase(ecosystem));
    // An ecosystem the OSV schema does not know has no advisories: import refuses records naming one.
    if (base === undefined) return [];
    const suffix = ecosystemSuffix(ecosystem);
    const name = normalizePackageName(base, packageName);
    let rows: AdvisoryRow[];
    try {
      rows = suffix === '' ? this.byFamily.all(base, name) : this.bySuffix.all(base, name, suffix);
    } catch (error) {
      throw readFailure(this.path, `cannot look up ${base} ${JSON.stringify(name)}`, error);
    }
    return rows.map((row) => {
      const cached = this.parsed.get(row.id);
      if (cached && cached.modified === row.modified) return cached.advisory;
      const advisory = parseStoredRecord(this.path, row);
      this.parsed.set(row.id, { modified: row.modified, advisory });
      return advisory;
    });
  }

  status(): DatabaseStatus {
    try {
      return this.readStatus();
    } catch (error) {
      throw readFailure(this.path, 'cannot read the database status', error);
    }
  }

  private readStatus(): DatabaseStatus {
    const totals = this.connection
      .prepare(
        'SELECT COUNT(*) AS advisories, (SELECT COUNT(*) FROM advisories WHERE withdrawn = 1) AS withdrawn FROM advisories',
      )
      .get() as { advisories: number; withdrawn: number };
    const ecosystems = this.connection
      .prepare('SELECT ecosystem, advisories, packages FROM ecosystem_statistics ORDER BY ecosystem')
      .all() as DatabaseStatus['ecosystems'];
    const sources = this.connection
      .prepare(
        `SELECT location, kind, sha256, imported_at AS importedAt, advisories FROM sources ORDER BY location`,
      )
      .all() as DatabaseSource[];
    const lastImportedAt = sources.reduce<string | null>(
      (latest, source) => (latest === null || source.importedAt > latest ? source.importedAt : latest),
      null,
    );
    return { path: this.path, schemaVersion, ...totals, ecosystems, sources, lastImportedAt };
  }

  close(): void {
    this.parsed.clear();
    if (this.connection.open) this.connection.close();
  }
}
