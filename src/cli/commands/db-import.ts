import { UsageError } from '../../errors.js';
import { systemClock } from '../../runtime.js';
import { openAdvisoryDatabase } from '../../vuln/db/database.js';
import { importAdvisories } from '../../vuln/db/import-advisories.js';
import { formatImportText } from '../../vuln/db/report.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { printWarnings, writeOutput } from '../output.js';
import { oneOf } from '../parse-arguments.js';
import { databaseDirectory, databaseOption } from './db-options.js';

export const dbImportCommand: Command = {
  name: 'db import',
  summary: 'import OSV advisories (all.zip archives, folders, JSON files) into the offline database',
  usage: 'veriship db import PATH... [--db DIR] [--format text|json]',
  description: [
    "Imports OSV advisories from osv.dev's per-ecosystem all.zip archives, from folders of OSV JSON",
    '(every *.json below, e.g. a clone of an advisory database) and from single JSON files, all in one',
    'transaction: when any input fails, the database is left as it was.',
    'Incremental: an advisory already present is replaced only by a record with a later `modified`;',
    'withdrawn advisories are kept but never matched. A malformed record is skipped with a warning',
    'naming it. Prints the counts (added, updated, unchanged, withdrawn, skipped) per input and in total.',
    'Exit 3 when an input yields no valid advisory at all (a broken zip, only malformed files), naming it.',
  ].join('\n'),
  options: {
    db: databaseOption,
    format: { type: 'string', value: 'FORMAT', description: 'text (default) or json' },
  },
  async run(values, positionals, context) {
    if (positionals.length === 0)
      throw new UsageError('db import: name at least one zip archive, folder or JSON file');
    const format = oneOf('db import', 'format', values.format, ['text', 'json'] as const, 'text');
    const clock = systemClock(context.environment);
    const database = openAdvisoryDatabase(databaseDirectory(values, context));
    // A progress line only on a terminal: CI logs and pipes get no carriage-return noise.
    const terminal = context.stderr.isTTY === true;
    try {
      const result = await importAdvisories(database, positionals, {
        clock,
        fileSystem: context.fileSystem,
        onProgress: terminal
          ? (records, input) => context.stderr.write(`\r\u001b[2K${input}: ${records} advisories`)
          : undefined,
      });
      if (terminal) context.stderr.write('\r\u001b[2K');
      printWarnings(context, result.warnings);
      await writeOutput(
        context,
        undefined,
        format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatImportText(result),
      );
      return ExitCode.ok;
    } finally {
      database.close();
    }
  },
};
