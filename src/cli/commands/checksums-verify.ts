import { UsageError } from '../../errors.js';
import { newParseState } from '../../signing/checksums/parse.js';
import { reportOutcome, reportSummary } from '../../signing/checksums/report.js';
import { type CheckOutcome, type CheckSummary, checkChecksums } from '../../signing/checksums/verify.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { writeOutput } from '../output.js';
import { oneOf } from '../parse-arguments.js';

export const checksumsVerifyCommand: Command = {
  name: 'checksums verify',
  summary: 'check files against a sha256sum-format checksum list',
  usage:
    'veriship checksums verify CHECKSUMS... [--quiet | --status] [--strict] [--warn] [--ignore-missing] [--format text|json]',
  description: [
    'Reads each checksum file as `sha256sum -c` does (text, binary and BSD-tagged lines, escaped names,',
    'comments), recomputes every listed file (names relative to the current folder) and prints',
    '`name: OK`, `name: FAILED` or `name: FAILED open or read`, then the same WARNING summary.',
    'Improperly formatted lines are counted and skipped (they fail the check only with --strict).',
    "With --format json, one report on stdout instead: per checksum file its verdict, counts and each line's",
    'outcome (ok, mismatch, unreadable with the reason, missing, malformed).',
    'Exit 0 when every listed file matched, 1 when any did not or could not be read, 3 when a checksum',
    'file cannot be read.',
  ].join('\n'),
  options: {
    quiet: { type: 'boolean', description: 'do not print OK for each verified file' },
    status: { type: 'boolean', description: 'print nothing; the exit status tells' },
    strict: { type: 'boolean', description: 'fail on improperly formatted checksum lines' },
    warn: { type: 'boolean', short: 'w', description: 'warn about each improperly formatted line' },
    'ignore-missing': { type: 'boolean', description: 'skip files that do not exist' },
    format: { type: 'string', value: 'FORMAT', description: 'text (default, as sha256sum -c) or json' },
  },
  async run(values, positionals, context) {
    if (positionals.length === 0) throw new UsageError('checksums verify: name at least one checksum file');
    const format = oneOf('checksums verify', 'format', values.format, ['text', 'json'] as const, 'text');
    const json = format === 'json';
    const state = newParseState();
    let verified = true;
    const reports: { file: string; summary: CheckSummary; outcomes: CheckOutcome[] }[] = [];
    for (const checksumFile of positionals) {
      const content = (await context.fileSystem.readFile(checksumFile)).toString('utf8');
      const reportOptions = {
        program: 'veriship',
        checksumFile,
        quiet: values.quiet === true,
        status: values.status === true || json,
        warn: values.warn === true,
        ignoreMissing: values['ignore-missing'] === true,
      };
      const outcomes: CheckOutcome[] = [];
      const summary = await checkChecksums(content, {
        state,
        strict: values.strict === true,
        ignoreMissing: reportOptions.ignoreMissing,
        onOutcome(outcome) {
          outcomes.push(outcome);
          const { stdout, stderr } = reportOutcome(outcome, reportOptions);
          if (stderr) context.stderr.write(stderr);
          if (stdout) context.stdout.write(stdout);
        },
      });
      const closing = reportSummary(summary, reportOptions);
      if (closing) context.stderr.write(closing);
      reports.push({ file: checksumFile, summary, outcomes });
      verified &&= summary.verified;
    }
    if (json) await writeOutput(context, undefined, `${JSON.stringify({ verified, reports }, null, 2)}\n`);
    return verified ? ExitCode.ok : ExitCode.checkFailed;
  },
};
