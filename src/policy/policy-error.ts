import { type ErrorCategory, VerishipError } from '../errors.js';

export type PolicyErrorCode =
  /** A policy file that cannot be used: bad YAML, unknown fields, a CEL syntax or type error. */
  | 'POLICY_INVALID'
  /** An input the gate reads (scan report, supplier facts, input document) is malformed. */
  | 'POLICY_INPUT_INVALID'
  /** A `*.policytest.yaml` file that cannot be run. */
  | 'POLICY_TEST_INVALID';

/**
 * Every policy-loading and input problem is invalid input (exit 3). A rule that fails or errors while
 * evaluating is not an exception: it is a decision in the result (exit 1), so evaluation never throws it.
 */
export class PolicyError extends VerishipError<PolicyErrorCode> {
  readonly category: ErrorCategory = 'invalid-input';
}
