import { InputError } from '../../errors.js';
import { type CvssVersion, cvssMetrics } from './cvss-metrics.js';

export interface CvssVector {
  version: CvssVersion;
  /** The vector exactly as given. */
  vector: string;
  metrics: ReadonlyMap<string, string>;
}

const prefixes: Record<string, CvssVersion> = { 'CVSS:3.0': '3.0', 'CVSS:3.1': '3.1', 'CVSS:4.0': '4.0' };

function malformed(vector: string, problem: string): InputError {
  return new InputError({
    code: 'INPUT_MALFORMED',
    message: `CVSS vector ${JSON.stringify(vector)}: ${problem}`,
  });
}

/**
 * Parses and validates a CVSS vector string of any version.
 *
 * v3.x and v4.0 vectors start `CVSS:3.0/`, `CVSS:3.1/` or `CVSS:4.0/`; a v2 vector has no prefix (the
 * form OSV's CVSS_V2 type and NVD use, without NVD's parentheses). Each metric is `NAME:VALUE`, names and
 * values case-sensitive, separated by `/`. Per each spec's "Vector String" section: every Base metric must
 * be present, no metric may appear twice, and optional metrics may be left out (Not Defined). Metric order
 * is not enforced: v3.x §6 says readers must accept any order, the v4.0 text contradicts itself, and real
 * advisories carry reordered v4.0 vectors (github/advisory-database#7448); the set of metrics is unambiguous.
 *
 * @throws InputError INPUT_MALFORMED naming the vector and what is wrong with it.
 */
export function parseCvssVector(vector: string): CvssVector {
  if (typeof vector !== 'string' || vector === '') throw malformed(String(vector), 'empty');
  const parts = vector.split('/');
  const prefix = parts[0] ?? '';
  let version: CvssVersion;
  if (prefix.startsWith('CVSS:')) {
    const known = prefixes[prefix];
    if (known === undefined)
      throw malformed(
        vector,
        `unsupported version prefix ${prefix} (expected CVSS:3.0, CVSS:3.1 or CVSS:4.0)`,
      );
    version = known;
    parts.shift();
  } else {
    version = '2.0';
  }
  const { required, optional } = cvssMetrics[version];
  const metrics = new Map<string, string>();
  for (const part of parts) {
    const match = /^([A-Za-z]+):([A-Za-z]+)$/.exec(part);
    if (match === null) throw malformed(vector, `"${part}" is not a NAME:VALUE metric`);
    const [, name = '', value = ''] = match;
    // Own properties only: `constructor:X` or `toString:X` must not find Object.prototype's members.
    const allowed = Object.hasOwn(required, name)
      ? required[name]
      : Object.hasOwn(optional, name)
        ? optional[name]
        : undefined;
    if (allowed === undefined) throw malformed(vector, `CVSS ${version} has no metric ${name}`);
    if (!allowed.includes(value))
      throw malformed(
        vector,
        `${name}:${value} is not a CVSS ${version} value (allowed: ${allowed.join(', ')})`,
      );
    if (metrics.has(name)) throw malformed(vector, `metric ${name} appears twice`);
    metrics.set(name, value);
  }
  const missing = Object.keys(required).filter((name) => !metrics.has(name));
  if (missing.length > 0)
    throw malformed(vector, `missing base metric${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return { version, vector, metrics };
}
