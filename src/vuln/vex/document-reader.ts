/**
 * Small checked accessors for VEX JSON: every failure is a VexError naming the file and the JSON Pointer
 * (RFC 6901) of the offending value, so a user can find it.
 */
import { parseRfc3339DateTime } from '../../dates.js';
import { VexError } from './vex-error.js';

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function malformed(file: string, path: string, message: string): VexError {
  return new VexError({
    code: 'VEX_MALFORMED',
    file,
    message: path === '' ? message : `${path}: ${message}`,
  });
}

/** RFC 3339 §5.6 `date-time` (what JSON Schema's `format: date-time` means), parsed to a Date. */
export const parseRfc3339 = parseRfc3339DateTime;

export class DocumentReader {
  constructor(readonly file: string) {}

  fail(path: string, message: string): VexError {
    return malformed(this.file, path, message);
  }

  record(value: unknown, path: string): JsonRecord {
    if (!isRecord(value)) throw this.fail(path, 'must be an object');
    return value;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) throw this.fail(path, 'must be an array');
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') throw this.fail(path, 'must be a string');
    return value;
  }

  nonEmptyString(value: unknown, path: string): string {
    const text = this.string(value, path);
    if (text.trim() === '') throw this.fail(path, 'must not be empty');
    return text;
  }

  optionalString(value: unknown, path: string): string | undefined {
    return value === undefined ? undefined : this.string(value, path);
  }

  optionalTimestamp(value: unknown, path: string): Date | undefined {
    if (value === undefined) return undefined;
    const date = parseRfc3339(this.string(value, path));
    if (date === undefined) throw this.fail(path, `not an RFC 3339 date-time: ${JSON.stringify(value)}`);
    return date;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw this.fail(path, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
    }
    return value as T;
  }
}
