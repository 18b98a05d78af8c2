// The OSV parsing the database is built on (the OSV types themselves: `vuln/osv/osv-types.ts`).
export { canonicalEcosystem, ecosystemBase, isOsvEcosystem, osvEcosystems } from '../osv/ecosystems.js';
export { normalizePackageName } from '../osv/package-name.js';
export {
  type AdvisoryParseResult,
  type AffectedPackageKey,
  type ParsedAdvisory,
  parseAdvisory,
  validateAdvisory,
} from '../osv/parse-advisory.js';
export {
  type AdvisoryInput,
  advisoryZipLimits,
  type InputRecord,
  openAdvisoryInput,
} from './advisory-inputs.js';
export {
  type AdvisoryDatabase,
  type DatabaseSource,
  type DatabaseStatus,
  type OpenOptions,
  openAdvisoryDatabase,
} from './database.js';
export { defaultDatabaseDirectory } from './default-directory.js';
export { type DownloadedFile, type DownloadOptions, downloadFile } from './download.js';
export {
  type ImportCounts,
  type ImportOptions,
  type ImportResult,
  type ImportWarning,
  type InputSummary,
  importAdvisories,
  type PreparedInput,
} from './import-advisories.js';
export { databaseAge, formatImportText, formatStatusText } from './report.js';
export {
  archiveUrl,
  defaultAdvisorySource,
  defaultUpdateEcosystems,
  type UpdateOptions,
  type UpdateResult,
  updateAdvisoryDatabase,
} from './update-database.js';
export { VulnDatabaseError, type VulnDatabaseErrorCode } from './vuln-db-error.js';
