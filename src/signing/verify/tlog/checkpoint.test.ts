import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCheckpoint, parseSignedNote } from './checkpoint.js';

const root = Buffer.alloc(32, 7).toString('base64');
const signature = Buffer.concat([Buffer.from([1, 2, 3, 4]), Buffer.alloc(64, 9)]).toString('base64');

describe('parseSignedNote', () => {
  it('splits the note from its signature lines, keeping every signer', () => {
    const note = parseSignedNote(
      `log.example\n5\n${root}\n\n— witness.example ${signature}\n— log.example ${signature}\n`,
    );
    assert.ok(typeof note !== 'string');
    assert.equal(note.text, `log.example\n5\n${root}\n`);
    assert.deepEqual(
      note.signatures.map((item) => [item.name, item.keyHint.toString('hex'), item.signature.length]),
      [
        ['witness.example', '01020304', 64],
        ['log.example', '01020304', 64],
      ],
    );
  });

  it('rejects notes without signatures, malformed lines and missing final newlines', () => {
    assert.equal(typeof parseSignedNote(`log\n5\n${root}\n`), 'string');
    assert.equal(typeof parseSignedNote(`log\n5\n${root}\n\n`), 'string');
    assert.equal(typeof parseSignedNote(`log\n5\n${root}\n\n- log ${signature}\n`), 'string');
    assert.equal(typeof parseSignedNote(`log\n5\n${root}\n\n— log ${signature}`), 'string');
    assert.equal(typeof parseSignedNote(`log\n5\n${root}\n\n— log AQID\n`), 'string');
  });
});

describe('parseCheckpoint', () => {
  it('reads origin, size and root hash, allowing extension lines', () => {
    const checkpoint = parseCheckpoint(`rekor.example - 123\n42\n${root}\nTimestamp: 1\n`);
    assert.ok(typeof checkpoint !== 'string');
    assert.equal(checkpoint.origin, 'rekor.example - 123');
    assert.equal(checkpoint.treeSize, 42n);
  });

  it('rejects a missing origin, a bad size and a missing or short root hash', () => {
    assert.equal(typeof parseCheckpoint(`42\n${root}\n`), 'string');
    assert.equal(typeof parseCheckpoint(`log\n-1\n${root}\n`), 'string');
    assert.equal(typeof parseCheckpoint('log\n42\n'), 'string');
    assert.equal(typeof parseCheckpoint('log\n42\nAAAA\n'), 'string');
  });
});
