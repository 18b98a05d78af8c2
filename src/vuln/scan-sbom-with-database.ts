import type { FileSystem } from '../io/file-system.js';
import type { SbomDocument } from '../sbom/read/sbom-document.js';
import { openAdvisoryDatabase } from './db/database.js';
import type { ScanFinding, ScanReport } from './report/scan-report.js';
import { scanSbom } from './scan.js';
import { applySuppressions, loadSuppressions } from './vex/index.js';
import type { VexWarning } from './vex/vex-statement.js';

export interface DatabaseScanOptions {
  sbom: SbomDocument;
  /** The SBOM as the user named it: the report's `source`. */
  sourcePath: string;
  /** The advisory database folder. */
  database: string;
  vexFiles: readonly string[];
  ignoreFile?: string | undefined;
  fileSystem: FileSystem;
  now: Date;
}

/**
 * A scan as `veriship scan` and the release flow run it: the VEX and ignore files loaded for the SBOM's
 * own product identity (so product-level statements apply), the database opened read-only and closed,
 * suppressions applied. Warnings about statements that suppress less than they say are returned.
 * @throws VexError for a malformed VEX or ignore file, DatabaseError when there is no database (exit 3)
 */
export async function scanWithDatabase(
  options: DatabaseScanOptions,
): Promise<{ report: ScanReport; suppressionWarnings: VexWarning[] }> {
  const { sbom } = options;
  const suppressions =
    options.vexFiles.length > 0 || options.ignoreFile !== undefined
      ? await loadSuppressions(
          {
            vexFiles: [...options.vexFiles],
            ...(options.ignoreFile === undefined ? {} : { ignoreFile: options.ignoreFile }),
            product: {
              ...(sbom.root?.purl ? { purl: sbom.root.purl } : {}),
              ...(sbom.root?.bomRef ? { bomRef: sbom.root.bomRef } : {}),
              ...(sbom.root?.version ? { componentVersion: sbom.root.version } : {}),
              ...(sbom.serialNumber ? { serialNumber: sbom.serialNumber } : {}),
              ...(sbom.bomVersion === undefined ? {} : { version: sbom.bomVersion }),
            },
          },
          options.fileSystem,
        )
      : undefined;
  const database = openAdvisoryDatabase(options.database, { readonly: true });
  try {
    const status = database.status();
    const report = scanSbom({
      sbom,
      sourcePath: options.sourcePath,
      advisories: database,
      database: {
        path: database.path,
        ...(status.lastImportedAt ? { builtAt: status.lastImportedAt } : {}),
        advisories: status.advisories - status.withdrawn,
      },
      ...(suppressions
        ? { suppress: (findings: ScanFinding[]) => applySuppressions(findings, suppressions, options.now) }
        : {}),
    });
    return { report, suppressionWarnings: suppressions?.warnings ?? [] };
  } finally {
    database.close();
  }
}
