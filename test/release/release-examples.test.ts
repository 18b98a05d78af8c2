/**
 * The release flow on the two bundled examples, as `npm start` runs it: the Python package built into a
 * wheel by its own script, the npm package packed by `npm pack`; then `verify-release`, then every
 * produced file tampered with in turn.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
      if (example.name === 'python-package') await assertWheelSbomBoundToWheel(dist, verify);
    });
  }
});

/**
 * A wheel's SBOM names the wheel file by its SHA-256. A release whose wheel SBOM describes another build of
 * the same name and version fails `sbom`, even when every file is consistently re-signed by the release key.
 */
async function assertWheelSbomBoundToWheel(
  dist: string,
  verify: (directory: string) => Promise<{ exitCode: number; stdout: string }>,
): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(dist, 'release.json'), 'utf8')) as {
    files: { path: string; role: string; sha256: string; signature?: string }[];
  };
  const wheel = manifest.files.find((file) => file.role === 'artifact' && file.path.endsWith('.whl'));
  const sbom = manifest.files.find((file) => file.role === 'sbom' && file.path.includes('hello_veriship'));
  assert.ok(wheel && sbom?.signature, 'the release lists the wheel and its signed SBOM');
  const bom = JSON.parse(readFileSync(join(dist, sbom.path), 'utf8'));
  assert.deepEqual(bom.metadata.component.hashes, [{ alg: 'SHA-256', content: wheel.sha256 }]);

  const forged = `${dist}-other-wheel-build`;
  cpSync(dist, forged, { recursive: true });
  bom.metadata.component.hashes[0].content = 'ab'.repeat(32);
  const resign = async (file: { path: string; sha256: string; signature?: string }, text: string) => {
    writeFileSync(join(forged, file.path), text);
    file.sha256 = createHash('sha256').update(text).digest('hex');
    if (!file.signature) return;
    rmSync(join(forged, file.signature));
    const signed = await runVeriship(['sign', join(forged, file.path), '--key', `${key}.key`]);
    assert.equal(signed.exitCode, 0, signed.stdout);
    const bundle = manifest.files.find((entry) => entry.path === file.signature);
    if (bundle)
      bundle.sha256 = createHash('sha256')
        .update(readFileSync(join(forged, bundle.path)))
        .digest('hex');
  };
  await resign(sbom, `${JSON.stringify(bom, null, 2)}\n`);
  rmSync(join(forged, 'release.json.sigstore.json'));
  writeFileSync(join(forged, 'release.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  assert.equal(
    (await runVeriship(['sign', join(forged, 'release.json'), '--key', `${key}.key`])).exitCode,
    0,
  );
  const run = await verify(forged);
  assert.equal(run.exitCode, 1, run.stdout);
  assert.match(run.stdout, /✓ manifest-signature release\.json/);
  assert.match(
    run.stdout,
    /✗ sbom \S*hello_veriship\S*: describes a hello-veriship 0\.1\.0 wheel with SHA-256 (ab)+, not /,
  );
}
