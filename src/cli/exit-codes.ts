import { type ErrorCategory, isVerishipError } from '../errors.js';

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
  const text = error instanceof Error ? error.message : String(error);
  return {
    exitCode: ExitCode.internal,
    message: `veriship: internal error: ${text} (run with --debug for details)`,
  };
}
