import { defaultDatabaseDirectory } from '../../vuln/db/default-directory.js';
import type { CliContext, OptionSpec, ParsedValues } from '../command.js';

/** `--db DIR`, shared by the `db` commands (and meant for `scan`). */
export const databaseOption: OptionSpec = {
  type: 'string',
  value: 'DIR',
  description:
    'the advisory database folder (default: $VERISHIP_DB_DIR, else $XDG_CACHE_HOME/veriship/db, else ~/.cache/veriship/db)',
};

export function databaseDirectory(values: ParsedValues, context: CliContext): string {
  return typeof values.db === 'string' && values.db !== ''
    ? values.db
    : defaultDatabaseDirectory(context.environment);
}
