import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { predicateFor } from '../../provenance/predicates.js';
import { buildStatement } from '../../provenance/statement.js';
import { subjectsFromFiles } from '../../provenance/subjects.js';
import { readSbom } from '../../sbom/read/read-sbom.js';
import { serializeBundle } from '../../signing/sign/bundle-json.js';
import { defaultDatabaseDirectory } from '../../vuln/db/default-directory.js';
import { renderScanReport } from '../../vuln/report/render-report.js';
import { type FailOn, failOnLevels, findingsAtOrAbove } from '../../vuln/scan.js';
import { scanWithDatabase } from '../../vuln/scan-sbom-with-database.js';
import { recordFile } from '../record-file.js';
import { inDist, type ReleaseContext, releaseFailOn, releasePath } from '../release-context.js';
import { ReleaseError, ReleaseGateError } from '../release-error.js';

/**
 * Step 5: the project SBOM scanned against the offline advisory database, with the configured VEX and
 * ignore file; the report as JSON and SARIF, and as a signed in-toto vulns attestation about every
 * artifact. Unsuppressed findings at or above `scan.failOn` stop the release (the report is kept).
 */
export async function scanStep(
  context: ReleaseContext,
): Promise<{ detail: string; status: 'passed' | 'warned' }> {
  const failOn = releaseFailOn(context);
  if (!(failOnLevels as readonly string[]).includes(failOn)) {
    throw new ReleaseError({
      code: 'RELEASE_CONFIG_INVALID',
      file: 'veriship.yaml',
      message: `scan.failOn must be one of ${failOnLevels.join(', ')} (got ${failOn})`,
    });
  }
  const sbomPath = context.facts.projectSbom as string;
  const sbom = await readSbom(sbomPath, await context.fileSystem.readFile(sbomPath));
  const now = context.clock.now();
  const { report } = await scanWithDatabase({
    sbom,
    sourcePath: releasePath(context, sbomPath),
    database: context.config.scan.database ?? defaultDatabaseDirectory(context.environment),
    vexFiles: context.config.scan.vex,
    ignoreFile: context.config.scan.ignore,
    fileSystem: context.fileSystem,
    now,
  });
  // The database's location is this machine's business, not the release's: keep the report reproducible.
  report.database.path = 'osv';
  const json = inDist(context, 'scan', 'scan.json');
  const sarif = inDist(context, 'scan', 'scan.sarif');
  await writeFileAtomic(
    json,
    renderScanReport('json', report, { sbom, timestamp: now, artifactPath: releasePath(context, sbomPath) }),
  );
  await writeFileAtomic(
    sarif,
    renderScanReport('sarif', report, { sbom, timestamp: now, artifactPath: releasePath(context, sbomPath) }),
  );
  await recordFile(context, json, 'scan-report');
  await recordFile(context, sarif, 'scan-report');

  const statementPath = inDist(context, 'scan', 'scan.intoto.json');
  const bundlePath = inDist(context, 'scan', 'scan.intoto.sigstore.json');
  const { predicateType, predicate } = predicateFor('vuln', report, json, { now });
  const statement = buildStatement(await subjectsFromFiles(context.artifacts), predicateType, predicate);
  await writeFileAtomic(statementPath, `${JSON.stringify(statement, null, 2)}\n`);
  await writeFileAtomic(bundlePath, serializeBundle(await context.signer.signStatement(statement)));
  const bundle = await recordFile(context, bundlePath, 'signature', {
    signs: releasePath(context, statementPath),
  });
  await recordFile(context, statementPath, 'attestation', { signature: bundle.path });
  context.facts.signed += 1;

  const unsuppressed = report.findings.filter((finding) => finding.suppressed === null);
  const bySeverity: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, none: 0, unknown: 0 };
  for (const finding of unsuppressed) bySeverity[finding.severity] = (bySeverity[finding.severity] ?? 0) + 1;
  const lines = unsuppressed.map(
    (finding) =>
      `${finding.id} (${finding.severity}) ${finding.package.name} ${finding.package.version}` +
      (finding.fixedVersions.length > 0 ? `, fixed in ${finding.fixedVersions.join(', ')}` : ', no fix yet'),
  );
  context.facts.scan = {
    report: json,
    findings: unsuppressed.length,
    bySeverity,
    suppressed: report.summary.suppressed,
    lines,
  };
  const blocking = findingsAtOrAbove(report, failOn as FailOn);
  const counts = (['critical', 'high', 'medium', 'low', 'unknown'] as const)
    .map((severity) => `${bySeverity[severity]} ${severity}`)
    .join(', ');
  if (blocking.length > 0) {
    const list = blocking
      .slice(0, 5)
      .map(
        (finding) =>
          `${finding.id} (${finding.severity}) in ${finding.package.name}@${finding.package.version}`,
      )
      .join(', ');
    throw new ReleaseGateError({
      code: 'RELEASE_GATE_FAILED',
      file: join(context.config.dist, 'scan', 'scan.json'),
      message: `${blocking.length} unsuppressed finding(s) at or above ${failOn}: ${list}${blocking.length > 5 ? ', …' : ''}`,
    });
  }
  const detail = `${report.summary.components} components: ${counts}; ${report.summary.suppressed} suppressed; ${report.notScanned.length} not scanned`;
  return { detail, status: unsuppressed.length > 0 ? 'warned' : 'passed' };
}
