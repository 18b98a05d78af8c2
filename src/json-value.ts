/**
 * Where a parsed YAML value stops being plain JSON. YAML tags such as `!!set`, `!!omap`, `!!binary` and
 * `!!timestamp` give a Set, Map, Buffer or Date, and `.nan`/`.inf` non-finite numbers: handed to CEL as
 * policy parameters they read as empty maps (an allow-list that allows nothing, a check switched off).
 */
export function firstNonJson(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; what: string } | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : { path, what: 'not a finite number' };
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = firstNonJson(item, [...path, index]);
      if (found) return found;
    }
    return undefined;
  }
  const prototype = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (prototype === Object.prototype || prototype === null) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const found = firstNonJson(item, [...path, key]);
      if (found) return found;
    }
    return undefined;
  }
  const what =
    value instanceof Date
      ? 'a timestamp'
      : value instanceof Map
        ? 'an ordered map'
        : value instanceof Set
          ? 'a set'
          : value instanceof Uint8Array
            ? 'binary data'
            : `a ${typeof value}`;
  return { path, what };
}
