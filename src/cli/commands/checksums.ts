import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { computeChecksums, formatChecksums } from '../../signing/checksums/create.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { writeOutput } from '../output.js';

export const checksumsCommand: Command = {
  name: 'checksums',
  summary: 'write SHA-256 checksums in sha256sum format',
  usage: 'veriship checksums FILE... [-o checksums.txt]',
  description: [
    'Hashes each FILE (streamed, in constant memory) and writes `<sha256>  <name>` lines exactly as GNU',
    'sha256sum does, names escaped with a leading backslash when they hold a backslash or a line break,',
    'so that `sha256sum -c` and `veriship checksums verify` both check the result.',
    'Subcommand: veriship checksums verify (see its --help).',
  ].join('\n'),
  options: {
    output: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: 'write the checksums to FILE (atomically; not one of the FILEs); default stdout',
    },
  },
  async run(values, positionals, context) {
    if (positionals.length === 0) throw new UsageError('checksums: name at least one FILE');
    // `checksums dist/* -o dist/checksums.txt` run a second time lists the old checksums.txt: its line would
    // hold the checksum of the content being replaced, and `sha256sum -c` would fail it.
    const output = values.output;
    if (typeof output === 'string' && output !== '-') {
      const input = positionals.find((path) => resolve(path) === resolve(output));
      if (input !== undefined) {
        throw new UsageError(
          `checksums: the output ${output} is also a FILE (${input}); its line would be stale once written, so leave it out`,
        );
      }
    }
    const checksums = await computeChecksums(positionals);
    await writeOutput(context, values.output, formatChecksums(checksums));
    return ExitCode.ok;
  },
};
