/**
 * The release flow on the two bundled examples, as `npm start` runs it: the Python package built into a
 * wheel by its own script, the npm package packed by `npm pack`; then `verify-release`, then every
 * produced file tampered with in turn.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { repositoryRoot } from '../../src/testing/corpus.js';
import { assertEveryTamperingDetected, gitCheckout } from '../../src/testing/release-workspace.js';
import { runVeriship } from '../../src/testing/run-cli.js';

const workspace = mkdtempSync(join(tmpdir(), 'veriship-release-examples-'));
const database = join(workspace, 'db');
const key = join(workspace, 'release');

const examples: { name: string; build: [string, string[]]; artifact: RegExp; sboms: number }[] = [
  {
    name: 'python-package',
    build: [process.execPath, ['build.mjs']],
    artifact: /^hello_veriship-0\.1\.0-py3-none-any\.whl$/,
    sboms: 2,
  },
  {
    name: 'npm-package',
    build: ['npm', ['pack', '--pack-destination', 'dist', '--offline', '--silent']],
    artifact: /^veriship-example-greet-1\.0\.0\.tgz$/,
    sboms: 1,
  },
];

describe('veriship release on the bundled examples', () => {
  before(async () => {
    assert.equal((await runVeriship(['keys', 'generate', '--out', key, '--no-passphrase'])).exitCode, 0);
    const imported = await runVeriship([
      'db',
      'import',
      join(repositoryRoot, 'examples', 'advisories'),
      '--db',
      database,
    ]);
    assert.equal(imported.exitCode, 0, imported.stderr);
  });

  for (const example of examples) {
    it(`${example.name}: builds, releases, verifies, and every tampered file is caught`, async () => {
      const project = join(workspace, example.name);
      cpSync(join(repositoryRoot, 'examples', example.name), project, {
        recursive: true,
        filter: (path) => !path.endsWith('/dist'),
      });
      mkdirSync(join(project, 'dist'), { recursive: true });
      execFileSync(example.build[0], example.build[1], { cwd: project, stdio: 'ignore' });
      gitCheckout(project, example.name);
      const dist = join(project, 'dist');
      assert.ok(
        readdirSync(dist).some((name) => example.artifact.test(name)),
        `the build wrote ${example.artifact}`,
      );

      const release = await runVeriship(
        ['release', '--project', project, '--dist', dist, '--key', `${key}.key`, '--db', database],
        { SOURCE_DATE_EPOCH: '1764000000' },
      );
      assert.equal(release.exitCode, 0, release.stderr);
      assert.equal(
        readdirSync(join(dist, 'sbom')).filter((name) => name.endsWith('-sbom.json')).length,
        example.sboms,
        'project SBOM (and one per wheel)',
      );
      if (example.name === 'python-package') {
        // aiohttp 3.8.1 is affected by PYSEC-2023-250 (medium): reported, under the default `high` threshold.
        assert.match(release.stderr, /! scan .*1 medium/);
      }

      const verify = (directory: string) =>
        runVeriship([
          'verify-release',
          directory,
          '--key',
          `${key}.pub`,
          '--source-uri',
          `example.invalid/acme/${example.name}`,
          '--source-ref',
          'refs/heads/main',
        ]);
      const verified = await verify(dist);
      assert.equal(verified.exitCode, 0, verified.stdout);
      const tried = await assertEveryTamperingDetected(
        dist,
        join(workspace, `${example.name}-tampered`),
        verify,
      );
      assert.ok(tried >= 20, `${tried} files tampered with`);
    });
  }
});
