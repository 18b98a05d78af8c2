import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { consumeFile, digestFile, fileChunkSize } from './digest.js';

describe('digestFile', () => {
  let directory: string;
  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'veriship-digest-'));
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  for (const size of [
    0,
    1,
    4095,
    fileChunkSize - 1,
    fileChunkSize,
    fileChunkSize + 1,
    3 * fileChunkSize + 17,
  ]) {
    it(`hashes a ${size}-byte file like a one-shot SHA-256`, async () => {
      const content = randomBytes(size);
      const path = join(directory, `f${size}`);
      await writeFile(path, content);
      const { sha256, size: read } = await digestFile(path);
      assert.equal(read, size);
      assert.equal(sha256.toString('hex'), createHash('sha256').update(content).digest('hex'));
    });
  }

  it('matches the FIPS 180-2 "abc" vector', async () => {
    const path = join(directory, 'abc');
    await writeFile(path, 'abc');
    assert.equal(
      (await digestFile(path)).sha256.toString('hex'),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('names a missing file', async () => {
    await assert.rejects(digestFile(join(directory, 'nope')), {
      code: 'INPUT_NOT_FOUND',
      file: join(directory, 'nope'),
    });
  });

  it('refuses a directory', async () => {
    await assert.rejects(digestFile(directory), { code: 'INPUT_UNREADABLE', message: 'is a directory' });
  });
});

describe('consumeFile', () => {
  it('hands over chunks in order and stops when the consumer throws', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'veriship-consume-'));
    try {
      const path = join(directory, 'f');
      await writeFile(path, randomBytes(2 * fileChunkSize + 1));
      const sizes: number[] = [];
      assert.equal(await consumeFile(path, (chunk) => sizes.push(chunk.length)), 2 * fileChunkSize + 1);
      assert.deepEqual(sizes, [fileChunkSize, fileChunkSize, 1]);
      await assert.rejects(
        consumeFile(path, () => {
          throw new Error('stop');
        }),
        /stop/,
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
