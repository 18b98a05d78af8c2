import { UsageError } from '../../errors.js';
import { type ValidationReport, validateSbom } from '../../sbom/validate/validate-sbom.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { writeOutput } from '../output.js';
import { oneOf } from '../parse-arguments.js';

function formatReport(report: ValidationReport): string {
  const head = `${report.file}: ${report.format} ${report.specVersion}: ${report.valid ? 'valid' : `invalid (${report.errors.length} violation${report.errors.length === 1 ? '' : 's'})`}`;
  const coverage = report.coverage ? [`  checked: ${report.coverage}`] : [];
  return [
    head,
    ...coverage,
    ...report.errors.map((error) => `  ${error.path || '/'}: ${error.message}`),
  ].join('\n');
}

export const sbomValidateCommand: Command = {
  name: 'sbom validate',
  summary: 'validate SBOMs: CycloneDX against the official schemas, SPDX against checks from the spec',
  usage: 'veriship sbom validate FILE... [--format text|json]',
  description: [
    'Validates CycloneDX 1.2–1.7 (JSON and XML) against the official CycloneDX schemas, plus the',
    'reference rules a schema cannot express (unique bom-refs, dependencies pointing at real refs),',
    'and SPDX 2.3 JSON. SPDX 3.0.1 JSON-LD gets structural checks (Core, Software and SimpleLicensing',
    'profiles; no official SPDX 3 schema is bundled), and the report says so. Prints each violation with its',
    'JSON path (line for XML).',
    'Exit 0 when every file is valid, 1 when any is invalid, 3 when a file is unreadable or not an SBOM.',
  ].join('\n'),
  options: {
    format: { type: 'string', value: 'FORMAT', description: 'report format: text (default) or json' },
  },
  async run(values, positionals, context) {
    if (positionals.length === 0) throw new UsageError('sbom validate: name at least one SBOM file');
    const format = oneOf('sbom validate', 'format', values.format, ['text', 'json'] as const, 'text');
    const reports: ValidationReport[] = [];
    for (const path of positionals) {
      reports.push(await validateSbom(path, await context.fileSystem.readFile(path)));
    }
    const text =
      format === 'json'
        ? `${JSON.stringify({ valid: reports.every((report) => report.valid), reports }, null, 2)}\n`
        : `${reports.map(formatReport).join('\n')}\n`;
    await writeOutput(context, undefined, text);
    return reports.every((report) => report.valid) ? ExitCode.ok : ExitCode.checkFailed;
  },
};
