import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluatePolicies } from './evaluate-policy.js';
import { emptyPolicyInput, type PolicyInput } from './input-document.js';
import { loadPolicy } from './load-policy.js';
import type { RuleResult } from './policy-result.js';
import { formatPolicyTable } from './render-result.js';

const now = new Date('2026-06-01T00:00:00Z');

function policy(rules: string, extra = ''): ReturnType<typeof loadPolicy> {
  return loadPolicy(
    [
      'apiVersion: veriship.dev/v1',
      'kind: Policy',
      'metadata: {name: edge}',
      'params: {allowed: [MIT]}',
      'rules:',
      rules,
      extra,
    ].join('\n'),
    'edge.yaml',
  );
}

function rule(id: string, body: string, action = 'deny'): string {
  return [
    `  - id: ${id}`,
    `    description: ${id}`,
    `    action: ${action}`,
    ...body.split('\n').map((line) => `    ${line}`),
  ].join('\n');
}

function inputWith(components: unknown[]): PolicyInput {
  return {
    ...emptyPolicyInput(),
    sbom: {
      file: 'bom.json',
      format: 'cyclonedx-json',
      specVersion: '1.6',
      valid: true,
      validationErrors: [],
      components: components as PolicyInput['sbom'] extends infer S
        ? S extends { components: infer C }
          ? C
          : never
        : never,
    },
  };
}

const components = [
  { id: 'pkg:npm/a@1.0.0', purl: 'pkg:npm/a@1.0.0', name: 'a', licenses: ['MIT'], hashes: {} },
  { id: 'pkg:npm/b@2.0.0', purl: 'pkg:npm/b@2.0.0', name: 'b', licenses: ['GPL-3.0-only'], hashes: {} },
  { id: 'pkg:npm/c@3.0.0', purl: 'pkg:npm/c@3.0.0', name: 'c', licenses: ['GPL-2.0-or-later'], hashes: {} },
];

const gpl = rule(
  'no-gpl',
  [
    'violations: sbom.components.filter(c, c.licenses.exists(l, l.startsWith("GPL")))',
    `message: '"GPL component: " + item.purl'`,
  ].join('\n'),
);

function only(rules: RuleResult[]): RuleResult {
  assert.equal(rules.length, 1, 'one rule evaluated');
  return rules[0] as RuleResult;
}

