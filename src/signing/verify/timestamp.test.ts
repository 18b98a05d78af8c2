import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generalizedTime } from './timestamp.js';

const time = (text: string) => generalizedTime(Buffer.from(text, 'ascii'));

describe('generalizedTime (TSTInfo genTime)', () => {
  it('reads whole seconds and fractions of any length (RFC 3161 §2.4.2)', () => {
    assert.equal(time('20261123032408Z').toISOString(), '2026-11-23T03:24:08.000Z');
    assert.equal(time('20261123032408.9Z').toISOString(), '2026-11-23T03:24:08.900Z');
    assert.equal(time('20261123032408.12Z').toISOString(), '2026-11-23T03:24:08.120Z');
    assert.equal(time('20261123032408.123456Z').toISOString(), '2026-11-23T03:24:08.123Z');
    assert.equal(time('20261123032408.900Z').toISOString(), '2026-11-23T03:24:08.900Z');
  });

  for (const bad of [
    '',
    '2026112303240Z',
    '20261123032408',
    '20261123032408+0100',
    '20260230120000Z',
    '20261123246000Z',
    '20261123036000Z',
    '20261123032408.Z',
  ]) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      assert.throws(() => time(bad), /invalid genTime/);
    });
  }

  it('rejects a missing field', () => {
    assert.throws(() => generalizedTime(undefined), /invalid genTime/);
  });
});
