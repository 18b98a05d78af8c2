import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { osvCorpusFiles, osvSchemaValidator } from '../db/__fixtures__/osv-corpus.js';
import { parseAdvisory, validateAdvisory } from './parse-advisory.js';
import { sortableTimestamp } from './timestamp.js';

const files = osvCorpusFiles();
const schemaValid = osvSchemaValidator();

describe('parseAdvisory on the OSV corpus, against the official JSON schema (ajv, draft 2020-12)', () => {
  it('reads the whole corpus', () => {
    assert.ok(files.length >= 150, `expected the ~160 corpus files, found ${files.length}`);
  });

  for (const file of files) {
    it(`agrees with the schema on ${file.name}`, () => {
      const ours = parseAdvisory(file.text);
      const theirs = schemaValid(JSON.parse(file.text));
      // Accepting something the schema rejects would let a malformed record into the database; the
      // converse would drop a valid advisory. On the corpus the two verdicts must be the same.
      assert.equal(
        ours.ok,
        theirs,
        `ours: ${ours.ok ? 'accepted' : ours.problems.join('; ')}; schema: ${JSON.stringify(schemaValid.errors?.slice(0, 3))}`,
      );
    });
  }
});

describe('the osv-linter fixtures (corpus osv/osv-linter, ossf/osv-schema tools/osv-linter/testdata)', () => {
  const text = (name: string) => {
    const file = files.find((candidate) => candidate.name === `osv-linter/${name}`);
    assert.ok(file, `corpus file osv-linter/${name}`);
    return file.text;
  };

  it('rejects nointroduced-CVE-2023-41045 (RNG:001, a range without introduced), naming the range', () => {
    const result = parseAdvisory(text('nointroduced-CVE-2023-41045.json'));
    assert.equal(result.ok, false);
    assert.ok(
      !result.ok &&
        result.problems.some((problem) => /affected\[0\]\.ranges\[0\]\.events: no introduced/.test(problem)),
      'names the range',
    );
  });

  it('accepts nondistinct-CVE-2018-5407 (RNG:002, introduced == fixed: an empty range, matches nothing)', () => {
    assert.equal(parseAdvisory(text('nondistinct-CVE-2018-5407.json')).ok, true);
  });

  it('accepts nopackage-GHSA-9v2f-6vcg-3hgv (PKG:001 needs the registry online) and indexes its name as written', () => {
    const result = parseAdvisory(text('nopackage-GHSA-9v2f-6vcg-3hgv.json'));
    assert.ok(result.ok, 'accepted');
    assert.deepEqual(result.value.packages, [{ ecosystem: 'PyPI', suffix: '', name: 'gradi0' }]);
  });

  it('indexes distribution ecosystems without their suffix and keeps the suffix apart', () => {
    const result = parseAdvisory(text('CVE-2018-5407.json'));
    assert.ok(result.ok, 'accepted');
    const alpine = result.value.packages.filter((key) => key.ecosystem === 'Alpine');
    assert.ok(alpine.length > 0, 'Alpine packages indexed');
    assert.ok(
      alpine.every((key) => /^v3\.\d+$/.test(key.suffix)),
      JSON.stringify(alpine),
    );
  });
});

/** A minimal valid record, for mutations. */
function record(range: unknown, extra: Record<string, unknown> = {}) {
  return {
    id: 'GHSA-aaaa-bbbb-cccc',
    modified: '2024-01-02T03:04:05Z',
    affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [range] }],
    ...extra,
  };
}

