import { SbomError } from '../../errors.js';
import type { Ecosystem, Extraction } from '../model/component.js';

export interface ExtractorInput {
  /** The path as the user named it; every error and warning names it. */
  path: string;
  content: Buffer;
  /**
   * Reads a file named relative to this one (pip `-r` includes). The CLI supplies it; tests can fake it.
   * @throws InputError when the file cannot be read; INPUT_UNSAFE when it lies outside the folder being
   *   read (`generate.ts`), which an extractor reports as a warning and skips.
   */
  readRelative(relativePath: string): Promise<Buffer>;
}

/** One lockfile (or package) format. Each lives in its own file and is listed in `registry.ts`. */
export interface Extractor {
  /** Stable id, also accepted by `veriship sbom --type`. */
  readonly id: string;
  readonly ecosystem: Ecosystem;
  /** Whether a file of this base name is this format, when walking a directory. */
  matches(fileName: string): boolean;
  /**
   * @throws SbomError SBOM_LOCKFILE_MALFORMED / SBOM_LOCKFILE_UNSUPPORTED / SBOM_WHEEL_INVALID
   */
  extract(input: ExtractorInput): Promise<Extraction>;
}

export function malformed(path: string, message: string, cause?: unknown): SbomError {
  return new SbomError({ code: 'SBOM_LOCKFILE_MALFORMED', file: path, message, cause });
}

export function unsupported(path: string, message: string): SbomError {
  return new SbomError({ code: 'SBOM_LOCKFILE_UNSUPPORTED', file: path, message });
}

/**
 * A text file's content without the UTF-8 byte order mark some Windows editors write: npm, pip, poetry and
 * yarn all read such files, and JSON.parse would stop at the first character.
 */
export function utf8Text(content: Buffer): string {
  const text = content.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** JSON.parse with an error that names the file and says where it broke. */
export function parseJson(path: string, content: Buffer): unknown {
  try {
    return JSON.parse(utf8Text(content));
  } catch (error) {
    throw malformed(path, `not valid JSON: ${(error as Error).message}`, error);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
