/**
 * The decision document (`policy eval --format json`, `dist/policy/result.json` in the release flow).
 * Its `schema` names the version; change it only compatibly.
 */
import type { JsonValue } from './cel-values.js';
import type { RuleAction } from './load-policy.js';

export const policyResultSchema = 'https://veriship.dev/policy-result/v1';

/**
 * `pass`: no violation left after exceptions; `fail`: violations; `error`: an expression failed at
 * evaluation time (counts as a denial, whatever the action: fail closed); `skip`: `when` was false.
 */
export type RuleDecision = 'pass' | 'fail' | 'error' | 'skip';

export interface Violation {
  message: string;
  item: JsonValue;
}

export interface ExceptedViolation extends Violation {
  reason: string;
  expires: string;
}

export interface RuleError {
  field: 'when' | 'violations' | 'message' | 'match';
  /** Position in the failing expression's own text, 1-based. */
  line: number;
  column: number;
  message: string;
}

export interface RuleResult {
  id: string;
  policy: string;
  description: string;
  action: RuleAction;
  decision: RuleDecision;
  /** This rule blocks the release: a `deny` rule that failed, or any rule that errored. */
  blocking: boolean;
  violations: Violation[];
  excepted: ExceptedViolation[];
  error: RuleError | null;
}

export interface ExpiredException {
  policy: string;
  rule: string;
  reason: string;
  expires: string;
  line: number;
}

export interface PolicyResult {
  schema: typeof policyResultSchema;
  /** The evaluation time (SOURCE_DATE_EPOCH when set): exceptions expire against it. */
  evaluatedAt: string;
  /** False when any rule blocks. */
  allowed: boolean;
  policies: { name: string; file: string }[];
  summary: { rules: number; passed: number; failed: number; warned: number; errors: number; skipped: number };
  rules: RuleResult[];
  /** Exceptions past their expiry: they no longer apply, and are listed so someone renews or removes them. */
  expiredExceptions: ExpiredException[];
}
