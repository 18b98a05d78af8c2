import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIgnoreFile } from './ignore-file.js';
import { VexError } from './vex-error.js';

function rejects(text: string, pattern: RegExp): void {
  assert.throws(
    () => parseIgnoreFile(text, 'ignore.yaml'),
    (error: unknown) => {
      assert.ok(error instanceof VexError, `a VexError, not ${String(error)}`);
      assert.equal(error.code, 'VEX_IGNORE_FILE_INVALID');
      assert.equal(error.category, 'invalid-input');
      assert.equal(error.file, 'ignore.yaml');
      assert.match(error.message, pattern);
      return true;
    },
  );
}

describe('parseIgnoreFile', () => {
  it('reads entries with line numbers, dates as midnight UTC and date-times with offsets', () => {
    const entries = parseIgnoreFile(
      [
        '# accepted risks',
        'ignore:',
        '  - id: GHSA-29mw-wpgm-hmr9',
        '    package: pkg:npm/lodash@4.17.20',
        '    reason: " only at build time "',
        '    expires: 2026-03-31',
        '  - id: CVE-2024-1234',
        '    reason: accepted',
        '    expires: "2026-03-31T10:00:00+02:00"',
      ].join('\n'),
      'ignore.yaml',
    );
    assert.equal(entries.length, 2);
    assert.equal(entries[0]?.line, 3);
    assert.equal(entries[0]?.entry, 'ignore[0]');
    assert.equal(entries[0]?.reason, 'only at build time');
    assert.equal(entries[0]?.expires.toISOString(), '2026-03-31T00:00:00.000Z');
    assert.equal(entries[0]?.packagePurl?.version, '4.17.20');
    assert.equal(entries[1]?.package, undefined);
    assert.equal(entries[1]?.expires.toISOString(), '2026-03-31T08:00:00.000Z');
  });

  it('accepts an empty file and an empty list', () => {
    assert.deepEqual(parseIgnoreFile('', 'ignore.yaml'), []);
    assert.deepEqual(parseIgnoreFile('ignore: []\n', 'ignore.yaml'), []);
    assert.deepEqual(parseIgnoreFile('ignore:\n', 'ignore.yaml'), []);
  });

  it('rejects an entry without a reason, naming the entry and its line', () => {
    rejects(
      'ignore:\n  - id: CVE-1\n    expires: 2026-01-01\n',
      /line 2: ignore\[0\] \(CVE-1\): needs a non-empty 'reason'/,
    );
    rejects(
      "ignore:\n  - id: CVE-1\n    reason: ''\n    expires: 2026-01-01\n",
      /needs a non-empty 'reason'/,
    );
  });

  it('rejects an entry without an expiry', () => {
    rejects('ignore:\n  - id: CVE-1\n    reason: r\n', /ignore\[0\] \(CVE-1\): needs an 'expires' date/);
  });

  it('rejects an expiry that is not a calendar date or RFC 3339 date-time', () => {
    rejects('ignore:\n  - id: CVE-1\n    reason: r\n    expires: 2026-02-30\n', /'expires' must be/);
    rejects('ignore:\n  - id: CVE-1\n    reason: r\n    expires: next week\n', /'expires' must be/);
    rejects('ignore:\n  - id: CVE-1\n    reason: r\n    expires: 20260101\n', /'expires' must be/);
  });

  it('rejects an unknown key (a misspelt package would otherwise widen the ignore)', () => {
    rejects(
      'ignore:\n  - id: CVE-1\n    pacakge: pkg:npm/a\n    reason: r\n    expires: 2026-01-01\n',
      /unknown key 'pacakge'/,
    );
    rejects('ignores:\n  - id: CVE-1\n', /unknown top-level key 'ignores'/);
  });

  it('rejects a package that is not a PURL, a missing id, and broken YAML', () => {
    rejects(
      'ignore:\n  - id: CVE-1\n    package: lodash\n    reason: r\n    expires: 2026-01-01\n',
      /must be a PURL/,
    );
    rejects('ignore:\n  - reason: r\n    expires: 2026-01-01\n', /ignore\[0\]: needs an 'id'/);
    rejects('ignore:\n  - id: [\n', /not valid YAML/);
    rejects('- id: CVE-1\n', /must be a mapping/);
  });
});
