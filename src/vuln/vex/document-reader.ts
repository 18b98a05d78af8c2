/**
 * Small checked accessors for VEX JSON: every failure is a VexError naming the file and the JSON Pointer
 * (RFC 6901) of the offending value, so a user can find it.
 */
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
const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function parseRfc3339(text: string): Date | undefined {
  const match = rfc3339.exec(text);
  if (!match) return undefined;
  const [month, day, hour, minute, second] = match.slice(2, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return undefined;
  // Date keeps milliseconds only; sub-millisecond digits (Go writes nanoseconds) are truncated, which
  // can make two statements tie; ties are broken as apply-suppressions.ts documents.
  const date = new Date(
    text
      .replace(/^(.{10})[Tt ]/, '$1T')
      .replace(/z$/, 'Z')
      .replace(/(\.\d{3})\d+/, '$1'),
  );
  return Number.isNaN(date.getTime()) ? undefined : date;
}

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
