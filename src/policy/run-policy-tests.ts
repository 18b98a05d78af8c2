/**
 * `veriship policy test DIR`: policy unit tests in the manner of `kyverno test` and `opa test`. Each
 * `*.policytest.yaml` names a policy, and lists cases: an input document (inline or a JSON/YAML file)
 * and the decision expected of each named rule (docs/policy.md "Policy tests").
 */
import { dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { FileSystem } from '../io/file-system.js';
import type { JsonValue } from './cel-values.js';
import { evaluatePolicies } from './evaluate-policy.js';
import { policyInputFromJson } from './facts/input-from-json.js';
import { parseExpiry } from './load-policy.js';
import { PolicyError } from './policy-error.js';
import type { RuleDecision } from './policy-result.js';
import { readPolicies } from './read-policies.js';

const decisions: readonly RuleDecision[] = ['pass', 'fail', 'error', 'skip'];

export interface PolicyTestExpectation {
  rule: string;
  decision: RuleDecision;
  violations?: number;
}

export interface PolicyTestOutcome {
  file: string;
  case: string;
  rule: string;
  passed: boolean;
  expected: string;
  actual: string;
}

export interface PolicyTestReport {
  passed: boolean;
  files: number;
  outcomes: PolicyTestOutcome[];
}

function invalid(file: string, message: string): PolicyError {
  return new PolicyError({ code: 'POLICY_TEST_INVALID', file, message });
}

function parseYaml(text: string, file: string): unknown {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const [error] = document.errors;
  if (error) throw invalid(file, `not valid YAML: ${error.message.split('\n')[0]}`);
  return document.toJS();
}

function record(value: unknown, file: string, label: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(file, `${label}: expected a mapping`);
  return value as Record<string, unknown>;
}

/**
 * Test files are read as strictly as policies: a misspelt `violation:` or `param:` would otherwise be
 * dropped, and the test would pass without checking what it says it checks.
 */
function known(value: Record<string, unknown>, fields: readonly string[], file: string, label: string): void {
  for (const key of Object.keys(value)) {
    if (!fields.includes(key))
      throw invalid(file, `${label}: unknown field '${key}' (allowed: ${fields.join(', ')})`);
  }
}

function expectations(value: unknown, file: string, label: string): PolicyTestExpectation[] {
  if (!Array.isArray(value) || value.length === 0)
    throw invalid(file, `${label}.expect: required, a non-empty list`);
  return value.map((entry, index) => {
    const item = record(entry, file, `${label}.expect[${index}]`);
    known(item, ['rule', 'decision', 'violations'], file, `${label}.expect[${index}]`);
    if (typeof item.rule !== 'string') throw invalid(file, `${label}.expect[${index}].rule: required`);
    if (!decisions.includes(item.decision as RuleDecision)) {
      throw invalid(file, `${label}.expect[${index}].decision: one of ${decisions.join(', ')}`);
    }
    if (
      item.violations !== undefined &&
      !(Number.isInteger(item.violations) && (item.violations as number) >= 0)
    ) {
      throw invalid(file, `${label}.expect[${index}].violations: a whole number`);
    }
    return {
      rule: item.rule,
      decision: item.decision as RuleDecision,
      ...(item.violations === undefined ? {} : { violations: item.violations as number }),
    };
  });
}

/** The case's input document, and the file to name in its errors (the fixture's, when it has one). */
async function readInput(
  value: unknown,
  file: string,
  fileSystem: FileSystem,
): Promise<{ input: unknown; file: string }> {
  if (typeof value !== 'string') return { input: value ?? {}, file };
  const path = resolve(dirname(file), value);
  // JSON is YAML: one parser for both, with its error naming the file.
  return { input: parseYaml((await fileSystem.readFile(path)).toString('utf8'), path), file: path };
}

function timeOf(value: unknown, fallback: Date, file: string, label: string): Date {
  if (value === undefined) return fallback;
  const date = typeof value === 'string' ? parseExpiry(value) : undefined;
  if (!date) throw invalid(file, `${label}.now: expected a date or an RFC 3339 date-time`);
  return date;
}

/** Runs one test file. */
export async function runPolicyTestFile(
  file: string,
  fileSystem: FileSystem,
  now: Date,
): Promise<PolicyTestOutcome[]> {
  const root = record(parseYaml((await fileSystem.readFile(file)).toString('utf8'), file), file, 'test');
  known(
    root,
    root.cases === undefined
      ? ['policy', 'params', 'now', 'input', 'expect']
      : ['policy', 'params', 'now', 'cases'],
    file,
    'test',
  );
  if (typeof root.policy !== 'string')
    throw invalid(file, 'policy: required, a path (relative to this file) or builtin');
  const policyPath = root.policy === 'builtin' ? 'builtin' : resolve(dirname(file), root.policy);
  const policies = await readPolicies([policyPath], fileSystem);
  const cases =
    root.cases === undefined ? [{ name: 'default', input: root.input, expect: root.expect }] : root.cases;
  if (!Array.isArray(cases) || cases.length === 0) throw invalid(file, 'cases: expected a non-empty list');
  const ruleIds = new Set(policies.flatMap((policy) => policy.rules.map((rule) => rule.id)));
  const declaredParams = new Set(policies.flatMap((policy) => Object.keys(policy.params)));
  const outcomes: PolicyTestOutcome[] = [];
  for (const [index, entry] of cases.entries()) {
    const testCase = record(entry, file, `cases[${index}]`);
    known(testCase, ['name', 'params', 'now', 'input', 'expect'], file, `cases[${index}]`);
    const name = typeof testCase.name === 'string' ? testCase.name : `cases[${index}]`;
    const label = `case '${name}'`;
    const fixture = await readInput(testCase.input, file, fileSystem);
    const input = policyInputFromJson(fixture.input, fixture.file);
    const params = {
      ...(root.params === undefined ? {} : record(root.params, file, 'params')),
      ...(testCase.params === undefined ? {} : record(testCase.params, file, `${label}.params`)),
    } as Record<string, JsonValue>;
    // params replace the policy's own: a name no policy declares (a misspelt threshold) would test nothing.
    for (const name of Object.keys(params)) {
      if (!declaredParams.has(name))
        throw invalid(file, `${label}.params: '${name}' is not a param of ${root.policy}`);
    }
    const result = evaluatePolicies(policies, input, {
      now: timeOf(testCase.now ?? root.now, now, file, label),
      params,
    });
    for (const expected of expectations(testCase.expect, file, label)) {
      if (!ruleIds.has(expected.rule))
        throw invalid(file, `${label}: no rule '${expected.rule}' in ${root.policy}`);
      const actual = result.rules.find((rule) => rule.id === expected.rule);
      const count = actual?.violations.length ?? 0;
      const passed =
        actual?.decision === expected.decision &&
        (expected.violations === undefined || expected.violations === count);
      const describe = (decision: string | undefined, violations: number | undefined) =>
        `${decision}${violations === undefined ? '' : ` (${violations} violation${violations === 1 ? '' : 's'})`}`;
      const detail = actual?.error ? `: ${actual.error.field}: ${actual.error.message}` : '';
      outcomes.push({
        file,
        case: name,
        rule: expected.rule,
        passed,
        expected: describe(expected.decision, expected.violations),
        actual: `${describe(actual?.decision, expected.violations === undefined ? undefined : count)}${detail}`,
      });
    }
  }
  return outcomes;
}

/**
 * Runs every `*.policytest.yaml` under `directory` (recursively, in path order).
 *
 * @throws PolicyError POLICY_TEST_INVALID / POLICY_INVALID for a test or policy that cannot run (exit 3)
 */
export async function runPolicyTests(
  directory: string,
  fileSystem: FileSystem,
  now: Date,
): Promise<PolicyTestReport> {
  const files: string[] = [];
  const walk = async (path: string): Promise<void> => {
    for (const entry of await fileSystem.readDirectory(path)) {
      const child = join(path, entry.name);
      if (entry.isDirectory) await walk(child);
      else if (entry.isFile && /\.policytest\.ya?ml$/.test(entry.name)) files.push(child);
    }
  };
  if ((await fileSystem.kind(directory)) === 'file') files.push(directory);
  else await walk(directory);
  files.sort();
  if (files.length === 0) {
    throw invalid(directory, 'no policy tests (*.policytest.yaml) found');
  }
  const outcomes: PolicyTestOutcome[] = [];
  for (const file of files) outcomes.push(...(await runPolicyTestFile(file, fileSystem, now)));
  return { passed: outcomes.every((outcome) => outcome.passed), files: files.length, outcomes };
}
