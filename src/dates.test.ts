import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDateOrDateTime, parseRfc3339DateTime, yamlDateTime } from './dates.js';

describe('parseRfc3339DateTime', () => {
  const valid: [string, string][] = [
    ['2025-01-31T00:00:00Z', '2025-01-31T00:00:00.000Z'],
    ['2025-01-31t12:30:15z', '2025-01-31T12:30:15.000Z'],
    ['2025-01-31 12:30:15+02:00', '2025-01-31T10:30:15.000Z'],
    ['2024-02-29T23:59:59.123456789-05:00', '2024-03-01T04:59:59.123Z'],
  ];
  for (const [text, iso] of valid) {
    it(`reads ${text}`, () => assert.equal(parseRfc3339DateTime(text)?.toISOString(), iso));
  }
  for (const text of [
    '2025-01-31',
    '2025-01-31T00:00:00',
    '2025-02-30T00:00:00Z',
    '2025-13-01T00:00:00Z',
    '2025-01-31T24:00:00Z',
    'tomorrow',
    '2023-02-29T00:00:00+01:00',
  ]) {
    it(`refuses ${text}`, () => assert.equal(parseRfc3339DateTime(text), undefined));
  }
});

describe('parseDateOrDateTime', () => {
  it('reads a calendar date as midnight UTC', () => {
    assert.equal(parseDateOrDateTime('2026-06-30')?.toISOString(), '2026-06-30T00:00:00.000Z');
  });
  it('refuses a date JavaScript would roll over', () =>
    assert.equal(parseDateOrDateTime('2026-02-30'), undefined));
  it('reads a date-time too', () =>
    assert.equal(parseDateOrDateTime('2026-06-30T08:00:00Z')?.toISOString(), '2026-06-30T08:00:00.000Z'));
});

describe('yamlDateTime', () => {
  it('takes a Date the YAML parser made, and a string', () => {
    assert.equal(yamlDateTime(new Date('2025-01-01T00:00:00Z'))?.toISOString(), '2025-01-01T00:00:00.000Z');
    assert.equal(yamlDateTime('2025-01-01T00:00:00Z')?.toISOString(), '2025-01-01T00:00:00.000Z');
    assert.equal(yamlDateTime(20250101), undefined);
  });
});