describe('evaluatePolicies', () => {
  it("reports the issue's example rule: one message per offending item, and denies", () => {
    const result = evaluatePolicies([policy(gpl)], inputWith(components), { now });
    const outcome = only(result.rules);
    assert.equal(outcome.decision, 'fail');
    assert.equal(outcome.blocking, true);
    assert.deepEqual(
      outcome.violations.map((violation) => violation.message),
      ['GPL component: pkg:npm/b@2.0.0', 'GPL component: pkg:npm/c@3.0.0'],
    );
    assert.equal((outcome.violations[0]?.item as { name: string } | undefined)?.name, 'b');
    assert.equal(result.allowed, false);
    assert.deepEqual(result.summary, { rules: 1, passed: 0, failed: 1, warned: 0, errors: 0, skipped: 0 });
  });

  it('passes on an empty list, and a warn rule with violations does not block', () => {
    assert.equal(only(evaluatePolicies([policy(gpl)], inputWith([]), { now }).rules).decision, 'pass');
    const warn = policy(gpl.replace('action: deny', 'action: warn'));
    const result = evaluatePolicies([warn], inputWith(components), { now });
    assert.equal(only(result.rules).decision, 'fail');
    assert.equal(result.allowed, true, 'warnings do not block');
    assert.equal(result.summary.warned, 1);
  });

  describe('fails closed', () => {
    it('when a field is missing from the input: an error of that rule that blocks, with the position', () => {
      const result = evaluatePolicies([policy(gpl)], inputWith([{ id: 'x', name: 'x' }]), { now });
      const outcome = only(result.rules);
      assert.equal(outcome.decision, 'error');
      assert.equal(outcome.blocking, true);
      assert.equal(outcome.error?.field, 'violations');
      assert.match(outcome.error?.message ?? '', /licenses/);
      assert.equal(outcome.error?.line, 1);
      assert.ok((outcome.error?.column ?? 0) > 1, 'the column points into the expression');
      assert.equal(result.allowed, false);
    });

    it('even for a warn rule', () => {
      const warn = policy(gpl.replace('action: deny', 'action: warn'));
      const result = evaluatePolicies([warn], emptyPolicyInput(), { now });
      assert.equal(only(result.rules).decision, 'error', 'sbom is null: selecting components errors');
      assert.equal(result.allowed, false);
    });

    it('when violations returns something other than a list at run time', () => {
      const outcome = only(
        evaluatePolicies([policy(rule('dyn', 'violations: sbom.valid\nmessage: item'))], inputWith([]), {
          now,
        }).rules,
      );
      assert.equal(outcome.decision, 'error');
      assert.match(outcome.error?.message ?? '', /violations must return a list, it returned a bool/);
    });

    it('when a message is not a string, or when is not a bool', () => {
      const message = only(
        evaluatePolicies(
          [policy(rule('msg', 'violations: sbom.components\nmessage: item.hashes'))],
          inputWith(components),
          {
            now,
          },
        ).rules,
      );
      assert.equal(message.decision, 'error');
      assert.equal(message.error?.field, 'message');
      const when = only(
        evaluatePolicies(
          [policy(rule('when', 'when: sbom.file\nviolations: "[]"\nmessage: item'))],
          inputWith([]),
          { now },
        ).rules,
      );
      assert.equal(when.decision, 'error');
      assert.equal(when.error?.field, 'when');
    });

    it('when no rule was evaluated at all: an empty policy set does not allow', () => {
      const result = evaluatePolicies([], emptyPolicyInput(), { now });
      assert.equal(result.summary.rules, 0);
      assert.equal(result.allowed, false);
    });

    it('when every rule was skipped: nothing was checked, so nothing allows', () => {
      const skipped = policy(
        rule('needs-sbom', 'when: sbom != null\nviolations: sbom.components\nmessage: item.id'),
      );
      const result = evaluatePolicies([skipped], emptyPolicyInput(), { now });
      assert.deepEqual(result.summary, { rules: 1, passed: 0, failed: 0, warned: 0, errors: 0, skipped: 1 });
      assert.equal(result.allowed, false);
      assert.match(formatPolicyTable(result), /no rule was evaluated .*\n\nDENIED: 1 rules/);
    });

    it('when a function gets a value it cannot take (a type error at run time)', () => {
      const outcome = only(
        evaluatePolicies(
          [policy(rule('types', 'violations: sbom.components.filter(c, c.name > 1)\nmessage: item.id'))],
          inputWith(components),
          { now },
        ).rules,
      );
      assert.equal(outcome.decision, 'error');
    });
  });

  it('skips a rule whose when is false', () => {
    const skipped = policy(
      rule('skipped', 'when: sbom != null\nviolations: sbom.components\nmessage: item.id'),
    );
    const result = evaluatePolicies([skipped], emptyPolicyInput(), { now });
    assert.equal(only(result.rules).decision, 'skip');
    assert.equal(result.rules[0]?.blocking, false, 'a skipped rule does not block by itself');
    const withPassing = policy(
      [
        rule('skipped', 'when: sbom != null\nviolations: sbom.components\nmessage: item.id'),
        rule('passing', 'violations: artifacts\nmessage: item.name'),
      ].join('\n'),
    );
    assert.equal(evaluatePolicies([withPassing], emptyPolicyInput(), { now }).allowed, true);
  });

  describe('exceptions', () => {
    const withExceptions = policy(
      gpl,
      [
        'exceptions:',
        "  - {rule: no-gpl, purl: 'pkg:npm/b@2.0.0', reason: legal approved LEGAL-12, expires: 2026-12-31}",
        "  - {rule: no-gpl, match: 'item.name == \"c\"', reason: replaced in 2.0, expires: '2026-05-31T23:59:59Z'}",
      ].join('\n'),
    );

    it('an unexpired exception moves the matching violation to excepted, with its reason', () => {
      const outcome = only(evaluatePolicies([withExceptions], inputWith(components), { now }).rules);
      assert.deepEqual(
        outcome.excepted.map((excepted) => [excepted.message, excepted.reason, excepted.expires]),
        [['GPL component: pkg:npm/b@2.0.0', 'legal approved LEGAL-12', '2026-12-31']],
      );
      assert.deepEqual(
        outcome.violations.map((violation) => violation.message),
        ['GPL component: pkg:npm/c@3.0.0'],
      );
    });

    it('an expired exception stops applying and is reported', () => {
      const result = evaluatePolicies([withExceptions], inputWith(components), { now });
      assert.deepEqual(
        result.expiredExceptions.map((expired) => [expired.rule, expired.expires]),
        [['no-gpl', '2026-05-31T23:59:59Z']],
      );
      const before = evaluatePolicies([withExceptions], inputWith(components), {
        now: new Date('2026-05-01T00:00:00Z'),
      });
      assert.equal(only(before.rules).decision, 'pass', 'both exceptions apply before either expires');
      assert.equal(before.allowed, true);
      const later = evaluatePolicies([withExceptions], inputWith(components), {
        now: new Date('2027-01-01T00:00:00Z'),
      });
      assert.equal(only(later.rules).violations.length, 2, 'neither applies once both expired');
    });
  });

  it('is deterministic: the same input gives the same document', () => {
    const first = JSON.stringify(evaluatePolicies([policy(gpl)], inputWith(components), { now }));
    const second = JSON.stringify(evaluatePolicies([policy(gpl)], inputWith(components), { now }));
    assert.equal(first, second);
    assert.equal(JSON.parse(first).evaluatedAt, '2026-06-01T00:00:00.000Z');
  });

  it('exposes now as a timestamp and params to expressions', () => {
    const timed = policy(
      rule(
        'timed',
        [`violations: 'now > timestamp("2026-01-01T00:00:00Z") ? params.allowed : []'`, 'message: item'].join(
          '\n',
        ),
      ),
    );
    assert.deepEqual(
      only(evaluatePolicies([timed], emptyPolicyInput(), { now }).rules).violations.map(
        (violation) => violation.message,
      ),
      ['MIT'],
    );
    assert.equal(
      only(evaluatePolicies([timed], emptyPolicyInput(), { now: new Date('2025-01-01T00:00:00Z') }).rules)
        .decision,
      'pass',
    );
  });
});
