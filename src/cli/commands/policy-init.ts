import { UsageError } from '../../errors.js';
import { builtinPackYaml } from '../../policy/packs/builtin.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { writeOutput } from '../output.js';

export const policyInitCommand: Command = {
  name: 'policy init',
  summary: 'write the built-in policy pack as a policy file to start from',
  usage: 'veriship policy init [-o FILE]',
  description: [
    'Writes the built-in pack (signed-artifacts, sbom-present-and-valid, provenance-trusted-builder,',
    'vulnerability-threshold, license-allowlist, pinned-dependencies, supplier-sbom-signed) as YAML, to',
    'FILE (atomically) or stdout. Edit its params (allowlists, severity threshold, trusted builders) and',
    'add exceptions; docs/policy.md documents each rule and param.',
  ].join('\n'),
  options: {
    output: { type: 'string', short: 'o', value: 'FILE', description: 'write to FILE instead of stdout' },
  },
  async run(values, positionals, context) {
    if (positionals.length > 0) throw new UsageError(`policy init: unexpected argument '${positionals[0]}'`);
    await writeOutput(context, values.output, builtinPackYaml);
    return ExitCode.ok;
  },
};
