/**
 * `vulnerabilities`: the SBOM scanned against the advisory database with the supplier's VEX applied
 * (`vuln/scan.ts`), failing on an unsuppressed finding at or above the threshold. VEX can only suppress a
 * finding; it never adds trust, so a VEX file that cannot be used stops the run (exit 3, `loadSuppressions`).
 */
import { InputError } from '../errors.js';
import type { FileSystem } from '../io/file-system.js';
import { readSbom } from '../sbom/read/read-sbom.js';
import type { SbomDocument } from '../sbom/read/sbom-document.js';
import type { AdvisorySource } from '../vuln/match/advisory-source.js';
import type { ScanFinding, ScanReport } from '../vuln/report/scan-report.js';
import { type FailOn, findingsAtOrAbove, scanSbom } from '../vuln/scan.js';
import { applySuppressions } from '../vuln/vex/apply-suppressions.js';
import { loadSuppressions } from '../vuln/vex/load-suppressions.js';
import type { VexWarning } from '../vuln/vex/vex-statement.js';
import { failed, passed, type SupplierCheck } from './supplier-checks.js';

export interface SupplierScanOptions {
  advisories: AdvisorySource;
  /** What the report says about the database (path, build time, advisory count). */
  database: ScanReport['database'];
  /** The supplier's OpenVEX or CycloneDX VEX documents. */
  vexFiles: readonly string[];
  failOn: FailOn;
}

export interface SupplierScanResult {
  check: SupplierCheck;
  report: ScanReport | undefined;
  sbom: SbomDocument | undefined;
  warnings: VexWarning[];
}

function describe(finding: ScanFinding): string {
  const score = finding.score === null ? '' : ` ${finding.score.toFixed(1)}`;
  return `${finding.severity}${score} in ${finding.package.name}@${finding.package.version}`;
}

/**
 * @throws VexError / InputError when a VEX file cannot be read or used
 */
export async function scanSupplierSbom(
  file: string,
  content: Uint8Array,
  options: SupplierScanOptions,
  fileSystem: FileSystem,
  now: Date,
): Promise<SupplierScanResult> {
  let sbom: SbomDocument;
  try {
    sbom = await readSbom(file, content);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return {
      check: failed('vulnerabilities', `not scanned: not a readable SBOM: ${error.message}`),
      report: undefined,
      sbom: undefined,
      warnings: [],
    };
  }
  const suppressions =
    options.vexFiles.length > 0
      ? await loadSuppressions(
          {
            vexFiles: [...options.vexFiles],
            product: {
              ...(sbom.root?.purl ? { purl: sbom.root.purl } : {}),
              ...(sbom.root?.bomRef ? { bomRef: sbom.root.bomRef } : {}),
              ...(sbom.root?.version ? { componentVersion: sbom.root.version } : {}),
              ...(sbom.serialNumber ? { serialNumber: sbom.serialNumber } : {}),
              ...(sbom.bomVersion === undefined ? {} : { version: sbom.bomVersion }),
            },
          },
          fileSystem,
        )
      : undefined;
  const report = scanSbom({
    sbom,
    sourcePath: file,
    advisories: options.advisories,
    database: options.database,
    ...(suppressions
      ? { suppress: (findings: ScanFinding[]) => applySuppressions(findings, suppressions, now) }
      : {}),
  });
  const failing = findingsAtOrAbove(report, options.failOn);
  const total = report.findings.length;
  const counts = `${total} finding${total === 1 ? '' : 's'}, ${report.summary.suppressed} suppressed, ${report.summary.notScanned} component${report.summary.notScanned === 1 ? '' : 's'} not scanned`;
  const unsuppressed = report.findings.filter((finding) => !finding.suppressed).length;
  const check =
    options.failOn === 'none'
      ? // `none` gates nothing: say so, rather than "no unsuppressed finding at or above none" over findings.
        passed(
          'vulnerabilities',
          `not gated (--fail-on none): ${unsuppressed} unsuppressed finding${unsuppressed === 1 ? '' : 's'} (${counts})`,
        )
      : failing.length === 0
        ? passed('vulnerabilities', `no unsuppressed finding at or above ${options.failOn} (${counts})`)
        : failed(
            'vulnerabilities',
            `${failing.length} unsuppressed finding${failing.length === 1 ? '' : 's'} at or above ${options.failOn} (${counts})`,
            failing.map((finding) => ({ check: finding.id, passed: false, reason: describe(finding) })),
          );
  return { check, report, sbom, warnings: suppressions?.warnings ?? [] };
}
