import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeFileName, formatChecksumLine } from './format.js';
import { checksumFileLines, newParseState, parseChecksumLine, unescapeFileName } from './parse.js';

const hex = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
const parse = (line: string) => parseChecksumLine(line, newParseState());

describe('formatChecksumLine', () => {
  it('writes text mode: hex, two spaces, the name', () => {
    assert.equal(formatChecksumLine(hex, 'dist/app 1.0.tgz'), `${hex}  dist/app 1.0.tgz\n`);
  });

  it('escapes backslash, LF and CR behind a leading backslash', () => {
    assert.equal(formatChecksumLine(hex, 'a\\b\nc\rd'), `\\${hex}  a\\\\b\\nc\\rd\n`);
    assert.equal(escapeFileName('plain'), 'plain');
  });
});

describe('parseChecksumLine', () => {
  it('reads text and binary mode', () => {
    assert.deepEqual(parse(`${hex}  a file`), { hex, name: 'a file', binary: false });
    assert.deepEqual(parse(`${hex} *a file`), { hex, name: 'a file', binary: true });
  });

  it('keeps leading and trailing blanks of a name', () => {
    assert.equal(parse(`${hex}   x `)?.name, ' x ');
  });

  it('reads "hex" + two blanks as the one-blank form naming " ", as sha256sum does', () => {
    assert.deepEqual(parse(`${hex}  `), { hex, name: ' ', binary: false });
  });

  it('accepts upper-case hex', () => {
    assert.equal(parse(`${hex.toUpperCase()}  f`)?.hex, hex.toUpperCase());
  });

  it('reads the BSD tagged form, with or without the space', () => {
    assert.deepEqual(parse(`SHA256 (a (b).txt) = ${hex}`), { hex, name: 'a (b).txt', binary: false });
    assert.deepEqual(parse(`SHA256(f)= ${hex}`), { hex, name: 'f', binary: false });
    assert.deepEqual(parse(`\\SHA256 (a\\nb) = ${hex}`), { hex, name: 'a\nb', binary: false });
  });

  it('round-trips escaped names', () => {
    for (const name of ['a\\b', 'new\nline', 'carriage\rreturn', '\\\\', 'trailing\\']) {
      const line = formatChecksumLine(hex, name).slice(0, -1);
      assert.equal(parse(line)?.name, name);
    }
  });

  for (const [label, line] of [
    ['a short digest', `${hex.slice(2)}  f`],
    ['a long digest', `${hex}00  f`],
    ['a non-hex digest', `${hex.slice(1)}g  f`],
    ['no blank after the digest', hex],
    ['an unknown escape', `\\${hex}  a\\tb`],
    ['a trailing lone backslash in an escaped name', `\\${hex}  a\\`],
    ['a NUL byte', `${hex}  a\0b`],
    ['garbage', 'garbage'],
    ['a BSD line without =', `SHA256 (f) ${hex}`],
    ['a BSD line with a short digest', `SHA256 (f) = ${hex.slice(1)}`],
  ] as const) {
    it(`calls ${label} improperly formatted`, () => {
      assert.equal(parse(line), undefined);
    });
  }

  it('refuses to mix "hex  name" and "hex name" lines, whichever came first', () => {
    const twoBlanks = newParseState();
    assert.ok(parseChecksumLine(`${hex}  a`, twoBlanks));
    assert.equal(parseChecksumLine(`${hex} b`, twoBlanks), undefined);
    const oneBlank = newParseState();
    assert.deepEqual(parseChecksumLine(`${hex} b`, oneBlank), { hex, name: 'b', binary: false });
    // Once in "BSD reversed" mode the blank after the digest is the only separator.
    assert.equal(parseChecksumLine(`${hex}  a`, oneBlank)?.name, ' a');
  });
});

describe('unescapeFileName', () => {
  it('undoes the three escapes and rejects the rest', () => {
    assert.equal(unescapeFileName('a\\\\b\\nc\\rd'), 'a\\b\nc\rd');
    assert.equal(unescapeFileName('a\\x'), undefined);
  });
});

describe('checksumFileLines', () => {
  it('skips comments and empty lines, drops one CR, and counts every line', () => {
    assert.deepEqual(
      [...checksumFileLines(`# comment\n\n${hex}  a\r\n${hex}  b\r\r\n`)],
      [
        { number: 3, text: `${hex}  a` },
        { number: 4, text: `${hex}  b\r` },
      ],
    );
  });
});
