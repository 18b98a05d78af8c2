/**
 * Dates in configuration and documents, parsed one way everywhere (keyrings, trust policies, policy
 * exceptions, ignore files, VEX): strictly, so that a typo is an error rather than a wrong time.
 */

/** RFC 3339 §5.6 `date-time` (what JSON Schema's `format: date-time` means): a zone is required. */
const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function parseRfc3339DateTime(text: string): Date | undefined {
  const match = dateTimePattern.exec(text);
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
  // Date keeps milliseconds only; sub-millisecond digits (Go writes nanoseconds) are truncated.
  const date = new Date(
    text
      .replace(/^(.{10})[Tt ]/, '$1T')
      .replace(/z$/, 'Z')
      .replace(/(\.\d{3})\d+/, '$1'),
  );
  if (Number.isNaN(date.getTime())) return undefined;
  // Reject days JavaScript rolls over (02-30 becomes March 2nd): the calendar date must round-trip.
  const offset = match[8]?.toUpperCase() === 'Z' ? 0 : offsetMinutes(match[8] as string);
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 10);
  return local === text.slice(0, 10) ? date : undefined;
}

function offsetMinutes(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

/** A calendar date `YYYY-MM-DD` (as midnight UTC) or an RFC 3339 date-time; undefined for anything else. */
export function parseDateOrDateTime(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return parseRfc3339DateTime(text);
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text) ? date : undefined;
}

/**
 * A date-time from YAML: the `yaml` package may already have turned an unquoted timestamp into a Date
 * (only with the YAML 1.1 schema; the default 1.2 core schema leaves it a string).
 */
export function yamlDateTime(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  return typeof value === 'string' ? parseRfc3339DateTime(value) : undefined;
}
