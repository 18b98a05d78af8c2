/**
 * Reads a policy file (docs/policy.md "Policy files"): YAML with `apiVersion: veriship.dev/v1`,
 * `kind: Policy`, `metadata.name`, optional `params`, `rules` and `exceptions`. Strict, like the keyring
 * parser: an unknown field is an error (a misspelt `when` must not silently drop a condition). Every CEL
 * expression is compiled here, so a broken policy fails before any input is read.
 */

import { isMap, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import { parseDateOrDateTime } from '../dates.js';
import { firstNonJson } from '../json-value.js';
import type { JsonValue } from './cel-values.js';
import {
  type CompiledExpression,
  compileExpression,
  ExpressionCompileError,
  type ExpressionField,
} from './compile-expression.js';
import { PolicyError } from './policy-error.js';

export const policyApiVersion = 'veriship.dev/v1';

export type RuleAction = 'deny' | 'warn';

export interface PolicyRule {
  id: string;
  description: string;
  action: RuleAction;
  when: CompiledExpression | undefined;
  violations: CompiledExpression;
  message: CompiledExpression;
  /** 1-based line of the rule in its file. */
  line: number;
}

export interface PolicyException {
  rule: string;
  /** A CEL bool over `item`, or… */
  match: CompiledExpression | undefined;
  /** …the offending item's `purl`, exactly. */
  purl: string | undefined;
  reason: string;
  /** As written (`2026-06-30` or an RFC 3339 date-time). */
  expires: string;
  /** The instant it stops applying: midnight UTC at the start of a date-only `expires`. */
  expiresAt: Date;
  line: number;
}

export interface CompiledPolicy {
  file: string;
  name: string;
  params: Record<string, JsonValue>;
  rules: PolicyRule[];
  exceptions: PolicyException[];
}

const policyFields = ['apiVersion', 'kind', 'metadata', 'params', 'rules', 'exceptions'];
const metadataFields = ['name', 'description'];
const ruleFields = ['id', 'description', 'action', 'when', 'violations', 'message'];
const exceptionFields = ['rule', 'match', 'purl', 'reason', 'expires'];

class PolicyReader {
  private readonly lines = new LineCounter();
  private readonly root: unknown;
  private readonly document;

  constructor(
    text: string,
    private readonly file: string,
  ) {
    this.document = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false });
    const [error] = this.document.errors;
    if (error) {
      const position = error.linePos?.[0];
      throw this.invalid(position?.line, `not valid YAML: ${error.message.split('\n')[0]}`);
    }
    this.root = this.document.toJS();
  }

  invalid(line: number | undefined, message: string): PolicyError {
    return new PolicyError({
      code: 'POLICY_INVALID',
      file: this.file,
      message: line === undefined ? message : `line ${line}: ${message}`,
    });
  }

  /** The 1-based line of the node at `path`, when the document has one there. */
  lineOf(path: (string | number)[]): number | undefined {
    const node = this.document.getIn(path, true) as Node | undefined;
    const start = node && (isScalar(node) || isMap(node) || 'range' in node) ? node.range?.[0] : undefined;
    return start === undefined ? undefined : this.lines.linePos(start).line;
  }

  object(
    value: unknown,
    path: (string | number)[],
    fields: string[],
    label: string,
  ): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw this.invalid(this.lineOf(path), `${label}: expected a mapping`);
    }
    for (const key of Object.keys(value)) {
      if (!fields.includes(key)) {
        throw this.invalid(
          this.lineOf([...path, key]),
          `${label}: unknown field '${key}' (allowed: ${fields.join(', ')})`,
        );
      }
    }
    return value as Record<string, unknown>;
  }

  string(value: unknown, path: (string | number)[], label: string): string {
    if (typeof value !== 'string' || value.trim() === '') {
      throw this.invalid(this.lineOf(path), `${label}: required, a non-empty string`);
    }
    return value;
  }

  expression(
    value: unknown,
    path: (string | number)[],
    field: ExpressionField,
    label: string,
  ): CompiledExpression {
    const source = this.string(value, path, `${label}: ${field}`);
    try {
      return compileExpression(source, field);
    } catch (error) {
      if (!(error instanceof ExpressionCompileError)) throw error;
      const { line, column, message } = error.diagnostic;
      throw this.invalid(this.lineOf(path), `${label}: ${field} (expression ${line}:${column}): ${message}`);
    }
  }

  read(): CompiledPolicy {
    const root = this.object(this.root, [], policyFields, 'policy');
    if (root.apiVersion !== policyApiVersion) {
      throw this.invalid(
        this.lineOf(['apiVersion']),
        `apiVersion: expected ${policyApiVersion}, got ${JSON.stringify(root.apiVersion ?? null)}`,
      );
    }
    if (root.kind !== 'Policy') {
      throw this.invalid(
        this.lineOf(['kind']),
        `kind: expected Policy, got ${JSON.stringify(root.kind ?? null)}`,
      );
    }
    const metadata = this.object(root.metadata, ['metadata'], metadataFields, 'metadata');
    const name = this.string(metadata.name, ['metadata', 'name'], 'metadata.name');
    if (
      root.params !== undefined &&
      (typeof root.params !== 'object' || root.params === null || Array.isArray(root.params))
    ) {
      throw this.invalid(this.lineOf(['params']), 'params: expected a mapping of names to values');
    }
    const params = (root.params ?? {}) as Record<string, JsonValue>;
    // JSON values only: YAML's !!set, !!omap, !!binary and !!timestamp make Maps, Sets, Buffers and Dates,
    // which CEL would see as empty maps (an allow-list that allows nothing, or a check that passes).
    for (const [name, value] of Object.entries(params)) {
      const found = firstNonJson(value, ['params', name]);
      if (found) {
        throw this.invalid(
          this.lineOf(['params', name]),
          `${found.path.join('.')}: ${found.what}, not a JSON value (write a list or a mapping)`,
        );
      }
    }
    if (!Array.isArray(root.rules) || root.rules.length === 0) {
      throw this.invalid(this.lineOf(['rules']), 'rules: required, a non-empty list of rules');
    }
    const rules = root.rules.map((value: unknown, index: number) => this.rule(value, index));
    const seen = new Set<string>();
    for (const rule of rules) {
      if (seen.has(rule.id)) throw this.invalid(rule.line, `rule '${rule.id}': duplicate rule id`);
      seen.add(rule.id);
    }
    if (root.exceptions !== undefined && !Array.isArray(root.exceptions)) {
      throw this.invalid(this.lineOf(['exceptions']), 'exceptions: expected a list');
    }
    const exceptions = ((root.exceptions as unknown[] | undefined) ?? []).map((value, index) =>
      this.exception(value, index, seen),
    );
    return { file: this.file, name, params, rules, exceptions };
  }

  private rule(value: unknown, index: number): PolicyRule {
    const path = ['rules', index];
    const line = this.lineOf(path) ?? 1;
    const rule = this.object(value, path, ruleFields, `rules[${index}]`);
    const id = this.string(rule.id, [...path, 'id'], `rules[${index}].id`);
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(id)) {
      throw this.invalid(
        this.lineOf([...path, 'id']),
        `rule '${id}': id must be lowercase letters, digits, '.', '_' and '-'`,
      );
    }
    const label = `rule '${id}'`;
    const description = this.string(rule.description, [...path, 'description'], `${label}: description`);
    if (rule.action !== 'deny' && rule.action !== 'warn') {
      throw this.invalid(
        this.lineOf([...path, 'action']) ?? line,
        `${label}: action must be deny or warn, got ${JSON.stringify(rule.action ?? null)}`,
      );
    }
    return {
      id,
      description,
      action: rule.action,
      when:
        rule.when === undefined ? undefined : this.expression(rule.when, [...path, 'when'], 'when', label),
      violations: this.expression(rule.violations, [...path, 'violations'], 'violations', label),
      message: this.expression(rule.message, [...path, 'message'], 'message', label),
      line,
    };
  }

  private exception(value: unknown, index: number, ruleIds: ReadonlySet<string>): PolicyException {
    const path = ['exceptions', index];
    const label = `exceptions[${index}]`;
    const exception = this.object(value, path, exceptionFields, label);
    const rule = this.string(exception.rule, [...path, 'rule'], `${label}.rule`);
    if (!ruleIds.has(rule))
      throw this.invalid(this.lineOf([...path, 'rule']), `${label}.rule: no rule '${rule}' in this policy`);
    const reason = this.string(exception.reason, [...path, 'reason'], `${label}.reason`);
    const expires = this.string(exception.expires, [...path, 'expires'], `${label}.expires`);
    const expiresAt = parseExpiry(expires);
    if (!expiresAt) {
      throw this.invalid(
        this.lineOf([...path, 'expires']),
        `${label}.expires: expected a date (2026-06-30) or an RFC 3339 date-time, got ${JSON.stringify(expires)}`,
      );
    }
    if ((exception.match === undefined) === (exception.purl === undefined)) {
      throw this.invalid(
        this.lineOf(path),
        `${label}: give exactly one of match (a CEL condition on item) or purl`,
      );
    }
    return {
      rule,
      match:
        exception.match === undefined
          ? undefined
          : this.expression(exception.match, [...path, 'match'], 'match', label),
      purl:
        exception.purl === undefined
          ? undefined
          : this.string(exception.purl, [...path, 'purl'], `${label}.purl`),
      reason,
      expires,
      expiresAt,
      line: this.lineOf(path) ?? 1,
    };
  }
}

/** `YYYY-MM-DD` (midnight UTC) or an RFC 3339 date-time with a zone; undefined for anything else. */
export const parseExpiry = parseDateOrDateTime;

/**
 * Parses and compiles one policy file.
 *
 * @param file Names the file in errors; nothing is read from it.
 * @throws PolicyError POLICY_INVALID naming the file, the line, the rule and, for CEL, the position in
 *   the expression
 */
export function loadPolicy(text: string, file: string): CompiledPolicy {
  return new PolicyReader(text, file).read();
}

/**
 * Several policies evaluated together: rule ids must be unique across them, so a result row and a test
 * expectation name one rule.
 *
 * @throws PolicyError POLICY_INVALID for a rule id defined twice
 */
export function checkPolicySet(policies: readonly CompiledPolicy[]): void {
  const owner = new Map<string, string>();
  for (const policy of policies) {
    for (const rule of policy.rules) {
      const first = owner.get(rule.id);
      if (first !== undefined) {
        throw new PolicyError({
          code: 'POLICY_INVALID',
          file: policy.file,
          message: `line ${rule.line}: rule '${rule.id}' is also defined in ${first}`,
        });
      }
      owner.set(rule.id, policy.file);
    }
  }
}
