import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { corpusPath, hasCorpus } from '../../testing/corpus.js';
import { scoreCvss } from './score-cvss.js';

/**
 * RedHatProductSecurity/cvss test vectors (corpus cvss/redhat-cvss, see its SOURCE.md). Each line is
 * `VECTOR - (base, temporal, environmental)` for v3.x, or `VECTOR - (score,)` / `VECTOR - score` for v4.0,
 * where the v4.0 score is the vector's one score (CVSS-B/BT/BE/BTE). The first number is what we check.
 */
function readVectors(file: string): { vector: string; expected: number }[] {
  return readFileSync(corpusPath('cvss', 'redhat-cvss', file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const match = /^(\S+) - \(?([0-9.]+)/.exec(line);
      assert.ok(match !== null, `${file}: line ${JSON.stringify(line)} has the expected format`);
      return { vector: match[1] as string, expected: Number(match[2]) };
    });
}

// How many lines each file holds, so a truncated or reformatted corpus file cannot pass unnoticed.
const corpusFiles: [file: string, lines: number, version: string][] = [
  ['vectors_simple31', 2592, '3.1'],
  ['vectors_simple3', 2592, '3.0'],
  ['vectors_cvsslib3', 29, '3'],
  ['vectors_simple4', 1058, '4.0'],
  ['vectors_security4', 54, '4.0'],
  ['vectors_threat4', 6, '4.0'],
];

describe('scoreCvss on the RedHat CVSS test vectors', { skip: !hasCorpus() }, () => {
  for (const [file, lines, version] of corpusFiles) {
    it(`gives every expected score in ${file} (${lines} lines)`, () => {
      const vectors = readVectors(file);
      assert.equal(vectors.length, lines, `${file} line count`);
      for (const { vector, expected } of vectors) {
        const result = scoreCvss(vector);
        assert.equal(result.score, expected, `${file}: ${vector}`);
        assert.ok(result.version.startsWith(version), `${file}: ${vector} is CVSS ${result.version}`);
        assert.equal(result.vector, vector);
      }
    });
  }
});

describe('scoreCvss', () => {
  it('scores the specification examples', () => {
    // CVSS v3.1 User Guide / NVD: the classic critical network RCE vector.
    assert.deepEqual(scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), {
      version: '3.1',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      score: 9.8,
      severity: 'critical',
    });
    // CVSS v2 guide §3.3.1, CVE-2002-0392: AV:N/AC:L/Au:N/C:N/I:N/A:C scores 7.8.
    assert.deepEqual(scoreCvss('AV:N/AC:L/Au:N/C:N/I:N/A:C'), {
      version: '2.0',
      vector: 'AV:N/AC:L/Au:N/C:N/I:N/A:C',
      score: 7.8,
      severity: 'high',
    });
    // CVSS v4.0 calculator default: all-high network vector scores 9.3; E:U (threat) lowers it to 8.1.
    assert.equal(scoreCvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N').score, 9.3);
    assert.equal(scoreCvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U').score, 8.1);
  });

  it('returns a fresh result each time, so a caller changing one cannot change the next', () => {
    const vector = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
    const first = scoreCvss(vector);
    first.score = 0;
    first.severity = 'none';
    assert.equal(scoreCvss(vector).score, 9.8);
    assert.equal(scoreCvss(vector).severity, 'critical');
  });

  it('rates by the specification bands, v2 by NVD’s', () => {
    assert.equal(scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N').severity, 'none'); // 0.0
    assert.equal(scoreCvss('CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N').severity, 'low'); // 1.6
    assert.equal(scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N').severity, 'medium'); // 5.3
    assert.equal(scoreCvss('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H').severity, 'high'); // 7.5
    assert.equal(scoreCvss('AV:N/AC:L/Au:N/C:C/I:C/A:C').severity, 'high'); // 10.0, and v2 has no critical
    assert.equal(scoreCvss('AV:N/AC:L/Au:N/C:N/I:N/A:N').severity, 'low'); // 0.0 is low on NVD's v2 scale
    assert.equal(scoreCvss('AV:N/AC:M/Au:N/C:P/I:N/A:N').severity, 'medium'); // 4.3
  });

  it('accepts metrics in any order, optional metrics and supplemental v4.0 metrics', () => {
    assert.equal(scoreCvss('CVSS:3.1/S:U/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H/E:F/RL:X').score, 9.8);
    // github/advisory-database#7448: a GHSA v4.0 vector with the impact metrics interleaved.
    assert.equal(
      scoreCvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/SC:N/VI:H/SI:N/VA:H/SA:N').score,
      scoreCvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N').score,
    );
    assert.equal(
      scoreCvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:P/AU:Y/U:Red').score,
      9.3,
    );
    assert.equal(scoreCvss('AV:N/AC:L/Au:N/C:P/I:P/A:P/E:POC/RL:OF/RC:C').score, 7.5);
  });

  it('throws INPUT_MALFORMED naming an invalid vector and the problem', () => {
    const invalid: [string, RegExp][] = [
      ['', /empty/],
      ['garbage', /not a NAME:VALUE metric/],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', /missing base metric A/],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:L', /A appears twice/],
      ['CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /AV:X is not a CVSS 3.1 value/],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/FOO:BAR', /no metric FOO/],
      ['CVSS:3.1/av:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /no metric av/],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/', /"" is not a NAME:VALUE metric/],
      ['CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /unsupported version prefix CVSS:3.2/],
      ['CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P', /unsupported version prefix/],
      ['(AV:N/AC:L/Au:N/C:P/I:P/A:P)', /not a NAME:VALUE metric/],
      ['CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', /missing base metric AT/],
      ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSC:S', /MSC:S is not/],
      [' CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /not a NAME:VALUE metric/],
      // Names of Object.prototype's members are no metric either (once a TypeError, not INPUT_MALFORMED).
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/constructor:X', /CVSS 3\.1 has no metric constructor/],
      ['AV:N/AC:L/Au:N/C:P/I:P/A:P/toString:X', /CVSS 2\.0 has no metric toString/],
      ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/valueOf:X', /no metric valueOf/],
    ];
    for (const [vector, problem] of invalid) {
      assert.throws(
        () => scoreCvss(vector),
        (error: unknown) => {
          assert.ok(error instanceof Error, 'an Error');
          assert.equal((error as { code?: unknown }).code, 'INPUT_MALFORMED');
          assert.ok(error.message.includes(JSON.stringify(vector)), `names the vector: ${error.message}`);
          assert.match(error.message, problem);
          return true;
        },
        vector,
      );
    }
  });
});
