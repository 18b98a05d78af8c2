import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Environment } from '../../runtime.js';

/**
 * Where the advisory database lives when `--db` is not given: `$VERISHIP_DB_DIR`, else
 * `$XDG_CACHE_HOME/veriship/db`, else `~/.cache/veriship/db`. A cache directory (XDG Base Directory
 * Specification): the data can always be downloaded again, so backups may skip it.
 */
export function defaultDatabaseDirectory(environment: Environment): string {
  if (environment.VERISHIP_DB_DIR) return environment.VERISHIP_DB_DIR;
  // XDG: "If $XDG_CACHE_HOME is either not set or empty, a default equal to $HOME/.cache should be
  // used"; a relative value is invalid and is ignored.
  const cache = environment.XDG_CACHE_HOME;
  if (cache?.startsWith('/')) return join(cache, 'veriship', 'db');
  return join(environment.HOME || homedir(), '.cache', 'veriship', 'db');
}
