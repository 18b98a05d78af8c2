import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs, {
  chmodSync,
  closeSync,
  constants,
  lstatSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';

// mkfifo and symbolic links without privileges.
const posix = process.platform !== 'win32';

describe('writeFileAtomic', () => {
  it('replaces a regular file whole and leaves no temporary file behind', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'veriship-atomic-'));
    const path = join(directory, 'out.json');
    writeFileSync(path, 'old');
    await writeFileAtomic(path, 'new content');
    assert.equal(readFileSync(path, 'utf8'), 'new content');
    assert.deepEqual(readdirSync(directory), ['out.json']);
  });

  it('never makes a replaced file readable by more people than before', { skip: !posix }, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'veriship-atomic-'));
    const path = join(directory, 'private.json');
    writeFileSync(path, 'old', { mode: 0o600 });
    chmodSync(path, 0o600);
    await writeFileAtomic(path, 'new content');
    assert.equal(readFileSync(path, 'utf8'), 'new content');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    // A new file gets the mode asked for (less the umask), as before.
    const fresh = join(directory, 'fresh.json');
    await writeFileAtomic(fresh, 'content', 0o600);
    assert.equal(statSync(fresh).mode & 0o777, 0o600);
  });

  it('flushes the new content to disk before the rename makes it visible', async (context) => {
    const calls: string[] = [];
    const fsync = fs.fsyncSync;
    const rename = fs.renameSync;
    context.mock.method(fs, 'fsyncSync', (descriptor: number) => {
      calls.push('fsync');
      fsync(descriptor);
    });
    context.mock.method(fs, 'renameSync', (from: string, to: string) => {
      calls.push('rename');
      rename(from, to);
    });
    syncBuiltinESMExports();
    try {
      const directory = mkdtempSync(join(tmpdir(), 'veriship-atomic-'));
      await writeFileAtomic(join(directory, 'out.json'), 'content');
    } finally {
      context.mock.restoreAll();
      syncBuiltinESMExports();
    }
    assert.deepEqual(calls, ['fsync', 'rename']);
  });

  it('replaces the file a symbolic link points to, and keeps the link', { skip: !posix }, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'veriship-atomic-'));
    const target = join(directory, 'real.json');
    const link = join(directory, 'link.json');
    writeFileSync(target, 'old');
    symlinkSync('real.json', link);
    await writeFileAtomic(link, 'new content');
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
    assert.equal(readFileSync(target, 'utf8'), 'new content');
    assert.deepEqual(readdirSync(directory).sort(), ['link.json', 'real.json']);
  });

  it('refuses a folder or a path under a file with OUTPUT_UNWRITABLE, naming the path, and writes nothing', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'veriship-atomic-'));
    writeFileSync(join(directory, 'file'), 'keep');
    for (const [path, reason] of [
      [directory, /is a folder/],
      [join(directory, 'file', 'out.json'), /not a folder/],
    ] as const) {
      await assert.rejects(writeFileAtomic(path, 'content'), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.code, 'OUTPUT_UNWRITABLE');
        assert.equal(error.file, path);
        assert.match(error.message, reason);
        return true;
      });
    }
    assert.deepEqual(readdirSync(directory), ['file'], 'no temporary file left');
    assert.equal(readFileSync(join(directory, 'file'), 'utf8'), 'keep');
  });

  it('writes through a named pipe instead of replacing it with a file', { skip: !posix }, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'veriship-atomic-'));
    const fifo = join(directory, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // A non-blocking reader first, so that opening the pipe for writing does not wait for one.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      await writeFileAtomic(fifo, 'through the pipe\n');
      const buffer = Buffer.alloc(64);
      const read = readSync(reader, buffer, 0, buffer.length, null);
      assert.equal(buffer.subarray(0, read).toString('utf8'), 'through the pipe\n');
    } finally {
      closeSync(reader);
    }
    assert.ok(statSync(fifo).isFIFO(), 'the pipe is still a pipe');
    assert.deepEqual(readdirSync(directory), ['pipe']);
  });
});
