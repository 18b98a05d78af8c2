/**
 * OSV timestamps (OSV schema "id, modified fields"): RFC 3339 date-times in UTC with a `Z`, seconds
 * always present, fractions of any length (`2021-06-03T13:49:55Z`, `2023-09-06T20:02:28.123456Z`; the
 * schema's `$defs.timestamp` pattern is `(\.[0-9]+)?`, so a record with a finer fraction is valid).
 */
const pattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

/**
 * The timestamp in a fixed-width form that sorts as the instants do (`YYYY-MM-DDTHH:MM:SS.fffffffffZ`),
 * or undefined when it is not a valid OSV timestamp. Plain string order of the originals is wrong as soon
 * as fractions differ in length: `…:00.5Z` sorts before `…:00Z` because `.` < `Z`.
 */
export function sortableTimestamp(value: string): string | undefined {
  const match = pattern.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = ''] = match;
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  // RFC 3339 §5.7: day within the month's length (leap years included), hours < 24, minutes < 60,
  // seconds ≤ 60 (60 only for a leap second, which we accept at any minute rather than keep a table).
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) return undefined;
  // Nanoseconds: digits beyond the ninth are dropped, so two stamps differing only there compare equal
  // (the stored one is kept) rather than out of order.
  return `${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.slice(0, 9).padEnd(9, '0')}Z`;
}

/** Proleptic Gregorian, as RFC 3339 (Appendix C); `Date.UTC` would read years 0–99 as 1900–1999. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
