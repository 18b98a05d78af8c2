import { UsageError } from '../../errors.js';
import { systemClock } from '../../runtime.js';
import { openAdvisoryDatabase } from '../../vuln/db/database.js';
import { formatImportText } from '../../vuln/db/report.js';
import {
  defaultAdvisorySource,
  defaultUpdateEcosystems,
  updateAdvisoryDatabase,
} from '../../vuln/db/update-database.js';
import {
  canonicalEcosystem,
  ecosystemBase,
  ecosystemSuffix,
  osvEcosystems,
} from '../../vuln/osv/ecosystems.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { printWarnings, writeOutput } from '../output.js';
import { oneOf } from '../parse-arguments.js';
import { databaseDirectory, databaseOption } from './db-options.js';

function ecosystemsOption(value: unknown): readonly string[] {
  if (value === undefined) return defaultUpdateEcosystems;
  const items = (Array.isArray(value) ? value : [String(value)]).flatMap((item) => String(item).split(','));
  const chosen = items.map((item) => {
    const base = canonicalEcosystem(ecosystemBase(item.trim()));
    if (base === undefined) {
      throw new UsageError(
        `db update: unknown ecosystem ${JSON.stringify(item)} (OSV ecosystems: ${osvEcosystems.join(', ')})`,
      );
    }
    const suffix = ecosystemSuffix(item.trim());
    return suffix === '' ? base : `${base}:${suffix}`;
  });
  return [...new Set(chosen)];
}

export const dbUpdateCommand: Command = {
  name: 'db update',
  summary: 'download the OSV all.zip archives and update the offline advisory database',
  usage:
    'veriship db update [--db DIR] [--source URL] [--ecosystem NAME,...] [--checksums FILE] [--allow-http] [--format text|json]',
  description: [
    `Downloads <source>/<Ecosystem>/all.zip for each ecosystem (default source ${defaultAdvisorySource},`,
    `default ecosystems ${defaultUpdateEcosystems.join(', ')}) over HTTPS and imports them in one transaction.`,
    'Each download is verified before anything is written: its size against Content-Length, its MD5 and',
    "CRC-32C against the bucket's x-goog-hash header when present, every zip entry's CRC-32, and, with",
    '--checksums, its SHA-256 against a sha256sum-format manifest naming <Ecosystem>/all.zip (an archive',
    'missing from the manifest fails). The archives replace what they delivered before: advisories',
    'withdrawn upstream stop matching, advisories deleted upstream are removed.',
    'Exit 1 when a download fails verification, 3 when one cannot be downloaded or opened; the database',
    'is then unchanged.',
  ].join('\n'),
  options: {
    db: databaseOption,
    source: {
      type: 'string',
      value: 'URL',
      description: `mirror base URL (default ${defaultAdvisorySource})`,
    },
    ecosystem: {
      type: 'string',
      multiple: true,
      value: 'NAME',
      description: 'OSV ecosystem(s) to fetch, as spelt by OSV (repeat or comma-separate)',
    },
    checksums: {
      type: 'string',
      value: 'FILE',
      description: 'require each archive to match this SHA-256 manifest',
    },
    'allow-http': { type: 'boolean', description: 'accept an http:// source (a trusted local mirror only)' },
    format: { type: 'string', value: 'FORMAT', description: 'text (default) or json' },
  },
  async run(values, positionals, context) {
    if (positionals.length > 0)
      throw new UsageError('db update: takes no arguments (use --source and --ecosystem)');
    const format = oneOf('db update', 'format', values.format, ['text', 'json'] as const, 'text');
    const ecosystems = ecosystemsOption(values.ecosystem);
    const clock = systemClock(context.environment);
    const database = openAdvisoryDatabase(databaseDirectory(values, context));
    try {
      const result = await updateAdvisoryDatabase(database, {
        clock,
        ecosystems,
        source: typeof values.source === 'string' ? values.source : undefined,
        allowHttp: values['allow-http'] === true,
        checksums: typeof values.checksums === 'string' ? values.checksums : undefined,
        onProgress: context.stderr.isTTY
          ? (message) => context.stderr.write(`\r\u001b[2K${message}`)
          : undefined,
      });
      if (context.stderr.isTTY) context.stderr.write('\r\u001b[2K');
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
