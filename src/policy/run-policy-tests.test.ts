import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nodeFileSystem } from '../io/file-system.js';
import { PolicyError } from './policy-error.js';
import { runPolicyTests } from './run-policy-tests.js';

const now = new Date('2026-06-01T00:00:00Z');

describe('runPolicyTests', () => {
  let directory: string;
  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'veriship-run-policy-tests-'));
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  /** Writes `text` as a test file and returns the PolicyError running it throws. */
  async function testError(name: string, text: string): Promise<PolicyError> {
    const file = join(directory, `${name}.policytest.yaml`);
    await writeFile(file, text);
    try {
      await runPolicyTests(file, nodeFileSystem, now);
    } catch (error) {
      assert.ok(error instanceof PolicyError, `expected a PolicyError, got ${String(error)}`);
      return error;
    }
    assert.fail('expected the test file to be rejected');
  }

  const supplierCase = [
    '    input:',
    '      suppliers: [{ name: globex, signature: { verified: false, signer: null } }]',
  ];

  describe('when a test file misspells a field', () => {
    it('rejects an unknown field of an expectation (violation: for violations:)', async () => {
      const error = await testError(
        'misspelt-expectation',
        [
          'policy: builtin',
          'cases:',
          '  - name: one unsigned supplier',
          ...supplierCase,
          '    expect: [{ rule: supplier-sbom-signed, decision: fail, violation: 5 }]',
        ].join('\n'),
      );
      assert.equal(error.code, 'POLICY_TEST_INVALID');
      assert.match(error.message, /expect\[0\]: unknown field 'violation'/);
    });

    it('rejects an unknown field of a case and of the file', async () => {
      const inCase = await testError(
        'misspelt-case',
        [
          'policy: builtin',
          'cases:',
          '  - name: one unsigned supplier',
          '    param: { trustedSuppliers: [x] }',
          ...supplierCase,
          '    expect: [{ rule: supplier-sbom-signed, decision: fail }]',
        ].join('\n'),
      );
      assert.equal(inCase.code, 'POLICY_TEST_INVALID');
      assert.match(inCase.message, /cases\[0\]: unknown field 'param'/);
      const atTop = await testError(
        'stray-expect',
        [
          'policy: builtin',
          'expect: [{ rule: supplier-sbom-signed, decision: pass }]',
          'cases:',
          '  - name: one unsigned supplier',
          ...supplierCase,
          '    expect: [{ rule: supplier-sbom-signed, decision: fail }]',
        ].join('\n'),
      );
      assert.match(atTop.message, /test: unknown field 'expect'/);
    });

    it('rejects params that are not params of the policy (a misspelt threshold tests nothing)', async () => {
      const error = await testError(
        'misspelt-param',
        [
          'policy: builtin',
          'cases:',
          '  - name: one unsigned supplier',
          '    params: { trustedSupplier: [x] }',
          ...supplierCase,
          '    expect: [{ rule: supplier-sbom-signed, decision: fail }]',
        ].join('\n'),
      );
      assert.equal(error.code, 'POLICY_TEST_INVALID');
      assert.match(error.message, /'trustedSupplier' is not a param of builtin/);
    });
  });

  it('names the fixture file, not the test file, when an input fixture is malformed', async () => {
    await writeFile(join(directory, 'bad-input.json'), '{"sboms": null}');
    const error = await testError(
      'bad-fixture',
      [
        'policy: builtin',
        'cases:',
        '  - name: a misspelt key',
        '    input: bad-input.json',
        '    expect: [{ rule: sbom-present-and-valid, decision: fail }]',
      ].join('\n'),
    );
    assert.equal(error.code, 'POLICY_INPUT_INVALID');
    assert.equal(error.file, join(directory, 'bad-input.json'));
  });
});
