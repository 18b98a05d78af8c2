import { UsageError } from '../../errors.js';
import { formatPolicyTestReport } from '../../policy/render-result.js';
import { runPolicyTests } from '../../policy/run-policy-tests.js';
import { systemClock } from '../../runtime.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { writeOutput } from '../output.js';
import { oneOf } from '../parse-arguments.js';

export const policyTestCommand: Command = {
  name: 'policy test',
  summary: 'run policy unit tests (*.policytest.yaml: input fixtures and expected decisions)',
  usage: 'veriship policy test DIR|FILE [--format text|json]',
  description: [
    'Runs every *.policytest.yaml under DIR (docs/policy.md "Policy tests"), like `kyverno test` or',
    '`opa test`: each names a policy (a path relative to it, or builtin) and cases, each an input document',
    '(inline or a file) with the decision (pass, fail, error, skip) and optionally the violation count',
    "expected of each rule. Exceptions expire against the case's `now`, else SOURCE_DATE_EPOCH or the clock.",
    'Exit 0 when every expectation holds, 1 on any mismatch, 3 when a test or policy cannot be read.',
  ].join('\n'),
  options: {
    format: { type: 'string', value: 'FORMAT', description: 'text (default) or json' },
  },
  async run(values, positionals, context) {
    if (positionals.length !== 1) throw new UsageError('policy test: give one directory (or test file)');
    const format = oneOf('policy test', 'format', values.format, ['text', 'json'] as const, 'text');
    const report = await runPolicyTests(
      positionals[0] as string,
      context.fileSystem,
      systemClock(context.environment).now(),
    );
    const text = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatPolicyTestReport(report);
    await writeOutput(context, undefined, text);
    return report.passed ? ExitCode.ok : ExitCode.checkFailed;
  },
};
