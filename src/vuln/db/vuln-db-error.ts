import { type ErrorCategory, VerishipError, type VerishipErrorOptions } from '../../errors.js';

export type VulnDatabaseErrorCode =
  /** An input (zip, directory, file) yielded no advisory at all: broken archive, nothing but malformed records. */
  | 'VULN_DB_INPUT_INVALID'
  /** No database file where one was expected (`db status`, a read-only open). */
  | 'VULN_DB_NOT_FOUND'
  /** The file is not an SQLite database, or not one of ours. */
  | 'VULN_DB_CORRUPT'
  /** Another process holds the database's write lock (an import or update running) past the wait. */
  | 'VULN_DB_BUSY'
  /** The database was written by a newer veriship (schema version we do not know). */
  | 'VULN_DB_SCHEMA_UNSUPPORTED'
  /** A download could not be completed: connection, HTTP status, redirect, timeout, size cap. */
  | 'VULN_DB_DOWNLOAD_FAILED'
  /** A download completed but its size or digest does not match what the server or a manifest promised. */
  | 'VULN_DB_INTEGRITY_FAILED';

const categories: Readonly<Record<VulnDatabaseErrorCode, ErrorCategory>> = {
  VULN_DB_INPUT_INVALID: 'invalid-input',
  VULN_DB_NOT_FOUND: 'invalid-input',
  VULN_DB_CORRUPT: 'invalid-input',
  VULN_DB_BUSY: 'invalid-input',
  VULN_DB_SCHEMA_UNSUPPORTED: 'invalid-input',
  VULN_DB_DOWNLOAD_FAILED: 'invalid-input',
  // A digest that does not verify is a failed check (README "Exit codes": 1), like a bad checksum.
  VULN_DB_INTEGRITY_FAILED: 'check-failed',
};

/** A problem with the offline advisory database or what is imported into it. */
export class VulnDatabaseError extends VerishipError<VulnDatabaseErrorCode> {
  readonly category: ErrorCategory;
  constructor(options: VerishipErrorOptions<VulnDatabaseErrorCode>) {
    super(options);
    this.category = categories[options.code];
  }
}
