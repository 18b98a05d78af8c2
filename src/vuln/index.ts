// The vulnerability capability: advisories (db), version orderings, severity, VEX, matching and reports.

// Reading any SBOM (ours or another tool's) lives in sbom/read; exported here with the scanner that needs it.
export { readSbom } from '../sbom/read/read-sbom.js';
export type { ReadSbomFormat, SbomComponent, SbomDocument } from '../sbom/read/sbom-document.js';
export * from './db/index.js';
export { type AdvisorySource, memoryAdvisorySource } from './match/advisory-source.js';
export { type AffectedEvaluation, evaluateAffected } from './match/affects.js';
export { type OsvCoordinates, resolvePurl } from './match/purl-ecosystem.js';
export type * from './osv/osv-types.js';
export { renderCycloneDxVdr } from './report/cyclonedx-vdr.js';
export { compareFindings, severityOrder } from './report/finding-order.js';
export { renderJson } from './report/json.js';
export { type Remediation, remediations } from './report/remediation.js';
export { renderScanReport, type ScanReportFormat, scanReportFormats } from './report/render-report.js';
export { renderSarif } from './report/sarif.js';
export type * from './report/scan-report.js';
export { renderTable } from './report/table.js';
export {
  type FailOn,
  failOnLevels,
  findingsAtOrAbove,
  type ScanOptions,
  scanSbom,
} from './scan.js';
// `severityRank` is left out: the policy module exports a CEL `severityRank` under the same name at the
// package root. Import it from `vuln/severity/` directly.
export {
  type AdvisoryCvss,
  type AdvisorySeverity,
  advisorySeverity,
  type CvssScore,
  type CvssVector,
  type CvssVersion,
  meetsSeverityThreshold,
  parseCvssVector,
  ratingForScore,
  type SeverityThreshold,
  scoreCvss,
} from './severity/index.js';
export * from './versions/index.js';
export * from './vex/index.js';
