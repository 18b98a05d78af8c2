import { UsageError } from '../../errors.js';
import { systemClock } from '../../runtime.js';
import { openAdvisoryDatabase } from '../../vuln/db/database.js';
import { databaseAge, formatDuration, formatStatusText } from '../../vuln/db/report.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { writeOutput } from '../output.js';
import { oneOf } from '../parse-arguments.js';
import { databaseDirectory, databaseOption } from './db-options.js';

const day = 86_400_000;
const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: day };

/** `7d`, `36h`, `90m`. */
function parseMaxAge(value: unknown): number {
  if (value === undefined) return 7 * day;
  const match = typeof value === 'string' ? /^(\d+)([mhd])$/.exec(value) : null;
  if (!match)
    throw new UsageError(
      `db status: --max-age takes a number and a unit m, h or d, like 7d (got ${String(value)})`,
    );
  return Number(match[1]) * (units[match[2] as string] as number);
}

export const dbStatusCommand: Command = {
  name: 'db status',
  summary: 'show the advisory database: sources, import times, advisories per ecosystem, age',
  usage: 'veriship db status [--db DIR] [--format text|json] [--max-age 7d]',
  description: [
    'Prints the database file, its advisory counts (withdrawn ones apart), the advisories and packages',
    'per ecosystem, and every source with its kind, SHA-256 and last import time.',
    'Warns on stderr when the newest import is older than --max-age (default 7d; units m, h, d).',
    'Exit 3 when there is no database in the folder.',
  ].join('\n'),
  options: {
    db: databaseOption,
    format: { type: 'string', value: 'FORMAT', description: 'text (default) or json' },
    'max-age': {
      type: 'string',
      value: 'AGE',
      description: 'warn when the newest import is older (default 7d)',
    },
  },
  async run(values, positionals, context) {
    if (positionals.length > 0) throw new UsageError('db status: takes no arguments (use --db DIR)');
    const format = oneOf('db status', 'format', values.format, ['text', 'json'] as const, 'text');
    const maxAge = parseMaxAge(values['max-age']);
    const now = systemClock(context.environment).now();
    const database = openAdvisoryDatabase(databaseDirectory(values, context), { readonly: true });
    try {
      const status = database.status();
      const age = databaseAge(status, now);
      const stale = age === undefined || age > maxAge;
      if (age === undefined)
        context.stderr.write(`veriship: warning: ${status.path}: nothing has been imported yet\n`);
      else if (stale) {
        context.stderr.write(
          `veriship: warning: ${status.path}: the newest import is ${formatDuration(age)} old (more than ${formatDuration(maxAge)}); run \`veriship db update\`\n`,
        );
      }
      await writeOutput(
        context,
        undefined,
        format === 'json'
          ? `${JSON.stringify({ ...status, ageSeconds: age === undefined ? null : Math.floor(age / 1000), stale }, null, 2)}\n`
          : formatStatusText(status, now),
      );
      return ExitCode.ok;
    } finally {
      database.close();
    }
  },
};
