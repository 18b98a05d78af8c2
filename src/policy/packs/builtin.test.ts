import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import parseSpdxExpression from 'spdx-expression-parse';
import satisfies from 'spdx-satisfies';
import { nodeFileSystem } from '../../io/file-system.js';
import { corpusPath, hasCorpus } from '../../testing/corpus.js';
import { evaluatePolicies } from '../evaluate-policy.js';
import { readSbomFacts } from '../facts/sbom-facts.js';
import { emptyPolicyInput } from '../input-document.js';
import { builtinPolicy } from '../read-policies.js';
import { runPolicyTests } from '../run-policy-tests.js';

const testsDirectory = join(dirname(fileURLToPath(import.meta.url)), 'tests');
const now = new Date('2026-06-01T00:00:00Z');

describe('built-in pack', () => {
  it('passes its policy tests, with a passing and a failing case for every rule', async () => {
    const report = await runPolicyTests(testsDirectory, nodeFileSystem, now);
    const failures = report.outcomes.filter((outcome) => !outcome.passed);
    assert.deepEqual(failures, [], 'every expectation holds');
    for (const rule of builtinPolicy().rules) {
      const decisions = new Set(
        report.outcomes
          .filter((outcome) => outcome.rule === rule.id)
          .map((outcome) => outcome.expected.split(' ')[0]),
      );
      assert.ok(decisions.has('pass'), `${rule.id} has a passing fixture`);
      assert.ok(decisions.has('fail'), `${rule.id} has a failing fixture`);
    }
  });

  it('reports a mismatch when a fixture expects the wrong decision', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'veriship-policytest-'));
    try {
      const original = await readFile(join(testsDirectory, 'supplier-sbom-signed.policytest.yaml'), 'utf8');
      await writeFile(
        join(directory, 'wrong.policytest.yaml'),
        original.replace('decision: fail, violations: 2', 'decision: fail, violations: 3'),
      );
      const report = await runPolicyTests(directory, nodeFileSystem, now);
      assert.equal(report.passed, false);
      const [mismatch] = report.outcomes.filter((outcome) => !outcome.passed);
      assert.equal(mismatch?.expected, 'fail (3 violations)');
      assert.equal(mismatch?.actual, 'fail (2 violations)');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('explains violations in words a developer can act on', () => {
    const input = {
      ...emptyPolicyInput(),
      artifacts: [
        {
          name: 'app.tgz',
          path: 'dist/app.tgz',
          digest: { sha256: 'ab' },
          signature: {
            present: false,
            verified: false,
            bundle: null,
            checks: [],
            keyId: null,
            identity: null,
          },
        },
      ],
    };
    const result = evaluatePolicies([builtinPolicy()], input, { now });
    const messages = (id: string) =>
      result.rules.find((rule) => rule.id === id)?.violations.map((violation) => violation.message);
    assert.deepEqual(messages('signed-artifacts'), [
      'app.tgz: has no signature bundle (app.tgz.sigstore.json)',
    ]);
    assert.deepEqual(messages('sbom-present-and-valid'), ['no SBOM was given (--sbom)']);
    assert.deepEqual(messages('vulnerability-threshold'), ['no scan report was given (--scan)']);
  });

  describe('over real SBOMs (corpus), against spdx-satisfies and the hashes themselves', {
    skip: !hasCorpus(),
  }, () => {
    for (const file of [
      'sbom/cyclonedx/real/dropwizard-1.3.15/bom.json',
      'sbom/cyclonedx/real/juice-shop-npm-flat/bom.1.4.json',
    ]) {
      it(`license-allowlist and pinned-dependencies on ${file}`, async () => {
        const path = corpusPath(...file.split('/'));
        const sbom = await readSbomFacts(path, await readFile(path));
        assert.ok(sbom.components.length > 50, 'a large real SBOM');
        const policy = builtinPolicy();
        const allowed = policy.params.allowedLicenses as string[];
        const accepted = policy.params.pinnedHashAlgorithms as string[];
        const result = evaluatePolicies([policy], { ...emptyPolicyInput(), sbom }, { now });
        const rule = (id: string) => result.rules.find((candidate) => candidate.id === id);

        // The oracle: the reference libraries called directly, component by component.
        const valid = (expression: string) => {
          try {
            parseSpdxExpression(expression);
            return true;
          } catch {
            return false;
          }
        };
        const unlicensed = sbom.components.filter(
          (component) =>
            component.licenses.length > 0 &&
            !component.licenses.every((license) => valid(license) && satisfies(license, allowed)),
        );
        const unpinned = sbom.components.filter(
          (component) => !Object.keys(component.hashes).some((algorithm) => accepted.includes(algorithm)),
        );
        assert.equal(rule('license-allowlist')?.decision, unlicensed.length > 0 ? 'fail' : 'pass');
        assert.deepEqual(
          rule('license-allowlist')?.violations.map((violation) => (violation.item as { id: string }).id),
          unlicensed.map((component) => component.id),
        );
        assert.deepEqual(
          rule('pinned-dependencies')?.violations.map((violation) => (violation.item as { id: string }).id),
          unpinned.map((component) => component.id),
        );
      });
    }
  });
});
