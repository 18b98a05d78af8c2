import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseVerishipConfig, type VerishipConfig } from '../../config/veriship-config.js';
import { UsageError } from '../../errors.js';
import { systemClock } from '../../runtime.js';
import { collectComponentGraph } from '../../sbom/generate.js';
import { readSbom } from '../../sbom/read/read-sbom.js';
import type { SbomDocument } from '../../sbom/read/sbom-document.js';
import { renderSbom } from '../../sbom/render.js';
import { verishipVersion } from '../../version.js';
import { defaultDatabaseDirectory } from '../../vuln/db/default-directory.js';
import {
  renderScanReport,
  type ScanReportFormat,
  scanReportFormats,
} from '../../vuln/report/render-report.js';
import type { ScanFinding } from '../../vuln/report/scan-report.js';
import { failOnLevels, findingsAtOrAbove } from '../../vuln/scan.js';
import { scanWithDatabase } from '../../vuln/scan-sbom-with-database.js';
import type { CliContext, Command, ParsedValues } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { printWarnings, writeOutput } from '../output.js';
import { oneOf } from '../parse-arguments.js';

/** A directory is scanned as `veriship sbom DIR` would describe it, in memory. */
async function sbomOfDirectory(
  path: string,
  context: CliContext,
  quiet: boolean,
): Promise<{ sbom: SbomDocument; artifact: string }> {
  const graph = await collectComponentGraph({
    paths: [path],
    recursive: false,
    omitDevelopment: false,
    fileSystem: context.fileSystem,
  });
  if (!quiet) printWarnings(context, graph.warnings);
  const text = renderSbom(graph, {
    format: 'cyclonedx-json',
    specVersion: '1.6',
    timestamp: systemClock(context.environment).now(),
    toolVersion: verishipVersion,
  });
  const sbom = await readSbom(path, Buffer.from(text));
  // SARIF needs a file to point at: the first lockfile read (GitHub shows results on it). Sources are
  // named from the project folder: the folder scanned, or the folder of the lockfile named.
  const source = graph.sources[0];
  const projectFolder = (await context.fileSystem.kind(path)) === 'directory' ? path : dirname(path);
  return { sbom, artifact: source === undefined ? path : join(projectFolder, source) };
}

/**
 * GitHub code scanning resolves a SARIF `artifactLocation.uri` against the repository root, so a file
 * inside the working directory is named relative to it; anything else keeps its absolute path.
 */
