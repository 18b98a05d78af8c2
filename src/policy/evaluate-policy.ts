/**
 * facts → evaluate(compiled policies) → decision (house style §2). Pure: the time comes in as `now`.
 * Never throws for a rule that misbehaves: an evaluation error is that rule's `error` decision, which
 * blocks (fail closed).
 */
import { type CelValue, isCelMap } from '@bufbuild/cel';
import { celTimestamp } from './cel-environment.js';
import { celToJson, type JsonValue, toCelInput } from './cel-values.js';
import type { Bindings } from './compile-expression.js';
import type { PolicyInput } from './input-document.js';
import type { CompiledPolicy, PolicyException, PolicyRule } from './load-policy.js';
import {
  type ExceptedViolation,
  type ExpiredException,
  type PolicyResult,
  policyResultSchema,
  type RuleError,
  type RuleResult,
  type Violation,
} from './policy-result.js';

export interface EvaluateOptions {
  now: Date;
  /** Replaces params of the same name in every policy (policy tests use it to vary a threshold). */
  params?: Record<string, JsonValue>;
}

function itemPurl(item: CelValue): string | undefined {
  if (!isCelMap(item)) return undefined;
  const purl = item.get('purl');
  return typeof purl === 'string' ? purl : undefined;
}

class RuleFailure extends Error {
  constructor(readonly detail: RuleError) {
    super(detail.message);
  }
}

function evaluated(expression: NonNullable<PolicyRule['when']>, bindings: Bindings): CelValue {
  const outcome = expression.evaluate(bindings);
  if ('error' in outcome) throw new RuleFailure({ field: expression.field, ...outcome.error });
  return outcome.value;
}

function evaluateRule(
  policy: CompiledPolicy,
  rule: PolicyRule,
  exceptions: readonly PolicyException[],
  bindings: Bindings,
): RuleResult {
  const base = { id: rule.id, policy: policy.name, description: rule.description, action: rule.action };
  const violations: Violation[] = [];
  const excepted: ExceptedViolation[] = [];
  try {
    if (rule.when && evaluated(rule.when, bindings) !== true) {
      return { ...base, decision: 'skip', blocking: false, violations, excepted, error: null };
    }
    const items = evaluated(rule.violations, bindings) as Iterable<CelValue>;
    for (const item of items) {
      const itemBindings = { ...bindings, item };
      const message = evaluated(rule.message, itemBindings) as string;
      const exception = exceptions.find((candidate) =>
        candidate.purl !== undefined
          ? itemPurl(item) === candidate.purl
          : evaluated(candidate.match as NonNullable<PolicyRule['when']>, itemBindings) === true,
      );
      const violation = { message, item: celToJson(item) };
      if (exception) excepted.push({ ...violation, reason: exception.reason, expires: exception.expires });
      else violations.push(violation);
    }
  } catch (error) {
    if (!(error instanceof RuleFailure)) throw error;
    return { ...base, decision: 'error', blocking: true, violations, excepted, error: error.detail };
  }
  const failed = violations.length > 0;
  return {
    ...base,
    decision: failed ? 'fail' : 'pass',
    blocking: failed && rule.action === 'deny',
    violations,
    excepted,
    error: null,
  };
}

/**
 * Evaluates every rule of every policy over one input document.
 */
export function evaluatePolicies(
  policies: readonly CompiledPolicy[],
  input: PolicyInput,
  options: EvaluateOptions,
): PolicyResult {
  const now = celTimestamp(options.now);
  // Converted once for every rule; params too, so that each access to a params list in a loop is the same
  // CEL list and the per-list caches of cel-functions.ts hit.
  const document = Object.fromEntries(
    Object.entries(input).map(([name, value]) => [name, toCelInput(value)]),
  );
  const rules: RuleResult[] = [];
  const expiredExceptions: ExpiredException[] = [];
  for (const policy of policies) {
    const params = toCelInput({ ...policy.params, ...options.params });
    const bindings: Bindings = { ...document, params, now };
    const active = policy.exceptions.filter(
      (exception) => exception.expiresAt.getTime() > options.now.getTime(),
    );
    for (const exception of policy.exceptions) {
      if (!active.includes(exception)) {
        const { rule, reason, expires, line } = exception;
        expiredExceptions.push({ policy: policy.name, rule, reason, expires, line });
      }
    }
    for (const rule of policy.rules) {
      rules.push(
        evaluateRule(
          policy,
          rule,
          active.filter((exception) => exception.rule === rule.id),
          bindings,
        ),
      );
    }
  }
  const count = (predicate: (rule: RuleResult) => boolean) => rules.filter(predicate).length;
  return {
    schema: policyResultSchema,
    evaluatedAt: options.now.toISOString(),
    // No rule evaluated is no decision: an empty policy set, or one whose every rule was skipped (`when`
    // false: say every rule guards on an input the pipeline forgot to pass), never allows (fail closed).
    allowed: rules.some((rule) => rule.decision !== 'skip') && rules.every((rule) => !rule.blocking),
    policies: policies.map((policy) => ({ name: policy.name, file: policy.file })),
    summary: {
      rules: rules.length,
      passed: count((rule) => rule.decision === 'pass'),
      failed: count((rule) => rule.decision === 'fail' && rule.action === 'deny'),
      warned: count((rule) => rule.decision === 'fail' && rule.action === 'warn'),
      errors: count((rule) => rule.decision === 'error'),
      skipped: count((rule) => rule.decision === 'skip'),
    },
    rules,
    expiredExceptions,
  };
}
