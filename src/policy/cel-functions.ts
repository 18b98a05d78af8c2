/**
 * The functions veriship adds to CEL (docs/policy.md "Functions"). Each is pure; results that cost a
 * parse are memoised, because a rule calls them once per component of a 5,000-component SBOM.
 */
import { type CelFunc, type CelList, CelScalar, celFunc, listType } from '@bufbuild/cel';
import parseSpdxExpression from 'spdx-expression-parse';
import satisfies from 'spdx-satisfies';

/** Scan severities in ascending order (src/vuln/report/scan-report.ts `Severity`); `unknown` ranks below all. */
const severityRanks: Readonly<Record<string, bigint>> = {
  unknown: -1n,
  none: 0n,
  low: 1n,
  medium: 2n,
  high: 3n,
  critical: 4n,
};

/**
 * An allowlist as strings, memoised per list: evaluation hands params lists in as one CelList each
 * (evaluate-policy.ts `celParams`), so a rule calling `spdx.satisfies(l, params.allowedLicenses)` for
 * 5,000 components converts the allowlist once.
 */
const listCache = new WeakMap<CelList, { values: string[]; key: string }>();

function stringsOf(list: CelList): { values: string[]; key: string } {
  let cached = listCache.get(list);
  if (!cached) {
    const values: string[] = [];
    for (const value of list) {
      if (typeof value !== 'string') throw new Error(`expected a list of strings, found ${typeof value}`);
      values.push(value);
    }
    cached = { values, key: values.join('\u0000') };
    listCache.set(list, cached);
  }
  return cached;
}

const validCache = new Map<string, boolean>();

/** Whether `expression` parses as an SPDX license expression (SPDX 2.3 Annex D). */
export function isSpdxExpression(expression: string): boolean {
  let valid = validCache.get(expression);
  if (valid === undefined) {
    try {
      parseSpdxExpression(expression);
      valid = true;
    } catch {
      valid = false;
    }
    validCache.set(expression, valid);
  }
  return valid;
}

const satisfiesCache = new Map<string, boolean>();

/**
 * SPDX expression semantics via spdx-satisfies: `MIT OR GPL-3.0` satisfies `[MIT]`, `MIT AND GPL-3.0`
 * does not. A string that is not an SPDX expression satisfies nothing (fail closed: a license we cannot
 * read is not an allowed one). An allowlist entry that is not a license id is a policy error.
 */
export function spdxSatisfies(
  expression: string,
  allowed: readonly string[],
  allowedKey = allowed.join('\u0000'),
): boolean {
  const key = `${expression}\u0001${allowedKey}`;
  let result = satisfiesCache.get(key);
  if (result === undefined) {
    for (const entry of allowed) {
      if (!isSpdxExpression(entry))
        throw new Error(`allowlist entry ${JSON.stringify(entry)} is not an SPDX id`);
    }
    result = isSpdxExpression(expression) && allowed.length > 0 && satisfies(expression, [...allowed]);
    satisfiesCache.set(key, result);
  }
  return result;
}

/** @throws Error (a CEL evaluation error) for a string that is not a scan severity */
export function severityRank(severity: string): bigint {
  const rank = severityRanks[severity];
  if (rank === undefined) {
    throw new Error(
      `unknown severity ${JSON.stringify(severity)} (expected ${Object.keys(severityRanks).join(', ')})`,
    );
  }
  return rank;
}

export const policyFunctions: readonly CelFunc[] = [
  celFunc(
    'spdx.satisfies',
    [CelScalar.STRING, listType(CelScalar.STRING)],
    CelScalar.BOOL,
    (expression, allowed) => {
      const list = stringsOf(allowed);
      return spdxSatisfies(expression, list.values, list.key);
    },
  ),
  celFunc('spdx.valid', [CelScalar.STRING], CelScalar.BOOL, (expression) => isSpdxExpression(expression)),
  celFunc('severity.rank', [CelScalar.STRING], CelScalar.INT, (severity) => severityRank(severity)),
];
