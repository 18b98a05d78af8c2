import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Severity } from '../report/scan-report.js';
import { meetsSeverityThreshold, ratingForScore, severityRank } from './severity-rating.js';

describe('ratingForScore', () => {
  it('uses the CVSS v3.1/v4.0 qualitative scale at every band edge', () => {
    // CVSS v3.1 specification §5, Table 14; CVSS v4.0 specification §6.
    const edges: [number, Severity][] = [
      [0, 'none'],
      [0.1, 'low'],
      [3.9, 'low'],
      [4, 'medium'],
      [6.9, 'medium'],
      [7, 'high'],
      [8.9, 'high'],
      [9, 'critical'],
      [10, 'critical'],
    ];
    for (const version of ['3.0', '3.1', '4.0'] as const) {
      for (const [score, rating] of edges)
        assert.equal(ratingForScore(version, score), rating, `${version} ${score}`);
    }
  });

  it('uses NVD’s v2 scale: low, medium, high only', () => {
    const edges: [number, Severity][] = [
      [0, 'low'],
      [3.9, 'low'],
      [4, 'medium'],
      [6.9, 'medium'],
      [7, 'high'],
      [10, 'high'],
    ];
    for (const [score, rating] of edges) assert.equal(ratingForScore('2.0', score), rating, `2.0 ${score}`);
  });
});

describe('severityRank', () => {
  it('orders unknown < none < low < medium < high < critical', () => {
    const ordered: Severity[] = ['unknown', 'none', 'low', 'medium', 'high', 'critical'];
    const ranks = ordered.map(severityRank);
    assert.deepEqual(
      [...ranks].sort((a, b) => a - b),
      ranks,
    );
    assert.equal(new Set(ranks).size, ordered.length);
  });
});

describe('meetsSeverityThreshold', () => {
  it('fails on the threshold and above, and on unknown (fail closed)', () => {
    assert.equal(meetsSeverityThreshold('high', 'high'), true);
    assert.equal(meetsSeverityThreshold('critical', 'high'), true);
    assert.equal(meetsSeverityThreshold('medium', 'high'), false);
    assert.equal(meetsSeverityThreshold('none', 'low'), false);
    for (const threshold of ['low', 'medium', 'high', 'critical'] as const) {
      assert.equal(meetsSeverityThreshold('unknown', threshold), true, `unknown meets ${threshold}`);
    }
  });

  it('never fails at --fail-on none (report only)', () => {
    for (const severity of ['unknown', 'none', 'low', 'medium', 'high', 'critical'] as const) {
      assert.equal(meetsSeverityThreshold(severity, 'none'), false, `${severity} at none`);
    }
  });
});
