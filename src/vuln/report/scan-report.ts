/**
 * The JSON scan report (`veriship scan --format json`): the contract between the scanner, the policy gate
 * (`policy eval --scan`) and the release flow. Change it only compatibly; `schema` names its version.
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';

export interface ScanSuppression {
  kind: 'vex' | 'ignore';
  /** VEX status (`not_affected`, `fixed`, `false_positive`, `resolved`) or `ignored`. */
  status: string;
  justification?: string;
  /** Why, in the author's words: VEX impact statement / ignore-file reason. */
  detail?: string;
  /** The VEX document or ignore file that suppressed the finding. */
  document: string;
  /** Which statement or entry in it: OpenVEX statement @id or index, CycloneDX vulnerability bom-ref or index. */
  statement: string;
  /** Ignore entries only: when the entry stops suppressing (ISO 8601). */
  expires?: string;
}

export interface ScanFinding {
  /** The advisory's OSV id (one finding per vulnerability per component, aliases merged). */
  id: string;
  aliases: string[];
  package: { name: string; ecosystem: string; purl: string; version: string; bomRef?: string };
  severity: Severity;
  /** Highest CVSS base score among the advisory's vectors, or null when it has none we can score. */
  score: number | null;
  cvss: { version: string; vector: string; score: number }[];
  summary: string;
  affectedRanges: { type: string; events: Record<string, string>[] }[];
  fixedVersions: string[];
  references: string[];
  suppressed: ScanSuppression | null;
}

export interface ScanReport {
  schema: 'https://veriship.dev/scan-report/v1';
  tool: { name: 'veriship'; version: string };
  /** The SBOM (or directory) scanned. */
  source: string;
  database: { path: string; builtAt?: string; advisories: number };
  summary: {
    bySeverity: Record<Severity, number>;
    suppressed: number;
    components: number;
    notScanned: number;
  };
  findings: ScanFinding[];
  /** Components without a PURL, or of an ecosystem we cannot match: listed, never silently skipped. */
  notScanned: { bomRef?: string; name: string; version?: string; reason: string }[];
  /** Ignore-file entries that have expired and so suppress nothing any more. */
  expiredIgnores: { id: string; reason: string; expires: string; file: string }[];
  /**
   * What the scan could not evaluate and so skipped, never guessed (an advisory range with an
   * unparseable version, an unknown range type). Optional: added after v1 was first published.
   */
  warnings?: ScanWarning[];
}

export interface ScanWarning {
  /** The component's PURL, when the warning is about one. */
  component?: string;
  /** The advisory id, when the warning is about one. */
  advisory?: string;
  message: string;
}
