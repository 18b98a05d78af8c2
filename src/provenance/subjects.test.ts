import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { subjectsFromFiles } from './subjects.js';

describe('subjectsFromFiles', () => {
  const directory = mkdtempSync(join(tmpdir(), 'veriship-subjects-'));
  mkdirSync(join(directory, 'dist'));
  mkdirSync(join(directory, 'other'));
  writeFileSync(join(directory, 'dist', 'app.tgz'), 'an npm package\n');
  writeFileSync(join(directory, 'other', 'app.tgz'), 'another package\n');

  it('names a subject by its base name, with its sha256', async () => {
    const [subject] = await subjectsFromFiles([join(directory, 'dist', 'app.tgz')]);
    assert.equal(subject?.name, 'app.tgz');
    assert.equal(subject?.digest.sha256, createHash('sha256').update('an npm package\n').digest('hex'));
  });

  describe('when one file is given twice, spelt differently', () => {
    it('is one subject, not a name clash', async () => {
      const absolute = join(directory, 'dist', 'app.tgz');
      const spelt = `${relative(process.cwd(), join(directory, 'dist'))}/./app.tgz`;
      const subjects = await subjectsFromFiles([absolute, spelt]);
      assert.equal(subjects.length, 1);
    });
  });

  describe('when two files share a base name', () => {
    it('refuses them', async () => {
      await assert.rejects(
        subjectsFromFiles([join(directory, 'dist', 'app.tgz'), join(directory, 'other', 'app.tgz')]),
        { code: 'INPUT_UNSUPPORTED' },
      );
    });
  });

  describe('when a subject is a directory', () => {
    it('refuses it as unreadable', async () => {
      await assert.rejects(subjectsFromFiles([join(directory, 'dist')]), { code: 'INPUT_UNREADABLE' });
    });
  });
});
