/**
 * The SQLite layout of the advisory database (one file, `advisories.sqlite`), after grype's design: each
 * advisory stored once, plus an index table from (ecosystem, normalised package name) to advisory, so
 * that a scan costs one indexed lookup per component.
 *
 * Bump `schemaVersion` on any incompatible change. A database with another version is refused (an old
 * veriship must not misread a newer layout); an older one is rebuilt by deleting it and updating.
 */
export const schemaVersion = 1;

export const databaseFileName = 'advisories.sqlite';

export const createSchema = `
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);

-- An explicit INTEGER PRIMARY KEY (VACUUM may renumber implicit rowids) that the other tables point
-- to: integer keys keep their b-trees small and their inserts appends. A rowid table, not WITHOUT
-- ROWID: rows are kilobytes, and WITHOUT ROWID suits small rows only (sqlite.org/withoutrowid.html §4).
CREATE TABLE IF NOT EXISTS advisories (
  key INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  -- sortableTimestamp(modified): string order is time order.
  modified TEXT NOT NULL,
  -- 1 when the record carries "withdrawn": kept (so a later stale copy cannot resurrect it) but never matched.
  withdrawn INTEGER NOT NULL,
  -- The OSV JSON: TEXT (compact JSON) or, for a record read from a zip archive, a BLOB holding the
  -- archive entry's own raw deflate stream, stored as is: nothing to re-serialise, a quarter the size.
  record NOT NULL
);
-- Lets \`status()\` count advisories and withdrawn ones from a small index instead of reading every record.
CREATE INDEX IF NOT EXISTS advisories_by_withdrawn ON advisories (withdrawn);

CREATE TABLE IF NOT EXISTS affected_packages (
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  advisory INTEGER NOT NULL,
  -- '' or the part after the first colon of the advisory's ecosystem (Debian:11 -> 11).
  suffix TEXT NOT NULL,
  PRIMARY KEY (ecosystem, name, advisory, suffix)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS affected_packages_by_advisory ON affected_packages (advisory);

CREATE TABLE IF NOT EXISTS sources (
  key INTEGER PRIMARY KEY,
  location TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  sha256 TEXT,
  imported_at TEXT NOT NULL,
  advisories INTEGER NOT NULL
);

-- Which sources last delivered each advisory: a mirror update drops an advisory no source has any more.
CREATE TABLE IF NOT EXISTS advisory_sources (
  source INTEGER NOT NULL,
  advisory INTEGER NOT NULL,
  PRIMARY KEY (source, advisory)
) WITHOUT ROWID;

-- Per-ecosystem counts for \`db status\` and scan reports, recomputed by each import that changed
-- something: aggregating the index on every status call would cost a second on a full database.
CREATE TABLE IF NOT EXISTS ecosystem_statistics (
  ecosystem TEXT PRIMARY KEY,
  advisories INTEGER NOT NULL,
  packages INTEGER NOT NULL
) WITHOUT ROWID;
`;
