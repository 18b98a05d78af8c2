import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { corpusPath, hasCorpus } from '../../testing/corpus.js';
import { fileInput } from '../../testing/extraction.js';
import { yarnLockExtractor } from './yarn-lock.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__');

describe('yarnLockExtractor', () => {
  it('claims yarn.lock only', () => {
    assert.equal(yarnLockExtractor.matches('yarn.lock'), true);
    assert.equal(yarnLockExtractor.matches('package-lock.json'), false);
    assert.equal(yarnLockExtractor.matches('.yarnrc.yml'), false);
  });

  it('reads a classic lock with yarn v1 semantics (integrity hashes, registry tarball URLs)', async () => {
    const extraction = await yarnLockExtractor.extract(
      fileInput(join(fixtures, 'yarn-v1-one-package', 'yarn.lock')),
    );
    const [leftPad] = extraction.components;
    assert.equal(leftPad?.ref, 'pkg:npm/left-pad@1.3.0');
    assert.equal(
      leftPad?.distributions[0]?.url,
      'https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz',
    );
    assert.equal(leftPad?.hashes[0]?.algorithm, 'SHA-512');
  });

  it('reads a lock with __metadata as berry (checksums are properties, never hashes)', async () => {
    const extraction = await yarnLockExtractor.extract(
      fileInput(join(fixtures, 'yarn-berry-one-package', 'yarn.lock')),
    );
    const [leftPad] = extraction.components;
    assert.equal(leftPad?.ref, 'pkg:npm/left-pad@1.3.0');
    assert.deepEqual(leftPad?.hashes, []);
    assert.equal(leftPad?.properties[0]?.name, 'veriship:yarn:checksum');
  });

  describe('the real corpus', { skip: hasCorpus() ? false : 'no corpus beside the repository' }, () => {
    for (const [format, project] of [
      ['yarn-v1', 'webpack'],
      ['yarn-berry', 'prettier'],
    ] as const) {
      it(`dispatches ${format}/${project} to its format`, async () => {
        const extraction = await yarnLockExtractor.extract(
          fileInput(corpusPath('lockfiles', format, project, 'yarn.lock')),
        );
        const hasChecksums = extraction.components.some((component) =>
          component.properties.some((property) => property.name === 'veriship:yarn:checksum'),
        );
        assert.equal(hasChecksums, format === 'yarn-berry');
      });
    }
  });
});
