// A default import on purpose: ae-cvss-calculator is a webpack CommonJS bundle whose exports Node cannot
// list as named ESM exports. Its `__esModule` flag would make a bundler's default import `undefined`, but
// esbuild follows Node's rule in a "type": "module" package; bundle-interop.test.ts checks that.
import calculator from 'ae-cvss-calculator';
import { InputError } from '../../errors.js';
import type { Severity } from '../report/scan-report.js';
import type { CvssVersion } from './cvss-metrics.js';
import { parseCvssVector } from './parse-cvss-vector.js';
import { ratingForScore } from './severity-rating.js';

export interface CvssScore {
  version: CvssVersion;
  vector: string;
  score: number;
  severity: Severity;
}

/**
 * Scores a CVSS vector string (v2.0, v3.0, v3.1 or v4.0) with `ae-cvss-calculator`, after validating it
 * ourselves (see `parse-cvss-vector.ts`: the library scores nonsense rather than refusing it).
 *
 * The score is the one an advisory's vector denotes: for v2 and v3.x the Base score (Temporal and
 * Environmental metrics, if present, do not change it: OSV and NVD rank advisories by Base score); for
 * v4.0 the single score of the vector as written (v4.0 §2 nomenclature CVSS-B, -BT, -BE or -BTE: Threat
 * and Environmental metrics are part of the one score), as osv-scanner's go-cvss `Score()` computes it.
 *
 * @throws InputError INPUT_MALFORMED naming the vector when it is not a valid CVSS vector.
 */
export function scoreCvss(vector: string): CvssScore {
  const cached = scoreCache.get(vector);
  if (cached !== undefined) return { ...cached };
  const result = scoreUncached(vector);
  // The calculator takes 0.2–0.8 ms per vector, and a database repeats the same few thousand vectors
  // across its advisories, so results are kept (bounded; it is a pure function of the string).
  if (scoreCache.size >= scoreCacheLimit) scoreCache.clear();
  scoreCache.set(vector, result);
  return { ...result };
}

const scoreCacheLimit = 8192;
const scoreCache = new Map<string, CvssScore>();

function scoreUncached(vector: string): CvssScore {
  const parsed = parseCvssVector(vector);
  const score = calculateScore(parsed.version, vector);
  if (score === undefined || !Number.isFinite(score) || score < 0 || score > 10) {
    throw new InputError({
      code: 'INPUT_MALFORMED',
      message: `CVSS vector ${JSON.stringify(vector)}: no score`,
    });
  }
  // The calculator rounds to one decimal already; this only removes binary-float noise such as 7.499999.
  const rounded = Math.round(score * 10) / 10;
  return {
    version: parsed.version,
    vector,
    score: rounded,
    severity: ratingForScore(parsed.version, rounded),
  };
}

function calculateScore(version: CvssVersion, vector: string): number | undefined {
  switch (version) {
    case '2.0':
      return new calculator.Cvss2(vector).calculateScores().base;
    case '3.0':
      return new calculator.Cvss3P0(vector).calculateScores().base;
    case '3.1':
      return new calculator.Cvss3P1(vector).calculateScores().base;
    case '4.0':
      return new calculator.Cvss4P0(vector).calculateScores().overall;
  }
}
