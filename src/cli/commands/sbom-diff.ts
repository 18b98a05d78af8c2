import { UsageError } from '../../errors.js';
import { diffSboms, formatDiffText, readSbomForDiff } from '../../sbom/diff/diff-sboms.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { writeOutput } from '../output.js';
import { listOption, oneOf } from '../parse-arguments.js';

const deltaKinds = ['added', 'removed', 'changed'] as const;

export const sbomDiffCommand: Command = {
  name: 'sbom diff',
  summary: 'components added, removed and changed between two SBOMs',
  usage: 'veriship sbom diff OLD NEW [--format text|json] [--fail-on added,removed,changed]',
  description: [
    'Compares two SBOMs: CycloneDX JSON or XML, SPDX 2.2/2.3 JSON or SPDX 3 JSON-LD, in any mix. A component',
    'is matched across the two by its PURL without version, so an upgrade shows as changed (version), not as',
    'removed plus added.',
    'Changes reported: version, hashes, license. With --fail-on, exit 1 when such a delta exists.',
  ].join('\n'),
  options: {
    format: { type: 'string', value: 'FORMAT', description: 'text (default) or json' },
    'fail-on': {
      type: 'string',
      multiple: true,
      value: 'KINDS',
      description: 'exit 1 on these deltas: added, removed, changed',
    },
  },
  async run(values, positionals, context) {
    if (positionals.length !== 2) throw new UsageError('sbom diff: give exactly two SBOM files, OLD and NEW');
    const format = oneOf('sbom diff', 'format', values.format, ['text', 'json'] as const, 'text');
    const failOn = listOption('sbom diff', 'fail-on', values['fail-on'], deltaKinds);
    const [oldPath, newPath] = positionals as [string, string];
    const before = await readSbomForDiff(oldPath, await context.fileSystem.readFile(oldPath));
    const after = await readSbomForDiff(newPath, await context.fileSystem.readFile(newPath));
    const diff = diffSboms(before, after);
    await writeOutput(
      context,
      undefined,
      format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : formatDiffText(diff),
    );
    return failOn.some((kind) => diff[kind].length > 0) ? ExitCode.checkFailed : ExitCode.ok;
  },
};
