import { InputError } from '../../errors.js';
import type { VersionScheme } from './version-scheme.js';

/** The error every scheme throws for a version it cannot order: names the version and the ecosystem. */
export function malformedVersion(ecosystem: string, version: unknown): InputError {
  const shown = typeof version === 'string' ? JSON.stringify(version) : String(version);
  return new InputError({
    code: 'INPUT_MALFORMED',
    message: `${shown} is not a valid ${ecosystem} version`,
  });
}

const parseCacheLimit = 4096;

/**
 * Builds a `VersionScheme` from a parser (undefined for an invalid version) and an ordering of parsed
 * versions, so every ecosystem validates the same way: `compare` parses both sides first and throws for
 * either one rather than ordering garbage, and always answers -1, 0 or 1.
 */
export function defineScheme<Parsed>(
  ecosystem: string,
  parse: (version: string) => Parsed | undefined,
  compareParsed: (a: Parsed, b: Parsed) => number,
): VersionScheme {
  // Matching compares one installed version with every event of every candidate advisory, so parses are
  // kept (bounded). Parsed values are never mutated by `compareParsed`, so sharing them is safe.
  const cache = new Map<string, Parsed | null>();
  const parseCached = (version: string): Parsed | undefined => {
    if (typeof version !== 'string') return undefined;
    let parsed = cache.get(version);
    if (parsed === undefined) {
      parsed = parse(version) ?? null;
      if (cache.size >= parseCacheLimit) cache.clear();
      cache.set(version, parsed);
    }
    return parsed ?? undefined;
  };
  const parseOrThrow = (version: string): Parsed => {
    const parsed = parseCached(version);
    if (parsed === undefined) throw malformedVersion(ecosystem, version);
    return parsed;
  };
  return Object.freeze({
    ecosystem,
    isValid: (version: string) => parseCached(version) !== undefined,
    compare: (a: string, b: string) => {
      const left = parseOrThrow(a);
      const right = parseOrThrow(b);
      // `|| 0` turns -0 into 0 so callers can test `=== 0`.
      return Math.sign(compareParsed(left, right)) || 0;
    },
  });
}

/** Orders two non-negative integers written in decimal without leading zeros, of any length. */
export function compareDigitStrings(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Removes leading zeros from a digit string, keeping one digit ("000" → "0"). */
export function stripLeadingZeros(digits: string): string {
  const stripped = digits.replace(/^0+/, '');
  return stripped === '' ? '0' : stripped;
}
