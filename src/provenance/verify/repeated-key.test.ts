import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { repeatedKey } from './repeated-key.js';

describe('repeatedKey', () => {
  const cases: [string, string | undefined][] = [
    ['{"a":1,"b":2}', undefined],
    ['{"a":{"a":1},"b":[{"a":1},{"a":2}]}', undefined],
    ['{"a":"{\\"a\\":1,\\"a\\":2}","b":"]}"}', undefined],
    ['[{"a":1},{"a":1}]', undefined],
    ['"a"', undefined],
    ['{"a":1,"a":2}', 'a'],
    ['{"x":[{"k":{"a":1}, "k":2}]}', 'k'],
    ['{"subject":[],"sub\\u006aect":[]}', 'subject'],
    ['{"a":{"b":1},"c":{"d":1,"d":2}}', 'd'],
    ['{"a\\\\":1,"a\\\\":2}', 'a\\'],
  ];
  for (const [text, expected] of cases) {
    it(`${text} → ${expected ?? 'none'}`, () => {
      JSON.parse(text); // each case is valid JSON
      assert.equal(repeatedKey(text), expected);
    });
  }
});
