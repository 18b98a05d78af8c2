import { InputError, UsageError } from '../../errors.js';
import { systemClock } from '../../runtime.js';
import { mergeCycloneDx } from '../../sbom/merge/merge-sboms.js';
import { detectSbom } from '../../sbom/validate/detect-sbom-format.js';
import { verishipVersion } from '../../version.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { writeOutput } from '../output.js';
import { oneOf } from '../parse-arguments.js';

export const sbomMergeCommand: Command = {
  name: 'sbom merge',
  summary: 'merge several CycloneDX SBOMs into one, deduplicated by PURL',
  usage:
    'veriship sbom merge SBOM... [-o FILE] [--spec-version 1.5|1.6|1.7] [--name NAME [--version VERSION]]',
  description: [
    'Merges CycloneDX JSON SBOMs (for example one per monorepo service) into one: components are',
    "deduplicated by PURL and dependency graphs are joined. Each input's metadata.component becomes a",
    'component; with --name, a new root of that name depends on them. Timestamp honours SOURCE_DATE_EPOCH.',
  ].join('\n'),
  options: {
    output: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: 'write the merged SBOM to FILE (atomically); default stdout',
    },
    'spec-version': {
      type: 'string',
      value: 'VERSION',
      description: 'CycloneDX version of the result (default 1.6)',
    },
    name: { type: 'string', value: 'NAME', description: 'name of the merged root component' },
    version: { type: 'string', value: 'VERSION', description: 'version of the merged root component' },
  },
  async run(values, positionals, context) {
    if (positionals.length < 2) throw new UsageError('sbom merge: give at least two SBOM files');
    if (values.version !== undefined && values.name === undefined) {
      throw new UsageError('sbom merge: --version needs --name');
    }
    const specVersion = oneOf(
      'sbom merge',
      'spec-version',
      values['spec-version'],
      ['1.5', '1.6', '1.7'] as const,
      '1.6',
    );
    const boms = [];
    for (const path of positionals) {
      // Detected by content, so that an XML or SPDX input is named as what it is rather than "not JSON".
      const { detected } = detectSbom(path, await context.fileSystem.readFile(path));
      if (detected.format === 'cyclonedx-xml') {
        throw new InputError({
          code: 'INPUT_UNSUPPORTED',
          file: path,
          message: `sbom merge reads CycloneDX JSON; this is CycloneDX XML ${detected.specVersion}`,
        });
      }
      boms.push({ path, document: detected.document });
    }
    const merged = mergeCycloneDx(boms, {
      specVersion,
      timestamp: systemClock(context.environment).now(),
      toolVersion: verishipVersion,
      ...(typeof values.name === 'string'
        ? {
            root: {
              name: values.name,
              ...(typeof values.version === 'string' ? { version: values.version } : {}),
            },
          }
        : {}),
    });
    await writeOutput(context, values.output, `${JSON.stringify(merged, null, 2)}\n`);
    return ExitCode.ok;
  },
};
