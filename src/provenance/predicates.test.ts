import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../errors.js';
import { predicateFor, predicateTypes } from './predicates.js';

const now = new Date('2026-11-21T10:00:00Z');
const schema = 'https://veriship.dev/scan-report/v1';
const report = {
  schema,
  tool: { name: 'veriship', version: '1.0.0' },
  database: { path: 'advisories.db', builtAt: '2026-11-20T00:00:00Z', advisories: 1 },
  findings: [
    {
      id: 'GHSA-xxxx-yyyy-zzzz',
      severity: 'high',
      score: 7.5,
      package: { purl: 'pkg:npm/left-pad@1.0.0' },
      suppressed: null,
    },
  ],
};

describe('predicateFor vuln', () => {
  it('converts a scan report into the in-toto vulns predicate', () => {
    const { predicateType, predicate } = predicateFor('vuln', report, 'scan.json', { now });
    assert.equal(predicateType, predicateTypes.vulns);
    const scanner = predicate.scanner as { result: { id: string }[] };
    assert.deepEqual(
      scanner.result.map((item) => item.id),
      ['GHSA-xxxx-yyyy-zzzz'],
    );
  });

  // A report edited by hand, or cut short, used to crash the conversion: exit 4 "internal error".
  const malformed: [string, Record<string, unknown>][] = [
    ['no findings', { schema, tool: report.tool, database: report.database }],
    ['no database', { schema, tool: report.tool, findings: [] }],
    ['no tool', { schema, database: report.database, findings: [] }],
    ['a finding that is null', { ...report, findings: [null] }],
    ['a finding without a package', { ...report, findings: [{ id: 'X', severity: 'high', score: null }] }],
  ];
  for (const [name, document] of malformed) {
    it(`a scan report with ${name} is malformed input naming the file`, () => {
      assert.throws(
        () => predicateFor('vuln', document, 'scan.json', { now }),
        (error: unknown) =>
          error instanceof InputError && error.code === 'INPUT_MALFORMED' && error.file === 'scan.json',
      );
    });
  }
});
