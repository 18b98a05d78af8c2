export { type AdvisoryCvss, type AdvisorySeverity, advisorySeverity } from './advisory-severity.js';
export type { CvssVersion } from './cvss-metrics.js';
export { type CvssVector, parseCvssVector } from './parse-cvss-vector.js';
export { type CvssScore, scoreCvss } from './score-cvss.js';
export {
  meetsSeverityThreshold,
  ratingForScore,
  type SeverityThreshold,
  severityRank,
} from './severity-rating.js';
