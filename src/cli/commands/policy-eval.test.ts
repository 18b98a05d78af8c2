import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadPolicy } from '../../policy/load-policy.js';
import { builtinPackYaml } from '../../policy/packs/builtin.js';
import { readSbom } from '../../sbom/read/read-sbom.js';
import { encodeBundle, generateTestKey, messageSignatureBundle } from '../../signing/verify/test-bundles.js';
import { corpusPath, hasCorpus, repositoryRoot } from '../../testing/corpus.js';
import { runVeriship } from '../../testing/run-cli.js';
import { runCommand } from '../../testing/run-command.js';
import { policyEvalCommand } from './policy-eval.js';
import { policyInitCommand } from './policy-init.js';
import { policyTestCommand } from './policy-test.js';

const key = generateTestKey('ecdsa-p256');
const environment = { SOURCE_DATE_EPOCH: '1780272000' }; // 2026-06-01T00:00:00Z

const noGpl = `apiVersion: veriship.dev/v1
kind: Policy
metadata: {name: example}
rules:
  - id: no-gpl
    description: GPL-licensed components need legal review
    action: deny
    violations: sbom.components.filter(c, c.licenses.exists(l, l.startsWith("GPL")))
    message: '"GPL component: " + item.purl'
`;

describe('veriship policy', { skip: !hasCorpus() }, () => {
  let directory: string;
  const path = (name: string) => join(directory, name);
  const sbom = corpusPath('sbom', 'cyclonedx', 'real', 'juice-shop-npm-flat', 'bom.1.4.json');
  const dropwizard = corpusPath('sbom', 'cyclonedx', 'real', 'dropwizard-1.3.15', 'bom.json');

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'veriship-policy-cli-'));
    await writeFile(path('app.tgz'), 'the release tarball\n');
    await writeFile(
      path('app.tgz.sigstore.json'),
      encodeBundle(messageSignatureBundle(key, await readFile(path('app.tgz')))),
    );
    await writeFile(path('release.pub'), key.publicKeyPem);
    await writeFile(path('no-gpl.yaml'), noGpl);
    await writeFile(
      path('broken.yaml'),
      noGpl
        .replace('c.licenses.exists', 'c.licenses.exists(')
        .replace('l.startsWith("GPL")))', 'l.startsWith("GPL"))'),
    );
    await writeFile(
      path('scan.json'),
      JSON.stringify({
        schema: 'https://veriship.dev/scan-report/v1',
        source: sbom,
        findings: [],
        notScanned: [],
      }),
    );
    await writeFile(
      path('other-scan.json'),
      JSON.stringify({ schema: 'https://example.com/scan/v9', findings: [] }),
    );
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  describe('eval', () => {
    for (const [name, file] of [
      ['juice-shop', sbom],
      ['dropwizard', dropwizard],
    ] as const) {
      it(`runs the issue's example policy over ${name}: one message per GPL component, as readSbom sees them`, async () => {
        const document = await readSbom(file, await readFile(file));
        const gpl = document.components
          .filter((component) => component.licenses.some((license) => license.startsWith('GPL')))
          .map((component) => `GPL component: ${component.purl}`);
        const run = await runCommand(
          policyEvalCommand,
          ['--policy', path('no-gpl.yaml'), '--sbom', file, '--format', 'json'],
          environment,
        );
        assert.equal(run.exitCode, gpl.length > 0 ? 1 : 0, run.stderr);
        const [rule] = JSON.parse(run.stdout).rules;
        assert.deepEqual(
          rule.violations.map((violation: { message: string }) => violation.message),
          gpl,
        );
      });
    }

    it('denies (exit 1) with the built-in pack, writing the JSON result with -o', async () => {
      const output = path('result.json');
      const run = await runCommand(
        policyEvalCommand,
        [
          '--sbom',
          dropwizard,
          '--scan',
          path('scan.json'),
          '--artifact',
          path('app.tgz'),
          '--key',
          path('release.pub'),
          '--format',
          'json',
          '-o',
          output,
        ],
        environment,
      );
      assert.equal(run.exitCode, 1, run.stderr);
      assert.equal(run.stdout, '', 'the result goes to the file');
      const result = JSON.parse(await readFile(output, 'utf8'));
      assert.equal(result.schema, 'https://veriship.dev/policy-result/v1');
      assert.equal(result.evaluatedAt, '2026-06-01T00:00:00.000Z');
      assert.equal(result.allowed, false);
      const decisions = Object.fromEntries(
        result.rules.map((rule: { id: string; decision: string }) => [rule.id, rule.decision]),
      );
      assert.deepEqual(decisions, {
        'signed-artifacts': 'pass',
        'sbom-present-and-valid': 'pass',
        'provenance-trusted-builder': 'fail',
        'vulnerability-threshold': 'pass',
        'license-allowlist': 'fail',
        'pinned-dependencies': 'pass',
        'supplier-sbom-signed': 'pass',
      });
    });

    it('prints the input document with --explain (stderr), which --input evaluates to the same result', async () => {
      const first = await runCommand(
        policyEvalCommand,
        [
          '--sbom',
          dropwizard,
          '--artifact',
          path('app.tgz'),
          '--key',
          path('release.pub'),
          '--format',
          'json',
          '--explain',
        ],
        environment,
      );
      const input = JSON.parse(first.stderr);
      assert.equal(input.artifacts[0].signature.verified, true);
      assert.equal(input.artifacts[0].signature.keyId, key.keyId);
      assert.equal(input.sbom.components.length > 100, true);
      assert.equal(input.scan, null);
      await writeFile(path('input.json'), first.stderr);
      const second = await runCommand(
        policyEvalCommand,
        ['--input', path('input.json'), '--format', 'json'],
        environment,
      );
      assert.equal(second.stdout, first.stdout);
      assert.equal(second.exitCode, first.exitCode);
    });

    it('prints a table with each violation under its rule', async () => {
      const run = await runCommand(policyEvalCommand, ['--sbom', dropwizard], environment);
      assert.equal(run.exitCode, 1);
      assert.match(run.stdout, /^OUTCOME\s+ACTION\s+RULE\s+VIOLATIONS\s+EXCEPTED$/m);
      assert.match(run.stdout, /^DENY\s+deny\s+signed-artifacts\s+1\s+0$/m);
      assert.match(run.stdout, /^ {2}- no artifact was given to check \(--artifact\)$/m);
      assert.match(run.stdout, /^DENIED: 7 rules, /m);
    });

    it('exits 3 for a policy with a syntax error, naming file, rule and position', async () => {
      const run = await runCommand(
        policyEvalCommand,
        ['--policy', path('broken.yaml'), '--sbom', sbom],
        environment,
      );
      assert.equal(run.exitCode, 3);
      assert.match(
        run.stderr,
        /broken\.yaml: line 8: rule 'no-gpl': violations \(expression 1:\d+\): syntax error/,
      );
    });

    it('exits 3 for a scan report of another schema', async () => {
      const run = await runCommand(policyEvalCommand, ['--scan', path('other-scan.json')], environment);
      assert.equal(run.exitCode, 3);
      assert.match(run.stderr, /other-scan\.json: not a veriship scan report/);
    });

    it('a --provenance file that is no signed attestation is unverified provenance: denied (fail closed)', async () => {
      const run = await runCommand(policyEvalCommand, ['--provenance', path('scan.json')], environment);
      assert.equal(run.exitCode, 1, run.stderr);
      assert.match(run.stdout, /provenance-trusted-builder/);
      assert.match(run.stdout, /the provenance did not verify/);
    });

    it('exits 3 for a field the input document does not have, naming the rule and the position', async () => {
      await writeFile(path('bad-field.yaml'), noGpl.replace('c.licenses.exists', 'c.license.exists'));
      const run = await runCommand(
        policyEvalCommand,
        ['--policy', path('bad-field.yaml'), '--sbom', sbom],
        environment,
      );
      assert.equal(run.exitCode, 3, run.stdout);
      assert.match(
        run.stderr,
        /bad-field\.yaml: .*rule 'no-gpl': violations \(expression 1:\d+\): sbom\.components\[\] has no field 'license'/,
      );
    });

    it('exits 1 when a rule errors at evaluation time (no SBOM given), showing the error', async () => {
      await writeFile(path('no-sbom.yaml'), noGpl);
      const run = await runCommand(policyEvalCommand, ['--policy', path('no-sbom.yaml')], environment);
      assert.equal(run.exitCode, 1);
      assert.match(run.stdout, /^ERROR\s+deny\s+no-gpl/m);
      assert.match(run.stdout, /error in violations \(expression 1:\d+\)/);
    });

    it('rejects usage errors with exit 2', async () => {
      assert.equal((await runCommand(policyEvalCommand, ['--format', 'yaml'])).exitCode, 2);
      assert.equal((await runCommand(policyEvalCommand, ['--input', 'x.json', '--sbom', sbom])).exitCode, 2);
      // Nothing is verified with --input: a key given with it would be ignored without a word.
      const withKey = await runCommand(policyEvalCommand, [
        '--input',
        'x.json',
        '--key',
        path('release.pub'),
      ]);
      assert.equal(withKey.exitCode, 2);
      assert.match(withKey.stderr, /--input replaces --key/);
    });
  });

  describe('test', () => {
    it('runs the built-in pack tests (exit 0)', async () => {
      const run = await runCommand(
        policyTestCommand,
        [join(repositoryRoot, 'src', 'policy', 'packs', 'tests')],
        environment,
      );
      assert.equal(run.exitCode, 0, run.stdout);
      assert.match(run.stdout, /^PASS: (\d+)\/\1 expectations in 7 files$/m);
    });

    it('exits 1 on a mismatch, saying what was expected and what happened', async () => {
      await writeFile(
        path('no-gpl.policytest.yaml'),
        [
          'policy: no-gpl.yaml',
          'cases:',
          '  - name: a GPL component',
          '    input: {sbom: {file: b, format: cyclonedx-json, specVersion: "1.6", valid: true, validationErrors: [], components: [{purl: "pkg:npm/x@1", licenses: [GPL-3.0-only]}]}}',
          '    expect: [{rule: no-gpl, decision: pass}]',
        ].join('\n'),
      );
      const run = await runCommand(policyTestCommand, [path('no-gpl.policytest.yaml')], environment);
      assert.equal(run.exitCode, 1);
      assert.match(run.stdout, /FAIL .*a GPL component: no-gpl \(expected pass, got fail\)/);
    });
  });

  describe('init', () => {
    it('writes the built-in pack, which loads as a policy', async () => {
      const run = await runCommand(policyInitCommand, ['-o', path('policy.yaml')]);
      assert.equal(run.exitCode, 0);
      const text = await readFile(path('policy.yaml'), 'utf8');
      assert.equal(text, builtinPackYaml);
      assert.equal(loadPolicy(text, 'policy.yaml').rules.length, 7);
    });
  });

  it('is registered: veriship policy eval --help', async () => {
    const run = await runVeriship(['policy', 'eval', '--help']);
    assert.equal(run.exitCode, 0);
    assert.match(run.stdout, /^Usage: veriship policy eval /);
    assert.match(run.stdout, /--explain/);
    const top = await runVeriship(['--help']);
    for (const command of ['policy eval', 'policy test', 'policy init']) {
      assert.match(top.stdout, new RegExp(`veriship ${command}`));
    }
  });
});
