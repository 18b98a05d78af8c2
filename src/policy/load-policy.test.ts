import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPolicy, parseExpiry } from './load-policy.js';
import { builtinPackYaml } from './packs/builtin.js';
import { PolicyError } from './policy-error.js';

function policyWith(rule: string, extra = ''): string {
  return [
    'apiVersion: veriship.dev/v1',
    'kind: Policy',
    'metadata: {name: test}',
    'rules:',
    '  - id: the-rule',
    '    description: a rule',
    '    action: deny',
    rule,
    extra,
  ].join('\n');
}

function loadError(text: string): PolicyError {
  try {
    loadPolicy(text, 'policies/p.yaml');
  } catch (error) {
    assert.ok(error instanceof PolicyError, `expected a PolicyError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the policy to be rejected');
}

describe('loadPolicy', () => {
  it('compiles the built-in pack: seven rules, params, no exceptions', () => {
    const policy = loadPolicy(builtinPackYaml, 'builtin.yaml');
    assert.deepEqual(
      policy.rules.map((rule) => rule.id),
      [
        'signed-artifacts',
        'sbom-present-and-valid',
        'provenance-trusted-builder',
        'vulnerability-threshold',
        'license-allowlist',
        'pinned-dependencies',
        'supplier-sbom-signed',
      ],
    );
    assert.equal(policy.params.severityThreshold, 'high');
    assert.deepEqual(policy.exceptions, []);
  });

  describe('when an expression has a syntax error', () => {
    it('names the file, the line, the rule, the field and the position in the expression', () => {
      const error = loadError(
        policyWith("    violations: 'sbom.components.filter(c, c.x +)'\n    message: item"),
      );
      assert.equal(error.code, 'POLICY_INVALID');
      assert.equal(error.category, 'invalid-input');
      assert.equal(error.file, 'policies/p.yaml');
      assert.match(
        error.message,
        /^line 8: rule 'the-rule': violations \(expression 1:\d+\): syntax error: /,
      );
    });
  });

  describe('when an expression does not type-check', () => {
    it('rejects an undeclared variable, naming it and its position', () => {
      const error = loadError(
        policyWith("    violations: 'sbom.components + sboms.components'\n    message: item"),
      );
      assert.match(error.message, /violations \(expression 1:19\): undeclared variable 'sboms'/);
    });

    it('rejects a comprehension variable used outside its macro', () => {
      const error = loadError(
        policyWith("    violations: 'sbom.components.filter(c, true) + [c]'\n    message: item"),
      );
      assert.match(error.message, /undeclared variable 'c'/);
    });

    it('rejects an undeclared function', () => {
      const error = loadError(policyWith("    violations: 'spdx.allowed(sbom)'\n    message: item"));
      assert.match(error.message, /undeclared function 'spdx.allowed'/);
    });

    it('rejects item outside message and match', () => {
      const error = loadError(policyWith("    violations: '[item]'\n    message: item"));
      assert.match(error.message, /undeclared variable 'item'/);
    });

    it('rejects violations that are a bool and messages that are an int', () => {
      assert.match(
        loadError(
          policyWith(
            "    violations: 'sbom.components.exists(c, c.licenses.size() == 0)'\n    message: item",
          ),
        ).message,
        /violations must be a list expression, this one is a bool/,
      );
      assert.match(
        loadError(policyWith("    violations: '[]'\n    message: 'item.size() + 1'")).message,
        /message .*must be a string expression, this one is an int/,
      );
    });

    it('accepts comprehension variables in scope and the veriship functions', () => {
      const policy = loadPolicy(
        policyWith(
          "    violations: 'sbom.components.filter(c, c.licenses.all(l, spdx.satisfies(l, params.allowed)))'\n    message: 'item.id + string(severity.rank(\"high\"))'",
        ),
        'p.yaml',
      );
      assert.equal(policy.rules.length, 1);
    });
  });

  describe('when the file is not a valid policy', () => {
    it('rejects unknown fields, naming them', () => {
      assert.match(
        loadError(policyWith("    violations: '[]'\n    message: item\n    wen: 'true'")).message,
        /line 10: rules\[0\]: unknown field 'wen'/,
      );
    });

    it('rejects params that are not JSON values (a YAML set, ordered map, binary, NaN), naming them', () => {
      for (const [yaml, what] of [
        ['params:\n  trusted: !!set {acme: null}', /params\.trusted: a set/],
        ['params:\n  order: !!omap [{a: 1}]', /params\.order: an ordered map/],
        ['params:\n  nested: {blob: !!binary aGVsbG8=}', /params\.nested\.blob: binary data/],
        ['params:\n  limit: .nan', /params\.limit: not a finite number/],
      ] as const) {
        const error = loadError(policyWith("    violations: '[]'\n    message: '\"x\"'", yaml));
        assert.equal(error.code, 'POLICY_INVALID');
        assert.match(error.message, what);
      }
    });

    it('rejects another apiVersion or kind', () => {
      assert.match(
        loadError(builtinPackYaml.replace('veriship.dev/v1', 'veriship.dev/v2')).message,
        /apiVersion: expected veriship.dev\/v1/,
      );
      assert.match(
        loadError(builtinPackYaml.replace('kind: Policy', 'kind: ClusterPolicy')).message,
        /kind: expected Policy/,
      );
    });

    it('rejects a missing action, a duplicate id, and broken YAML', () => {
      assert.match(
        loadError(builtinPackYaml.replace('    action: deny\n', '')).message,
        /action must be deny or warn/,
      );
      assert.match(
        loadError(builtinPackYaml.replace('id: pinned-dependencies', 'id: license-allowlist')).message,
        /rule 'license-allowlist': duplicate rule id/,
      );
      assert.match(loadError('rules: [').message, /not valid YAML/);
    });

    it('requires a reason and an expiry on every exception, and a rule that exists', () => {
      const exception = (body: string) =>
        policyWith("    violations: '[]'\n    message: item", `exceptions:\n${body}`);
      assert.match(
        loadError(exception("  - {rule: the-rule, purl: 'pkg:npm/a@1', expires: 2026-01-01}")).message,
        /exceptions\[0\]\.reason: required/,
      );
      assert.match(
        loadError(exception("  - {rule: the-rule, purl: 'pkg:npm/a@1', reason: r}")).message,
        /exceptions\[0\]\.expires: required/,
      );
      assert.match(
        loadError(exception("  - {rule: the-rule, purl: 'pkg:npm/a@1', reason: r, expires: 2026-02-30}"))
          .message,
        /expires: expected a date/,
      );
      assert.match(
        loadError(exception("  - {rule: other, purl: 'pkg:npm/a@1', reason: r, expires: 2026-01-01}"))
          .message,
        /no rule 'other'/,
      );
      assert.match(
        loadError(exception('  - {rule: the-rule, reason: r, expires: 2026-01-01}')).message,
        /exactly one of match/,
      );
      assert.match(
        loadError(exception("  - {rule: the-rule, match: 'item.x ==', reason: r, expires: 2026-01-01}"))
          .message,
        /exceptions\[0\]: match \(expression 1:\d+\): syntax error/,
      );
    });
  });
});

describe('parseExpiry', () => {
  it('reads dates as midnight UTC and date-times with their zone', () => {
    assert.equal(parseExpiry('2026-06-30')?.toISOString(), '2026-06-30T00:00:00.000Z');
    assert.equal(parseExpiry('2026-06-30T12:00:00+02:00')?.toISOString(), '2026-06-30T10:00:00.000Z');
    assert.equal(parseExpiry('2026-06-30T12:00:00'), undefined);
    assert.equal(parseExpiry('30/06/2026'), undefined);
  });
});