describe('event and range rules, each checked against the schema as oracle', () => {
  const cases: { name: string; value: unknown; valid: boolean }[] = [
    {
      name: 'introduced then fixed',
      value: record({ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }] }),
      valid: true,
    },
    {
      name: 'introduced and fixed in one event',
      value: record({ type: 'SEMVER', events: [{ introduced: '0', fixed: '1.0.0' }] }),
      valid: false,
    },
    { name: 'no introduced', value: record({ type: 'SEMVER', events: [{ fixed: '1.0.0' }] }), valid: false },
    { name: 'no events', value: record({ type: 'SEMVER', events: [] }), valid: false },
    {
      name: 'fixed and last_affected in one range',
      value: record({
        type: 'ECOSYSTEM',
        events: [{ introduced: '0' }, { fixed: '2' }, { last_affected: '1' }],
      }),
      valid: false,
    },
    {
      name: 'introduced and limit',
      value: record({ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { limit: '2' }] }),
      valid: true,
    },
    {
      name: 'an unknown range type',
      value: record({ type: 'CALVER', events: [{ introduced: '0' }] }),
      valid: false,
    },
    {
      name: 'a GIT range without repo',
      value: record({ type: 'GIT', events: [{ introduced: '0' }] }),
      valid: false,
    },
    {
      name: 'a GIT range with a short hash',
      value: record({ type: 'GIT', repo: 'https://x', events: [{ introduced: 'abc123' }] }),
      valid: false,
    },
    {
      name: 'a GIT range with full hashes',
      value: record({
        type: 'GIT',
        repo: 'https://x',
        events: [{ introduced: '0' }, { fixed: 'a'.repeat(40) }],
      }),
      valid: true,
    },
    {
      name: 'an unknown ecosystem',
      value: {
        ...record({ type: 'SEMVER', events: [{ introduced: '0' }] }),
        affected: [{ package: { ecosystem: 'Foo', name: 'x' } }],
      },
      valid: false,
    },
    {
      name: 'a lowercase ecosystem spelling',
      value: {
        ...record({ type: 'SEMVER', events: [{ introduced: '0' }] }),
        affected: [{ package: { ecosystem: 'pypi', name: 'x' } }],
      },
      valid: false,
    },
    {
      name: 'an ecosystem with a suffix',
      value: {
        ...record({ type: 'SEMVER', events: [{ introduced: '0' }] }),
        affected: [{ package: { ecosystem: 'Debian:12', name: 'openssl' } }],
      },
      valid: true,
    },
    {
      name: 'a package without name',
      value: {
        ...record({ type: 'SEMVER', events: [{ introduced: '0' }] }),
        affected: [{ package: { ecosystem: 'npm' } }],
      },
      valid: false,
    },
    {
      name: 'modified without a zone',
      value: record({ type: 'SEMVER', events: [{ introduced: '0' }] }, { modified: '2024-01-02T03:04:05' }),
      valid: false,
    },
    {
      name: 'modified on 31 February',
      value: record({ type: 'SEMVER', events: [{ introduced: '0' }] }, { modified: '2024-02-31T03:04:05Z' }),
      valid: false,
    },
    { name: 'no id', value: { modified: '2024-01-02T03:04:05Z' }, valid: false },
    {
      name: 'aliases not strings',
      value: record({ type: 'SEMVER', events: [{ introduced: '0' }] }, { aliases: [1] }),
      valid: false,
    },
    {
      // The schema's timestamp pattern allows a fraction of any length (`(\.[0-9]+)?`).
      name: 'modified with a fraction finer than nanoseconds',
      value: record(
        { type: 'SEMVER', events: [{ introduced: '0' }] },
        { modified: '2024-01-02T03:04:05.1234567891Z' },
      ),
      valid: true,
    },
    {
      name: 'withdrawn as a timestamp',
      value: record(
        { type: 'SEMVER', events: [{ introduced: '0' }] },
        { withdrawn: '2024-05-01T00:00:00.5Z' },
      ),
      valid: true,
    },
  ];
  for (const testCase of cases) {
    it(`${testCase.valid ? 'accepts' : 'rejects'} ${testCase.name}`, () => {
      assert.equal(schemaValid(testCase.value), testCase.valid, 'the schema agrees with the expectation');
      const ours = validateAdvisory(testCase.value);
      assert.equal(ours.ok, testCase.valid, ours.ok ? 'accepted' : ours.problems.join('; '));
    });
  }

  it('reports a problem per field, not just the first, and at most five', () => {
    const result = validateAdvisory({ id: 'x/y', modified: 'yesterday', aliases: 'CVE-1' });
    assert.ok(!result.ok, 'rejected');
    assert.equal(result.problems.length, 3, result.problems.join('; '));
  });

  it('rejects text that is not JSON or not an object', () => {
    assert.equal(parseAdvisory('{"id": ').ok, false);
    assert.equal(parseAdvisory('[]').ok, false);
  });

  it('says why text is not JSON in one line, though the text around the error has newlines', () => {
    const result = parseAdvisory('id: X-1\nsummary: a YAML file\n');
    assert.equal(result.ok, false);
    const problems = result.ok ? [] : result.problems;
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^not JSON: /);
    assert.doesNotMatch(problems[0] ?? '', /\n/);
  });
});

describe('sortableTimestamp', () => {
  it('orders timestamps of different fraction lengths as time does', () => {
    const stamps = [
      '2021-01-01T00:00:00Z',
      '2021-01-01T00:00:00.5Z',
      '2021-01-01T00:00:00.123456Z',
      '2020-12-31T23:59:59.999Z',
    ];
    const byTime = [...stamps].sort((a, b) => Date.parse(a) - Date.parse(b));
    const byString = [...stamps].sort((a, b) => {
      const x = sortableTimestamp(a) as string;
      const y = sortableTimestamp(b) as string;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    assert.deepEqual(byString, byTime);
  });

  it('reads a fraction of any length to the nanosecond, keeping time order', () => {
    assert.equal(sortableTimestamp('2024-01-02T03:04:05.1234567891Z'), '2024-01-02T03:04:05.123456789Z');
    const finer = sortableTimestamp('2024-01-02T03:04:05.9999999999Z') as string;
    assert.ok(finer > (sortableTimestamp('2024-01-02T03:04:05.5Z') as string));
    assert.ok(finer < (sortableTimestamp('2024-01-02T03:04:06Z') as string));
  });

  it('accepts 29 February only in leap years, year 0001 included (Go vulndb uses it)', () => {
    assert.ok(sortableTimestamp('2024-02-29T00:00:00Z'), '2024 is a leap year');
    assert.equal(sortableTimestamp('2023-02-29T00:00:00Z'), undefined);
    assert.equal(sortableTimestamp('1900-02-29T00:00:00Z'), undefined);
    assert.ok(sortableTimestamp('0001-01-01T00:00:00Z'), 'year 1');
  });
});
