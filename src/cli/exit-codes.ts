import { type ErrorCategory, isVerishipError } from '../errors.js';
import { pathProblem } from '../io/path-problems.js';

/** The process exit statuses, documented in README "Exit codes"; every command uses these and no others. */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  invalidInput: 3,
  internal: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const byCategory: Readonly<Record<ErrorCategory, ExitCode>> = {
  'check-failed': ExitCode.checkFailed,
  usage: ExitCode.usage,
  'invalid-input': ExitCode.invalidInput,
  internal: ExitCode.internal,
};

export interface ReportedError {
  exitCode: ExitCode;
  /** One line: `veriship: <file>: <what is wrong>` (no file part when the error has none). */
  message: string;
}

/** The only place that turns an error into an exit status and a message. Unknown errors are internal. */
export function reportError(error: unknown): ReportedError {
  if (isVerishipError(error)) {
    const where = error.file ? `${error.file}: ` : '';
    return { exitCode: byCategory[error.category], message: `veriship: ${where}${error.message}` };
  }
  const system = systemErrorOnPath(error);
  if (system) return { exitCode: ExitCode.invalidInput, message: `veriship: ${system}` };
  const text = error instanceof Error ? error.message : String(error);
  return {
    exitCode: ExitCode.internal,
    message: `veriship: internal error: ${text} (run with --debug for details)`,
  };
}

const operations: Readonly<Record<string, string>> = {
  mkdir: 'cannot create the folder',
  open: 'cannot open',
  scandir: 'cannot list the folder',
  rename: 'cannot rename',
  unlink: 'cannot remove',
  rmdir: 'cannot remove',
};

/**
 * A Node file-system error on a path the user named (a `--db` folder under a file, an output folder without
 * permission) that a command did not turn into an InputError itself: still `<path>: <problem>` and exit 3
 * (docs/exit-codes.md), since no bug of ours can be fixed by changing that path. Undefined for anything else.
 */
function systemErrorOnPath(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path, syscall } = error as NodeJS.ErrnoException;
  const known = pathProblem(code);
  if (typeof path !== 'string' || known === undefined) return undefined;
  // mkdir -p over a file fails with EEXIST on that file: to the user, a file is where a folder must be.
  const problem = code === 'EEXIST' && syscall === 'mkdir' ? 'exists and is not a folder' : known;
  const operation =
    syscall !== undefined && Object.hasOwn(operations, syscall) ? `${operations[syscall]}: ` : '';
  return `${path}: ${operation}${problem}`;
}