function artifactPathForSarif(path: string): string {
  const inside = relative(process.cwd(), resolve(path));
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

/** The `scan` section of `--config FILE` or `./veriship.yaml` (docs/release-workflow.md), if any. */
async function scanConfiguration(values: ParsedValues, context: CliContext): Promise<VerishipConfig['scan']> {
  const explicit = typeof values.config === 'string' ? values.config : undefined;
  const file = explicit ?? 'veriship.yaml';
  if (!explicit && (await context.fileSystem.kind(file)) !== 'file') return { vex: [] };
  return parseVerishipConfig((await context.fileSystem.readFile(file)).toString('utf8'), file).scan;
}

function describe(finding: ScanFinding): string {
  return `${finding.id} (${finding.severity}${finding.score === null ? '' : ` ${finding.score.toFixed(1)}`}) in ${finding.package.name}@${finding.package.version}`;
}

export const scanCommand: Command = {
  name: 'scan',
  summary: 'match an SBOM (or a project folder) against the offline OSV advisory database',
  usage:
    'veriship scan SBOM|DIR [--db DIR] [--fail-on LEVEL] [--config FILE] [--vex FILE...] [--ignore FILE] [--format table|json|sarif|cyclonedx] [-o FILE]',
  description: [
    'Reads any CycloneDX (JSON 1.2–1.7, XML) or SPDX (2.2/2.3 JSON, 3.0 JSON-LD) SBOM, or a project folder',
    '(its lockfiles, as `veriship sbom DIR` reads them), and matches every component with a PURL against',
    'the advisories in the database (see `veriship db update` / `veriship db import`). Components without a',
    'PURL, or of an ecosystem whose versions we cannot order, are listed as not scanned (and counted in a',
    'warning on stderr; SARIF carries them as tool execution notifications).',
    'Advisories that alias each other (GHSA, CVE, PYSEC, GO, RUSTSEC) make one finding.',
    'Exit 1 when an unsuppressed finding is at or above --fail-on (a finding of unknown severity counts',
    'as critical), 3 when the SBOM cannot be read or there is no database.',
    '--fail-on, --db, --vex and --ignore default to `scan:` failOn, database, vex and ignore in',
    './veriship.yaml or --config FILE (docs/release-workflow.md).',
  ].join('\n'),
  options: {
    db: {
      type: 'string',
      value: 'DIR',
      description:
        'advisory database folder (default $VERISHIP_DB_DIR, else $XDG_CACHE_HOME/veriship/db or ~/.cache/veriship/db)',
    },
    'fail-on': {
      type: 'string',
      value: 'LEVEL',
      description: `exit 1 at or above this severity: ${failOnLevels.join(', ')} (default none: report only)`,
    },
    config: {
      type: 'string',
      value: 'FILE',
      description: 'configuration file with a scan: section (default ./veriship.yaml when present)',
    },
    vex: {
      type: 'string',
      multiple: true,
      value: 'FILE',
      description: 'OpenVEX or CycloneDX VEX document (repeatable)',
    },
    ignore: {
      type: 'string',
      value: 'FILE',
      description: 'ignore file: accepted findings with reasons and expiry dates',
    },
    format: {
      type: 'string',
      value: 'FORMAT',
      description: `report format: ${scanReportFormats.join(', ')} (default table)`,
    },
    output: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: 'write the report to FILE (atomically); default stdout',
    },
    quiet: { type: 'boolean', short: 'q', description: 'do not print warnings' },
  },
  async run(values, positionals, context) {
    if (positionals.length !== 1) throw new UsageError('scan: name one SBOM file or project folder');
    const path = positionals[0] as string;
    const format = oneOf<ScanReportFormat>('scan', 'format', values.format, scanReportFormats, 'table');
    const configured = await scanConfiguration(values, context);
    // Flags win over veriship.yaml; without either, report only.
    const failOn =
      values['fail-on'] !== undefined
        ? oneOf('scan', 'fail-on', values['fail-on'], failOnLevels, 'none')
        : (configured.failOn ?? 'none');
    const quiet = values.quiet === true;
    const clock = systemClock(context.environment);

    const input =
      (await context.fileSystem.kind(path)) === 'directory'
        ? await sbomOfDirectory(path, context, quiet)
        : { sbom: await readSbom(path, await context.fileSystem.readFile(path)), artifact: path };
    const { sbom } = input;

    const vexFiles = Array.isArray(values.vex) ? values.vex.map(String) : configured.vex;
    const { report, suppressionWarnings } = await scanWithDatabase({
      sbom,
      sourcePath: path,
      database:
        typeof values.db === 'string'
          ? values.db
          : (configured.database ?? defaultDatabaseDirectory(context.environment)),
      vexFiles,
      ignoreFile: typeof values.ignore === 'string' ? values.ignore : configured.ignore,
      fileSystem: context.fileSystem,
      now: clock.now(),
    });
    if (!quiet) printWarnings(context, suppressionWarnings);

    if (!quiet) {
      for (const warning of report.warnings ?? []) {
        const where = [warning.component, warning.advisory].filter(Boolean).join(' ');
        context.stderr.write(`veriship: warning: ${where ? `${where}: ` : ''}${warning.message}\n`);
      }
      if (report.notScanned.length > 0) {
        // Not a finding, so not in --fail-on; but a component nobody checked must not read as clean.
        context.stderr.write(
          `veriship: warning: ${report.notScanned.length} of ${report.summary.components} component${report.summary.components === 1 ? '' : 's'} not scanned (no PURL, no version, or an ecosystem we cannot order); the report lists them with reasons\n`,
        );
      }
      for (const entry of report.expiredIgnores) {
        context.stderr.write(
          `veriship: warning: ${entry.file}: ignore entry ${entry.id} expired ${entry.expires}\n`,
        );
      }
    }
    await writeOutput(
      context,
      values.output,
      renderScanReport(format, report, {
        sbom,
        timestamp: clock.now(),
        artifactPath: artifactPathForSarif(input.artifact),
      }),
    );

    const failing = findingsAtOrAbove(report, failOn);
    if (failing.length === 0) return ExitCode.ok;
    context.stderr.write(
      `veriship: ${failing.length} unsuppressed finding${failing.length === 1 ? '' : 's'} at or above --fail-on ${failOn}:\n`,
    );
    for (const finding of failing) context.stderr.write(`  ${describe(finding)}\n`);
    return ExitCode.checkFailed;
  },
};
