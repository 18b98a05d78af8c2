/**
 * One string per JSON value, equal exactly when the values are equal in the JSON data model (RFC 8259 §4:
 * an object is an unordered collection of members): object keys sorted by code unit, no whitespace.
 * Not RFC 8785 JCS (which also fixes number formatting); parsed JSON numbers already print one way.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
