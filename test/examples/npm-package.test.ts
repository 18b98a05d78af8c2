import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { npmPackageLockExtractor } from '../../src/sbom/extractors/npm-package-lock.js';
import { corpusLockfiles, repositoryRoot } from '../../src/testing/corpus.js';
import { fileInput } from '../../src/testing/extraction.js';

const example = join(repositoryRoot, 'examples', 'npm-package');
const manifest = JSON.parse(readFileSync(join(example, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  license: string;
  dependencies: Record<string, string>;
};
const tarballName = `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
}

/** `npm pack` as the example's build does, but offline and into `destination`. */
function pack(destination: string) {
  return spawnSync('npm', ['pack', '--offline', '--pack-destination', destination, '--json'], {
    cwd: example,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_audit: 'false' },
  });
}

/** The names of the regular files in a .tgz (POSIX ustar: 512-byte headers, name at 0, size at 124). */
function tarFiles(tgz: Buffer): string[] {
  const tar = gunzipSync(tgz);
  const names: string[] = [];
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = field(0, 100);
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    if (field(156, 1) === '0' || field(156, 1) === '') names.push(prefix ? `${prefix}/${name}` : name);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names.sort();
}

describe('examples/npm-package', () => {
  let directory: string;

  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'veriship-npm-example-'));
  });

  after(() => rmSync(directory, { recursive: true, force: true }));

  it('packs offline into the tarball the release takes, with only the published files', () => {
    const result = pack(directory);
    assert.equal(result.status, 0, result.stderr);
    const [report] = JSON.parse(result.stdout) as { filename: string; integrity: string }[];
    assert.equal(report?.filename, tarballName);
    const tgz = readFileSync(join(directory, tarballName));
    assert.equal(report?.integrity, `sha512-${createHash('sha512').update(tgz).digest('base64')}`);
    assert.deepEqual(tarFiles(tgz), ['package/README.md', 'package/index.js', 'package/package.json']);
  });

  it('packs the same bytes twice (npm fixes every time stamp in the tarball)', () => {
    const tarballs = ['first', 'second'].map((name) => {
      const destination = join(directory, name);
      mkdirSync(destination);
      const result = pack(destination);
      assert.equal(result.status, 0, result.stderr);
      return readFileSync(join(destination, tarballName));
    });
    assert.ok(tarballs[0]?.equals(tarballs[1] as Buffer), 'two packs of the same sources differ');
  });

  it('has a lock that agrees with package.json (npm ls --package-lock-only)', () => {
    const result = spawnSync('npm', ['ls', '--package-lock-only', '--offline', '--json'], {
      cwd: example,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr || result.stdout);
    const tree = JSON.parse(result.stdout) as { dependencies: Record<string, { version: string }> };
    assert.deepEqual(
      Object.fromEntries(Object.entries(tree.dependencies).map(([name, entry]) => [name, entry.version])),
      manifest.dependencies,
    );
  });

  it("pins real registry integrity values: the same as published projects' lockfiles", () => {
    // Oracle: the npm v3 lockfiles in the corpus (lockfiles/SOURCE.md), written by npm from the registry.
    const published = new Map<string, LockEntry>();
    for (const path of corpusLockfiles('npm-v3', (name) => name === 'package-lock.json')) {
      const lock = JSON.parse(readFileSync(path, 'utf8')) as { packages: Record<string, LockEntry> };
      for (const [key, entry] of Object.entries(lock.packages)) {
        const name = key.replace(/^.*node_modules\//, '');
        if (key && entry.integrity) published.set(`${name}@${entry.version}`, entry);
      }
    }
    const lock = JSON.parse(readFileSync(join(example, 'package-lock.json'), 'utf8')) as {
      lockfileVersion: number;
      packages: Record<string, LockEntry>;
    };
    assert.equal(lock.lockfileVersion, 3);
    const entries = Object.entries(lock.packages).filter(([key]) => key !== '');
    assert.equal(entries.length, Object.keys(manifest.dependencies).length);
    for (const [key, entry] of entries) {
      const name = key.replace(/^node_modules\//, '');
      const reference = published.get(`${name}@${entry.version}`);
      assert.ok(reference, `${name}@${entry.version} is in no corpus lockfile`);
      assert.equal(entry.integrity, reference.integrity, `${name}: integrity`);
      assert.equal(entry.resolved, reference.resolved, `${name}: resolved`);
    }
  });

  it("is read by veriship's npm lockfile extractor", async () => {
    const extraction = await npmPackageLockExtractor.extract(fileInput(join(example, 'package-lock.json')));
    assert.deepEqual(extraction.warnings, []);
    assert.deepEqual(
      extraction.components.map((component) => [component.name, component.version, component.license]).sort(),
      [
        ['ms', '2.1.3', 'MIT'],
        ['picocolors', '1.1.1', 'ISC'],
      ],
    );
  });
});
