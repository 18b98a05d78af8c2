import { type CelValue, celList, celMap, isCelList, isCelMap, isCelType, isCelUint } from '@bufbuild/cel';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * A CEL value as JSON, for the result document: ints become numbers, maps objects (keys sorted, so the
 * output is deterministic), timestamps and other messages their CEL string form.
 */
export function celToJson(value: CelValue): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return Number(value);
  if (isCelUint(value)) return Number(value.value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (isCelList(value)) return [...value].map(celToJson);
  if (isCelMap(value)) {
    const entries = [...value].map(
      ([key, entry]) => [String(isCelUint(key) ? key.value : key), celToJson(entry)] as const,
    );
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  }
  if (isCelType(value)) return value.name;
  return String(value);
}

/** The CEL type name of a value, for "expected a list, got string" messages. */
export function celKind(value: CelValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'double';
  if (typeof value === 'bigint') return 'int';
  if (isCelUint(value)) return 'uint';
  if (value instanceof Uint8Array) return 'bytes';
  if (isCelList(value)) return 'list';
  if (isCelMap(value)) return 'map';
  if (isCelType(value)) return 'type';
  return 'message';
}

/**
 * A JSON-shaped value (the input document, params) as CEL lists and maps, converted once. The evaluator
 * wraps plain arrays and objects anew on every field access (and every wrap runs a chain of type tests);
 * over a 5,000-component SBOM, read by several rules, converting up front is the cheaper half.
 */
export function toCelInput(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return celList(value.map(toCelInput) as CelValue[]);
  if (isCelList(value) || isCelMap(value)) return value;
  const entries = new Map<string, CelValue>();
  for (const [key, entry] of Object.entries(value)) {
    if (entry !== undefined) entries.set(key, toCelInput(entry) as CelValue);
  }
  return celMap(entries);
}
