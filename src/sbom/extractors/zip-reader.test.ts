import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError, type InputErrorCode } from '../../errors.js';
import { writeZip } from './__fixtures__/wheel-zip-writer/zip-writer.js';
import { defaultZipLimits, openZip, unsafeEntryNameReason } from './zip-reader.js';

function withCode(code: InputErrorCode, text?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.file, 'test.zip');
    if (text) assert.match(error.message, new RegExp(text));
    return true;
  };
}

const MiB = 1024 * 1024;

describe('openZip', () => {
  it('lists every entry and inflates stored and deflated entries in memory', async () => {
    const zip = await openZip(
      'test.zip',
      writeZip([
        { name: 'pkg/', data: '', method: 'store' },
        { name: 'pkg/a.txt', data: 'stored text', method: 'store' },
        { name: 'pkg/b.txt', data: 'deflated text '.repeat(100) },
        { name: 'pkg/ünïcode.txt', data: 'utf-8 name' },
      ]),
    );
    assert.deepEqual(
      zip.entries.map((entry) => entry.name),
      ['pkg/', 'pkg/a.txt', 'pkg/b.txt', 'pkg/ünïcode.txt'],
    );
    assert.equal((await zip.read('pkg/a.txt'))?.toString(), 'stored text');
    assert.equal((await zip.read('pkg/b.txt'))?.toString(), 'deflated text '.repeat(100));
    assert.equal((await zip.read('pkg/ünïcode.txt'))?.toString(), 'utf-8 name');
    assert.equal(await zip.read('pkg/missing.txt'), undefined);
  });

  describe('when the input is not a zip archive', () => {
    it('fails with INPUT_MALFORMED', async () => {
      await assert.rejects(openZip('test.zip', Buffer.from('just some text')), withCode('INPUT_MALFORMED'));
      await assert.rejects(openZip('test.zip', Buffer.alloc(0)), withCode('INPUT_MALFORMED'));
    });
    it('fails with INPUT_MALFORMED when the archive is truncated', async () => {
      const whole = writeZip([{ name: 'a.txt', data: 'a' }]);
      await assert.rejects(openZip('test.zip', whole.subarray(20)), withCode('INPUT_MALFORMED'));
    });
  });

  describe('when an entry name escapes the archive', () => {
    for (const name of [
      '../evil.py',
      'pkg/../../evil.py',
      '/etc/passwd',
      'C:/Windows/evil.dll',
      'pkg\\..\\..\\evil.py',
    ]) {
      it(`refuses ${JSON.stringify(name)} with INPUT_UNSAFE, naming the entry`, async () => {
        const archive = writeZip([
          { name: 'ok.txt', data: 'fine' },
          { name, data: 'payload' },
        ]);
        await assert.rejects(
          openZip('test.zip', archive),
          withCode('INPUT_UNSAFE', JSON.stringify(name).slice(1, 8)),
        );
      });
    }
    it('accepts names that merely contain dots', () => {
      assert.equal(unsafeEntryNameReason('pkg/..data/a..b.txt'), undefined);
      assert.equal(unsafeEntryNameReason('pkg-1.0.dist-info/METADATA'), undefined);
    });
  });

  it('refuses an archive that names one entry twice (INPUT_UNSAFE)', async () => {
    const archive = writeZip([
      { name: 'x/METADATA', data: 'Name: a' },
      { name: 'x/METADATA', data: 'Name: b' },
    ]);
    await assert.rejects(openZip('test.zip', archive), withCode('INPUT_UNSAFE', 'more than once'));
  });

  it('refuses an entry whose local header names another file (INPUT_UNSAFE)', async () => {
    const zip = await openZip('test.zip', writeZip([{ name: 'a.txt', data: 'a', localName: 'b.txt' }]));
    await assert.rejects(zip.read('a.txt'), withCode('INPUT_UNSAFE', 'local header'));
  });

  describe('when the archive is a zip bomb', () => {
    it('refuses an entry that declares more than the limit, before inflating it', async () => {
      const zip = await openZip('test.zip', writeZip([{ name: 'big', data: 'x', declaredSize: 17 * MiB }]));
      await assert.rejects(zip.read('big'), withCode('INPUT_TOO_LARGE', 'declares'));
    });

    it('stops inflating an entry that lies about its size (INPUT_TOO_LARGE)', async () => {
      // 32 MiB of zeros deflate to ~32 KiB; the header claims 100 bytes, under every limit.
      const zip = await openZip(
        'test.zip',
        writeZip([{ name: 'bomb', data: Buffer.alloc(32 * MiB), declaredSize: 100 }]),
      );
      await assert.rejects(
        zip.read('bomb'),
        withCode('INPUT_TOO_LARGE', 'inflates past its declared 100 bytes'),
      );
    });

    it('refuses overlapping entries whose total is implausible for the archive size', async () => {
      const block = Buffer.alloc(16 * MiB);
      const entries = [{ name: 'e0', data: block }];
      for (let index = 1; index < 8; index += 1)
        entries.push({ name: `e${index}`, data: block, sameDataAs: 0 } as never);
      const archive = writeZip(entries);
      assert.ok(archive.length < MiB);
      await assert.rejects(openZip('test.zip', archive), withCode('INPUT_TOO_LARGE', 'ratio'));
    });

    it('refuses an archive whose declared total exceeds the total limit', async () => {
      const archive = writeZip([
        { name: 'a', data: 'a', declaredSize: 0xffff_fff0 },
        { name: 'b', data: 'b', declaredSize: 0xffff_fff0 },
        { name: 'c', data: 'c', declaredSize: 0xffff_fff0 },
      ]);
      await assert.rejects(openZip('test.zip', archive), withCode('INPUT_TOO_LARGE', 'claim'));
    });

    it('refuses more entries than the limit', async () => {
      const archive = writeZip([
        { name: 'a', data: 'a' },
        { name: 'b', data: 'b' },
      ]);
      await assert.rejects(
        openZip('test.zip', archive, { ...defaultZipLimits, maxEntries: 1 }),
        withCode('INPUT_TOO_LARGE', 'entries'),
      );
    });
  });

  it('refuses an entry whose CRC-32 does not match (INPUT_MALFORMED)', async () => {
    const zip = await openZip('test.zip', writeZip([{ name: 'a.txt', data: 'hello', crc: 1234 }]));
    await assert.rejects(zip.read('a.txt'), withCode('INPUT_MALFORMED', 'CRC-32'));
  });

  it('refuses an entry that inflates to less than it declares (INPUT_MALFORMED)', async () => {
    const zip = await openZip('test.zip', writeZip([{ name: 'a.txt', data: 'hello', declaredSize: 50 }]));
    await assert.rejects(zip.read('a.txt'), withCode('INPUT_MALFORMED', 'declares 50'));
  });
});
