import type { SbomDocument } from '../../sbom/read/sbom-document.js';
import { renderCycloneDxVdr } from './cyclonedx-vdr.js';
import { renderJson } from './json.js';
import { renderSarif } from './sarif.js';
import type { ScanReport } from './scan-report.js';
import { renderTable } from './table.js';

export const scanReportFormats = ['table', 'json', 'sarif', 'cyclonedx'] as const;
export type ScanReportFormat = (typeof scanReportFormats)[number];

export interface RenderScanOptions {
  /** The SBOM scanned: the CycloneDX VDR repeats its components. */
  sbom: SbomDocument;
  /** CycloneDX `metadata.timestamp`, from the caller's clock (SOURCE_DATE_EPOCH). */
  timestamp: Date;
  /** The file SARIF results point at; default the report's source. */
  artifactPath?: string;
}

/** One report, any format: the renderers share the ScanReport and nothing else. */
export function renderScanReport(
  format: ScanReportFormat,
  report: ScanReport,
  options: RenderScanOptions,
): string {
  switch (format) {
    case 'table':
      return renderTable(report);
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(
        report,
        options.artifactPath === undefined ? {} : { artifactPath: options.artifactPath },
      );
    case 'cyclonedx':
      return renderCycloneDxVdr(report, { sbom: options.sbom, timestamp: options.timestamp });
  }
}
