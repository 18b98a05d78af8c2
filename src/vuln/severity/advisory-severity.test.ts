import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { corpusPath, hasCorpus } from '../../testing/corpus.js';
import type { OsvAdvisory } from '../osv/osv-types.js';
import { advisorySeverity } from './advisory-severity.js';
import { scoreCvss } from './score-cvss.js';

function readAdvisory(...segments: string[]): OsvAdvisory {
  return JSON.parse(readFileSync(corpusPath('osv', ...segments), 'utf8')) as OsvAdvisory;
}

const ghsaRatings: Record<string, string> = {
  LOW: 'low',
  MODERATE: 'medium',
  HIGH: 'high',
  CRITICAL: 'critical',
};

describe('advisorySeverity on real advisories', { skip: !hasCorpus() }, () => {
  it('rates GHSA advisories with a CVSS vector as GitHub itself rated them', () => {
    // GitHub derives database_specific.severity from the CVSS score, so it is an independent oracle.
    const ids = ['GHSA-43w2-9j62-hq99', 'GHSA-c3h9-896r-86jm', 'GHSA-m5pq-gvj9-9vr8', 'GHSA-qc84-gqf4-9926'];
    for (const id of ids) {
      const advisory = readAdvisory('osv-scanner-embedded', `${id}.json`);
      const result = advisorySeverity(advisory, advisory.affected?.[0]);
      assert.equal(result.source, 'cvss', id);
      assert.equal(result.severity, ghsaRatings[String(advisory.database_specific?.severity)], id);
      assert.equal(result.cvss.length, 1, id);
      assert.deepEqual(result.warnings, [], id);
    }
    const critical = advisorySeverity(readAdvisory('osv-linter', 'GHSA-9v2f-6vcg-3hgv.json'));
    assert.deepEqual(critical, {
      severity: 'critical',
      score: 9.8,
      cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 }],
      source: 'cvss',
      warnings: [],
    });
  });

  it('falls back to the GHSA rating when there is no vector', () => {
    for (const [id, severity] of [
      ['GHSA-mc8h-8q98-g5hr', 'low'],
      ['GHSA-2h6c-j3gf-xp9r', 'medium'],
      ['GHSA-fxg5-wq6x-vr4w', 'high'],
    ] as const) {
      const result = advisorySeverity(readAdvisory('osv-scanner-embedded', `${id}.json`));
      assert.deepEqual(result, { severity, score: null, cvss: [], source: 'database', warnings: [] }, id);
    }
  });

  it('scores the PyPI advisories’ vectors and leaves every Go advisory unknown', () => {
    let pypi = 0;
    for (const name of readdirSync(corpusPath('osv', 'pypi')).sort()) {
      const advisory = readAdvisory('pypi', name);
      const result = advisorySeverity(advisory);
      const vectors = (advisory.severity ?? []).map((entry) => entry.score);
      if (vectors.length === 0) {
        assert.equal(result.severity, 'unknown', name);
        continue;
      }
      const expected = scoreCvss(vectors[0] as string);
      assert.equal(result.score, expected.score, name);
      assert.equal(result.severity, expected.severity, name);
      pypi += 1;
    }
    assert.equal(pypi, 8, 'PyPI advisories with a CVSS vector');
    let go = 0;
    for (const name of readdirSync(corpusPath('osv', 'go')).sort()) {
      const advisory = readAdvisory('go', name);
      for (const affected of advisory.affected ?? []) {
        assert.deepEqual(advisorySeverity(advisory, affected), {
          severity: 'unknown',
          score: null,
          cvss: [],
          source: 'none',
          warnings: [],
        });
      }
      go += 1;
    }
    assert.ok(go >= 50, `${go} Go advisories`);
  });
});

describe('advisorySeverity', () => {
  const base = { id: 'TEST-1', modified: '2026-01-01T00:00:00Z' };
  const v31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'; // 9.8 critical
  const v40 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U'; // 8.1 high
  const v2 = 'AV:N/AC:L/Au:N/C:C/I:C/A:C'; // 10.0 high (NVD v2 scale)

  it('takes the highest score and the highest rating across versions', () => {
    const result = advisorySeverity({
      ...base,
      severity: [
        { type: 'CVSS_V2', score: v2 },
        { type: 'CVSS_V4', score: v40 },
        { type: 'CVSS_V3', score: v31 },
      ],
    });
    assert.equal(result.score, 10);
    assert.equal(result.severity, 'critical');
    assert.deepEqual(
      result.cvss.map((entry) => entry.version),
      ['4.0', '3.1', '2.0'],
    );
  });

  it('adds the affected entry’s vectors, counting a repeated vector once', () => {
    const result = advisorySeverity(
      { ...base, severity: [{ type: 'CVSS_V4', score: v40 }] },
      {
        severity: [
          { type: 'CVSS_V3', score: v31 },
          { type: 'CVSS_V4', score: v40 },
        ],
      },
    );
    assert.equal(result.cvss.length, 2);
    assert.equal(result.score, 9.8);
  });

  it('skips an invalid vector with a warning and falls back to the database rating', () => {
    const result = advisorySeverity({
      ...base,
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L' }],
      database_specific: { severity: 'MODERATE' },
    });
    assert.equal(result.severity, 'medium');
    assert.equal(result.source, 'database');
    assert.equal(result.score, null);
    assert.equal(result.warnings.length, 1);
    assert.match(
      result.warnings[0] ?? '',
      /^skipped CVSS_V3 entry: CVSS vector "CVSS:3\.1\/AV:N\/AC:L": missing base metrics PR, UI, S, C, I, A$/,
    );
  });

  it('keeps the valid vectors when another one is invalid', () => {
    const result = advisorySeverity({
      ...base,
      severity: [
        { type: 'CVSS_V3', score: 'not a vector' },
        { type: 'CVSS_V3', score: v31 },
      ],
    });
    assert.equal(result.severity, 'critical');
    assert.equal(result.warnings.length, 1);
  });

  it('scores a vector filed under the wrong type by its own version, with a warning', () => {
    const result = advisorySeverity({ ...base, severity: [{ type: 'CVSS_V3', score: v40 }] });
    assert.equal(result.score, 8.1);
    assert.match(result.warnings[0] ?? '', /^CVSS_V3 entry holds CVSS 4\.0 vector "CVSS:4\.0\/AV:N/);
  });

  it('ignores non-CVSS severity types and reports unknown without any rating', () => {
    const result = advisorySeverity({ ...base, severity: [{ type: 'Ubuntu', score: 'high' }] });
    assert.deepEqual(result, { severity: 'unknown', score: null, cvss: [], source: 'none', warnings: [] });
  });

  it('ignores entries whose type names a member of Object.prototype, as any other non-CVSS type', () => {
    for (const type of ['constructor', 'toString', 'hasOwnProperty']) {
      const result = advisorySeverity({ ...base, severity: [{ type, score: v31 }] });
      assert.deepEqual(
        result,
        { severity: 'unknown', score: null, cvss: [], source: 'none', warnings: [] },
        type,
      );
    }
  });

  it('prefers the affected entry’s database rating to the advisory’s', () => {
    const result = advisorySeverity(
      { ...base, database_specific: { severity: 'LOW' } },
      { database_specific: { severity: 'HIGH' } },
    );
    assert.equal(result.severity, 'high');
  });
});
