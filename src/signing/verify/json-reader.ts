import { decodeBase64Strict } from './encoding.js';

type JsonObject = Record<string, unknown>;

/**
 * Reads untrusted JSON field by field and collects every problem with its path (like sigstore-js
 * `packages/bundle/src/validate.ts`), instead of stopping at the first. Each accessor returns undefined
 * after recording the problem, so callers go on and report the rest. An accessor given `undefined`
 * returns undefined without a problem: `required()` has reported it already, or the field is optional.
 */
export class JsonReader {
  readonly problems: string[] = [];

  constructor(private readonly rejectUnknownFields: boolean) {}

  problem(path: string, message: string): undefined {
    this.problems.push(`${path || '(root)'}: ${message}`);
    return undefined;
  }

  /** An object; with `rejectUnknownFields`, a key outside `known` is a problem (proto3 JSON, strict). */
  object(value: unknown, path: string, known: readonly string[]): JsonObject | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return this.problem(path, `expected an object, got ${describe(value)}`);
    }
    if (this.rejectUnknownFields) {
      for (const key of Object.keys(value)) {
        if (!known.includes(key)) this.problem(join(path, key), 'unknown field');
      }
    }
    return value as JsonObject;
  }

  /** `object[key]`, recording a problem when it is missing (null counts as missing). */
  required(object: JsonObject, key: string, path: string): unknown {
    const value = object[key];
    if (value === undefined || value === null) return this.problem(join(path, key), 'missing');
    return value;
  }

  string(value: unknown, path: string, options: { nonEmpty?: boolean } = {}): string | undefined {
    if (value === undefined) return undefined; // missing: already reported by required()
    if (typeof value !== 'string') return this.problem(path, `expected a string, got ${describe(value)}`);
    if (options.nonEmpty && value === '') return this.problem(path, 'empty');
    return value;
  }

  /** Base64 bytes (strict, see decodeBase64Strict); empty is a problem unless allowed. */
  bytes(value: unknown, path: string, options: { allowEmpty?: boolean } = {}): Buffer | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    const bytes = decodeBase64Strict(text);
    if (bytes === undefined) return this.problem(path, 'not valid base64');
    if (bytes.length === 0 && !options.allowEmpty) return this.problem(path, 'empty');
    return bytes;
  }

  /**
   * A non-negative 64-bit integer: proto3 JSON writes int64 as a decimal string and also accepts a
   * number. Log indexes are attacker-controlled, so anything else (negative, fraction, exponent) fails.
   */
  unsigned(value: unknown, path: string): bigint | undefined {
    if (value === undefined) return undefined;
    let text: string;
    if (typeof value === 'string') text = value;
    else if (typeof value === 'number' && Number.isSafeInteger(value)) text = String(value);
    else return this.problem(path, `expected an integer, got ${describe(value)}`);
    if (!/^(0|[1-9][0-9]*)$/.test(text)) {
      return this.problem(path, `expected a non-negative integer, got ${JSON.stringify(text)}`);
    }
    const number = BigInt(text);
    if (number > 0xffff_ffff_ffff_ffffn) return this.problem(path, 'out of range');
    return number;
  }

  array(value: unknown, path: string): unknown[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.problem(path, `expected an array, got ${describe(value)}`);
    return value;
  }

  /** An RFC 3339 timestamp (proto3 JSON `google.protobuf.Timestamp`). */
  date(value: unknown, path: string): Date | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(text)) {
      return this.problem(path, `not an RFC 3339 timestamp: ${JSON.stringify(text)}`);
    }
    const date = new Date(text);
    if (Number.isNaN(date.getTime())) return this.problem(path, `not a valid date: ${JSON.stringify(text)}`);
    return date;
  }
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
