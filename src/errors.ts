/**
 * Typed errors with stable codes. The library throws them; only `src/cli/exit-codes.ts` maps a code's
 * category to a process exit status (house style §3).
 */

/** What kind of failure an error is; the CLI maps each category to one exit code (README "Exit codes"). */
export type ErrorCategory = 'check-failed' | 'usage' | 'invalid-input' | 'internal';

export interface VerishipErrorOptions<Code extends string> {
  code: Code;
  message: string;
  /** The file the problem is in, printed as `veriship: <file>: <message>`. */
  file?: string;
  cause?: unknown;
}

export abstract class VerishipError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly file: string | undefined;
  abstract readonly category: ErrorCategory;

  constructor(options: VerishipErrorOptions<Code>) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.file = options.file;
  }
}

/** The user asked for something the command cannot do as asked (bad flag, missing argument). */
export class UsageError extends VerishipError<'USAGE'> {
  readonly category = 'usage';
  constructor(message: string) {
    super({ code: 'USAGE', message });
  }
}

export type InputErrorCode =
  | 'INPUT_NOT_FOUND'
  | 'INPUT_UNREADABLE'
  | 'INPUT_MALFORMED'
  | 'INPUT_UNSUPPORTED'
  | 'INPUT_TOO_LARGE'
  | 'INPUT_UNSAFE'
  | 'OUTPUT_UNWRITABLE';

/**
 * A file could not be read, parsed, or is of a kind or version we do not support; or an output path the
 * user gave cannot be written (a folder, a path under a file, no permission).
 */
export class InputError extends VerishipError<InputErrorCode> {
  readonly category = 'invalid-input';
}

export type SbomErrorCode =
  | 'SBOM_NO_LOCKFILE'
  | 'SBOM_LOCKFILE_MALFORMED'
  | 'SBOM_LOCKFILE_UNSUPPORTED'
  | 'SBOM_WHEEL_INVALID';

/** An SBOM input or output problem; every such error is invalid or unsupported input. */
export class SbomError extends VerishipError<SbomErrorCode> {
  readonly category = 'invalid-input';
}

/** A check ran and did not pass: an invalid SBOM, a delta the user asked to fail on. */
export class CheckFailedError extends VerishipError<'CHECK_FAILED'> {
  readonly category = 'check-failed';
  constructor(message: string, file?: string) {
    super({ code: 'CHECK_FAILED', message, file });
  }
}

/** A bug or an environment failure we did not anticipate. */
export class InternalError extends VerishipError<'INTERNAL'> {
  readonly category = 'internal';
  constructor(message: string, cause?: unknown) {
    super({ code: 'INTERNAL', message, cause });
  }
}

export function isVerishipError(value: unknown): value is VerishipError {
  return value instanceof VerishipError;
}

export type SigningErrorCode =
  | 'SIGNING_KEY_INVALID'
  | 'SIGNING_KEY_ENCRYPTED'
  | 'SIGNING_PASSPHRASE_MISSING'
  | 'SIGNING_ALGORITHM_UNSUPPORTED'
  | 'SIGNING_KEYRING_INVALID'
  | 'SIGNING_KEYLESS_FAILED'
  | 'SIGNING_BUNDLE_INVALID';

/** A key, keyring or bundle that cannot be used as given: invalid input (exit 3). */
export class SigningError extends VerishipError<SigningErrorCode> {
  readonly category = 'invalid-input';
}
