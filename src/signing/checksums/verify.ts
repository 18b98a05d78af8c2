import { createHash } from 'node:crypto';
import { consumeFile } from '../digest.js';
import { checksumFileLines, newParseState, type ParseState, parseChecksumLine } from './parse.js';

/** What checking one line of a checksum file found. */
export type CheckOutcome =
  | { kind: 'ok'; line: number; name: string }
  /** The digest differs: `name: FAILED`. */
  | { kind: 'mismatch'; line: number; name: string }
  /** The file could not be opened or read: `name: FAILED open or read`. */
  | { kind: 'unreadable'; line: number; name: string; reason: string }
  /** Missing and `ignoreMissing` was asked: nothing printed. */
  | { kind: 'missing'; line: number; name: string }
  | { kind: 'malformed'; line: number };

export interface CheckSummary {
  /**
   * coreutils' verdict: at least one properly formatted line, at least one match, no mismatch, nothing
   * unreadable, and (only with `strict`) no improperly formatted line.
   */
  verified: boolean;
  properlyFormatted: number;
  malformed: number;
  matched: number;
  mismatched: number;
  unreadable: number;
  missing: number;
}

export interface CheckOptions {
  /** Skip files that do not exist (`--ignore-missing`). */
  ignoreMissing?: boolean;
  /** Improperly formatted lines fail the check (`--strict`). */
  strict?: boolean;
  /** Called for each line as it is checked, so output can stream. */
  onOutcome?: (outcome: CheckOutcome) => void;
  /** Shared across several checksum files, as coreutils shares it. */
  state?: ParseState;
  /** A file's SHA-256; throws a `NodeJS.ErrnoException` when unreadable. Default: stream it from disk. */
  digest?: (name: string) => Promise<Buffer>;
}

/**
 * Checks every line of a checksum file in the manner of `sha256sum -c`: names are resolved relative to
 * the working directory, as coreutils does, not to the checksum file.
 */
export async function checkChecksums(content: string, options: CheckOptions = {}): Promise<CheckSummary> {
  const state = options.state ?? newParseState();
  const digest = options.digest ?? sha256OfFile;
  const summary: CheckSummary = {
    verified: false,
    properlyFormatted: 0,
    malformed: 0,
    matched: 0,
    mismatched: 0,
    unreadable: 0,
    missing: 0,
  };
  const report = (outcome: CheckOutcome) => options.onOutcome?.(outcome);
  for (const { number, text } of checksumFileLines(content)) {
    const parsed = parseChecksumLine(text, state);
    if (!parsed) {
      summary.malformed += 1;
      report({ kind: 'malformed', line: number });
      continue;
    }
    summary.properlyFormatted += 1;
    let actual: Buffer;
    try {
      actual = await digest(parsed.name);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (options.ignoreMissing && code === 'ENOENT') {
        summary.missing += 1;
        report({ kind: 'missing', line: number, name: parsed.name });
      } else {
        summary.unreadable += 1;
        report({ kind: 'unreadable', line: number, name: parsed.name, reason: describeFileError(error) });
      }
      continue;
    }
    if (actual.toString('hex') === parsed.hex.toLowerCase()) {
      summary.matched += 1;
      report({ kind: 'ok', line: number, name: parsed.name });
    } else {
      summary.mismatched += 1;
      report({ kind: 'mismatch', line: number, name: parsed.name });
    }
  }
  summary.verified =
    summary.properlyFormatted > 0 &&
    summary.matched > 0 &&
    summary.mismatched === 0 &&
    summary.unreadable === 0 &&
    !(options.strict && summary.malformed > 0);
  return summary;
}

async function sha256OfFile(name: string): Promise<Buffer> {
  if (name === '-') {
    throw Object.assign(new Error('reading standard input is not supported'), { code: 'ESTDIN' });
  }
  const hash = createHash('sha256');
  await consumeFile(name, (chunk) => hash.update(chunk));
  return hash.digest();
}

/** strerror(3) wording for the common cases, as coreutils prints them; Node's message otherwise. */
const strerror: Readonly<Record<string, string>> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  EIO: 'Input/output error',
  EMFILE: 'Too many open files',
};

export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code && strerror[code]) ?? (error instanceof Error ? error.message : String(error));
}
