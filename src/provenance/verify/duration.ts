import { UsageError } from '../../errors.js';

const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * `--max-age` values: a whole number and a unit, `s`, `m`, `h`, `d` or `w` (`24h`, `7d`), or several in a
 * row (`1d12h`), in milliseconds. Anything else is a usage error: a typo must not mean "no limit".
 */
export function parseDuration(text: string, option = '--max-age'): number {
  const parts = /^(?:\d+[smhdw])+$/.test(text) ? [...text.matchAll(/(\d+)([smhdw])/g)] : [];
  if (parts.length === 0) {
    throw new UsageError(`${option}: ${JSON.stringify(text)} is not a duration such as 24h, 7d or 90m`);
  }
  const seconds = parts.reduce(
    (total, [, count, unit]) => total + Number(count) * (units[unit as string] ?? 0),
    0,
  );
  if (seconds <= 0) throw new UsageError(`${option}: the duration must be longer than zero`);
  return seconds * 1000;
}
