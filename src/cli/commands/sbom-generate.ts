import { UsageError } from '../../errors.js';
import { systemClock } from '../../runtime.js';
import { cycloneDxSpecVersions } from '../../sbom/cyclonedx/to-cyclonedx.js';
import { extractors } from '../../sbom/extractors/registry.js';
import { collectComponentGraph } from '../../sbom/generate.js';
import { renderSbom, type SbomFormat, sbomFormats } from '../../sbom/render.js';
import { verishipVersion } from '../../version.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { printWarnings, progressReporter, writeOutput } from '../output.js';
import { listOption, oneOf } from '../parse-arguments.js';

export const sbomGenerateCommand: Command = {
  name: 'sbom',
  summary: 'generate an SBOM from lockfiles, wheels and manifests',
  usage:
    'veriship sbom [PATH...] [-o FILE] [--format FORMAT] [--spec-version 1.5|1.6|1.7] [--recursive] [--omit dev] [--type ID]',
  description: [
    'Reads project folders (their lockfiles, skipping node_modules, .git and virtual environments) or',
    'explicit lockfiles and wheels, and writes one SBOM. PATH defaults to the current folder.',
    'Inputs: package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml, yarn.lock (v1 and berry), uv.lock,',
    'poetry.lock, Pipfile.lock, requirements*.txt, *.whl (named explicitly); package.json and',
    'pyproject.toml give the project itself (metadata.component).',
    'The timestamp honours SOURCE_DATE_EPOCH; the serial number is derived from the content.',
    'Subcommands: veriship sbom validate | diff | merge (see their --help).',
  ].join('\n'),
  options: {
    output: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: 'write the SBOM to FILE (atomically); default stdout',
    },
    format: {
      type: 'string',
      value: 'FORMAT',
      description: `output format: ${sbomFormats.join(', ')} (default cyclonedx-json)`,
    },
    'spec-version': {
      type: 'string',
      value: 'VERSION',
      description: 'CycloneDX version: 1.5, 1.6 (default) or 1.7',
    },
    recursive: { type: 'boolean', short: 'r', description: 'also search subfolders (monorepos)' },
    omit: { type: 'string', multiple: true, value: 'dev', description: 'leave out development dependencies' },
    type: {
      type: 'string',
      value: 'ID',
      description: `format of explicitly named files: ${extractors.map((entry) => entry.id).join(', ')}`,
    },
    quiet: { type: 'boolean', short: 'q', description: 'do not print warnings' },
  },
  async run(values, positionals, context) {
    const format = oneOf<SbomFormat>('sbom', 'format', values.format, sbomFormats, 'cyclonedx-json');
    const specVersion = oneOf('sbom', 'spec-version', values['spec-version'], cycloneDxSpecVersions, '1.6');
    if (values['spec-version'] !== undefined && !format.startsWith('cyclonedx')) {
      throw new UsageError('sbom: --spec-version applies to CycloneDX formats only');
    }
    const omit = listOption('sbom', 'omit', values.omit, ['dev'] as const);
    const clock = systemClock(context.environment);
    const progress = progressReporter(context);
    const graph = await collectComponentGraph({
      paths: positionals.length > 0 ? positionals : ['.'],
      recursive: values.recursive === true,
      ...(typeof values.type === 'string' ? { type: values.type } : {}),
      omitDevelopment: omit.includes('dev'),
      fileSystem: context.fileSystem,
      onProgress: (done, total, path) => progress.update(done, total, path),
    });
    progress.done();
    if (!values.quiet) printWarnings(context, graph.warnings);
    const content = renderSbom(graph, {
      format,
      specVersion,
      timestamp: clock.now(),
      toolVersion: verishipVersion,
    });
    await writeOutput(context, values.output, content);
    return ExitCode.ok;
  },
};
