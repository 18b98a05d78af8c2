import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeFileSystem } from '../io/file-system.js';
import { collectComponentGraph } from './generate.js';

/** A project whose docs/requirements.txt includes the top requirements file and, past the project, a secret. */
function project(): { root: string; docs: string } {
  const parent = mkdtempSync(join(tmpdir(), 'veriship-boundary-'));
  writeFileSync(join(parent, '.env'), 'API_TOKEN=hunter2\n');
  const root = join(parent, 'app');
  const docs = join(root, 'docs');
  mkdirSync(docs, { recursive: true });
  writeFileSync(join(root, 'requirements.txt'), 'flask==3.0.0\n');
  writeFileSync(join(docs, 'requirements.txt'), '-r ../requirements.txt\n-r ../../.env\nsphinx==7.2.6\n');
  return { root, docs };
}

describe('includes and the folder being read', () => {
  it('reads `-r ../x` within the scanned folder, and nothing past it', async () => {
    const { root, docs } = project();
    const graph = await collectComponentGraph({
      paths: [root],
      recursive: true,
      omitDevelopment: false,
      fileSystem: nodeFileSystem,
    });
    assert.deepEqual(
      graph.components.map((component) => component.purl),
      ['pkg:pypi/flask@3.0.0', 'pkg:pypi/sphinx@7.2.6'],
    );
    const outside = graph.warnings.filter((warning) => warning.message.includes('.env'));
    assert.deepEqual(
      outside.map((warning) => [warning.file, warning.line]),
      [[join(docs, 'requirements.txt'), 2]],
    );
    assert.match(
      outside[0]?.message ?? '',
      /^-r \.\.\/\.\.\/\.env: outside .*app, the folder being read; not read$/,
    );
    assert.ok(!JSON.stringify(graph).includes('hunter2'), 'the secret is never read');
  });

  it('confines a file named outright to its own folder when the current folder does not hold it', async () => {
    const { docs } = project();
    const graph = await collectComponentGraph({
      paths: [join(docs, 'requirements.txt')],
      recursive: false,
      omitDevelopment: false,
      fileSystem: nodeFileSystem,
    });
    assert.deepEqual(
      graph.components.map((component) => component.purl),
      ['pkg:pypi/sphinx@7.2.6'],
    );
    assert.equal(graph.warnings.filter((warning) => /not read$/.test(warning.message)).length, 2);
  });
});
