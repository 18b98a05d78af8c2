import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { nodeFileSystem } from '../../src/io/file-system.js';
import { findExtractor } from '../../src/sbom/extractors/registry.js';
import { collectComponentGraph } from '../../src/sbom/generate.js';
import { corpusPath } from '../../src/testing/corpus.js';

const bom = Buffer.from([0xef, 0xbb, 0xbf]);

/** The smallest project of each corpus lockfile format, with its lockfile's path. */
function smallestProjects(): { format: string; directory: string; lockfile: string }[] {
  const root = corpusPath('lockfiles');
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .flatMap((format) => {
      const candidates = readdirSync(join(root, format)).flatMap((project) => {
        const directory = join(root, format, project);
        const lockfile = readdirSync(directory).find(
          (name) => findExtractor(name) !== undefined || (format === 'requirements' && name.endsWith('.txt')),
        );
        return lockfile
          ? [{ format, directory, lockfile, size: statSync(join(directory, lockfile)).size }]
          : [];
      });
      const smallest = candidates.sort((a, b) => a.size - b.size)[0];
      return smallest ? [smallest] : [];
    });
}

async function graphOf(directory: string, lockfile: string, format: string) {
  return collectComponentGraph({
    paths: [join(directory, lockfile)],
    recursive: false,
    omitDevelopment: false,
    fileSystem: nodeFileSystem,
    ...(format === 'requirements' ? { type: 'requirements-txt' } : {}),
  });
}

describe('a UTF-8 byte order mark at the start of a lockfile or manifest', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'veriship-bom-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const projects = smallestProjects();

  it('is tried on every lockfile format of the corpus', () => {
    assert.ok(projects.length >= 13, `found ${projects.length} formats`);
  });

  for (const { format, directory, lockfile } of projects) {
    it(`changes nothing: ${format} (${lockfile} and the manifests beside it)`, async () => {
      // Same folder name: a project without a manifest is named after its folder.
      const copy = join(scratch, format, basename(directory));
      copyDirectoryWithBom(directory, copy);
      assert.deepEqual(readFileSync(join(copy, lockfile)).subarray(0, 3), bom);
      const plain = await graphOf(directory, lockfile, format);
      const marked = await graphOf(copy, lockfile, format);
      assert.ok(plain.components.length > 0);
      assert.deepEqual(marked.components, plain.components);
      assert.deepEqual(marked.dependencies, plain.dependencies);
      assert.equal(marked.root.name, plain.root.name);
      assert.equal(marked.root.version, plain.root.version);
    });
  }
});

/** Copies a corpus project's files (included requirements files too), each prefixed with a byte order mark. */
function copyDirectoryWithBom(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) copyDirectoryWithBom(join(from, entry.name), join(to, entry.name));
    else if (entry.isFile()) {
      writeFileSync(join(to, entry.name), Buffer.concat([bom, readFileSync(join(from, entry.name))]));
    }
  }
}
