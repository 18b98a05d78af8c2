/**
 * The release flow end to end, as a release engineer and a consumer run it: `veriship release` on a
 * project, `veriship verify-release` on the result, then every produced file tampered with in turn.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { corpusPath, hasCorpus, repositoryRoot } from '../../src/testing/corpus.js';
import {
  assertEveryTamperingDetected,
  filesUnder,
  gitCheckout,
} from '../../src/testing/release-workspace.js';
import { runVeriship } from '../../src/testing/run-cli.js';

const workspace = mkdtempSync(join(tmpdir(), 'veriship-release-'));
const database = join(workspace, 'db');
const key = join(workspace, 'release');
const epoch = { SOURCE_DATE_EPOCH: '1764000000' };

/** A project folder with its lockfile, a git checkout (remote on a reserved domain) and a built artifact. */
function project(name: string, files: Record<string, string>, artifact = 'app-1.0.0.tgz'): string {
  const directory = join(workspace, name);
  mkdirSync(join(directory, 'dist'), { recursive: true });
  for (const [file, source] of Object.entries(files)) cpSync(source, join(directory, file));
  gitCheckout(directory, name);
  writeFileSync(join(directory, 'dist', artifact), `the ${name} artifact\n`);
  return directory;
}

async function release(directory: string, ...flags: string[]) {
  return runVeriship(
    [
      'release',
      '--project',
      directory,
      '--dist',
      join(directory, 'dist'),
      '--key',
      `${key}.key`,
      '--db',
      database,
      ...flags,
    ],
    epoch,
  );
}

async function verifyRelease(dist: string, ...flags: string[]) {
  return runVeriship(['verify-release', dist, '--key', `${key}.pub`, ...flags]);
}

describe('veriship release → verify-release', { skip: !hasCorpus() && 'no ../shared/corpus' }, () => {
  const node = join(repositoryRoot, 'examples', 'node-app');
  before(async () => {
    assert.equal((await runVeriship(['keys', 'generate', '--out', key, '--no-passphrase'])).exitCode, 0);
    const imported = await runVeriship(['db', 'import', corpusPath('osv'), '--db', database]);
    assert.equal(imported.exitCode, 0, imported.stderr);
  });

  it('releases a project with no config file, and the consumer verifies everything', async () => {
    const directory = project('app', {
      'package.json': join(node, 'package.json'),
      'package-lock.json': join(node, 'package-lock.json'),
    });
    const run = await release(directory);
    assert.equal(run.exitCode, 0, run.stderr);
    for (const step of [
      'checksums',
      'sbom',
      'provenance',
      'signatures',
      'scan',
      'policy',
      'badges',
      'summary',
      'manifest',
    ]) {
      assert.match(run.stderr, new RegExp(`✓ ${step} `), `step ${step} ran and passed`);
    }
    const dist = join(directory, 'dist');
    for (const file of [
      'checksums.txt',
      'release.json',
      'release.json.sigstore.json',
      'provenance/provenance.json',
      'scan/scan.sarif',
      'policy/result.json',
      'badges/vulnerabilities.svg',
      'summary.md',
      'sbom/example-node-app-sbom.json',
    ]) {
      assert.ok(existsSync(join(dist, file)), `${file} written`);
    }
    const manifest = JSON.parse(readFileSync(join(dist, 'release.json'), 'utf8'));
    const listed = manifest.files.map((file: { path: string }) => file.path).sort();
    assert.deepEqual(
      listed,
      filesUnder(dist).filter((file) => !file.startsWith('release.json')),
      'the manifest lists every file',
    );
    const verified = await verifyRelease(
      dist,
      '--source-uri',
      'example.invalid/acme/app',
      '--source-ref',
      'refs/heads/main',
    );
    assert.equal(verified.exitCode, 0, verified.stdout);
    assert.match(verified.stdout, /verified: all \d+ checks passed/);
    const wrongSource = await verifyRelease(dist, '--source-uri', 'github.com/acme/app');
    assert.equal(wrongSource.exitCode, 1, 'provenance from another repository');
    assert.match(wrongSource.stdout, /✗ provenance .*source-uri/);
  });

  it('same inputs, same files: with ECDSA all but signatures and the manifest listing them, with Ed25519 every byte', async () => {
    const files = {
      'package.json': join(node, 'package.json'),
      'package-lock.json': join(node, 'package-lock.json'),
    };
    const first = project('again-1', files);
    const second = join(workspace, 'again-2');
    cpSync(first, second, { recursive: true });
    assert.equal((await release(first)).exitCode, 0);
    assert.equal((await release(second)).exitCode, 0);
    const compared = filesUnder(join(first, 'dist')).filter(
      (file) => !file.endsWith('.sigstore.json') && file !== 'release.json',
    );
    assert.deepEqual(
      compared,
      filesUnder(join(second, 'dist')).filter(
        (file) => !file.endsWith('.sigstore.json') && file !== 'release.json',
      ),
    );
    for (const file of compared) {
      const same = (text: string) => text.replace(/again-[12]/g, 'again-N');
      const a = same(readFileSync(join(first, 'dist', file), 'utf8'));
      const b = same(readFileSync(join(second, 'dist', file), 'utf8'));
      assert.equal(a, b, `${file} is the same`);
    }
    // Ed25519 signatures are deterministic (RFC 8032): with such a key, every byte is the same.
    const ed25519 = join(workspace, 'ed25519');
    assert.equal(
      (await runVeriship(['keys', 'generate', '--algorithm', 'ed25519', '--out', ed25519, '--no-passphrase']))
        .exitCode,
      0,
    );
    const third = join(workspace, 'again-3');
    const fourth = join(workspace, 'again-4');
    cpSync(first, third, { recursive: true });
    cpSync(first, fourth, { recursive: true });
    for (const directory of [third, fourth]) {
      const run = await runVeriship(
        [
          'release',
          '--project',
          directory,
          '--dist',
          join(directory, 'dist'),
          '--key',
          `${ed25519}.key`,
          '--db',
          database,
        ],
        epoch,
      );
      assert.equal(run.exitCode, 0, run.stderr);
    }
    for (const file of filesUnder(join(third, 'dist'))) {
      const same = (text: string) => text.replace(/again-[34]/g, 'again-N');
      assert.equal(
        same(readFileSync(join(third, 'dist', file), 'utf8')),
        same(readFileSync(join(fourth, 'dist', file), 'utf8')),
        `${file} is byte-identical with Ed25519`,
      );
    }
    // A second run in the same folder replaces the first run's outputs and leaves nothing stale.
    assert.equal((await release(first)).exitCode, 0);
    assert.equal((await verifyRelease(join(first, 'dist'))).exitCode, 0);
  });

  it('detects tampering with every single file, naming it', async () => {
    const directory = project('tamper', {
      'package.json': join(node, 'package.json'),
      'package-lock.json': join(node, 'package-lock.json'),
    });
    assert.equal((await release(directory)).exitCode, 0);
    const pristine = join(directory, 'dist');
    const tried = await assertEveryTamperingDetected(pristine, join(workspace, 'tampered'), (dir) =>
      verifyRelease(dir),
    );
    assert.ok(tried >= 20, `${tried} files tampered with`);
    // Even a manifest signed by the release key must describe a release: artifacts and an SBOM.
    for (const role of ['artifact', 'sbom']) {
      const emptied = join(workspace, `no-${role}`);
      cpSync(pristine, emptied, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(emptied, 'release.json'), 'utf8'));
      const dropped = manifest.files.filter((file: { role: string }) => file.role === role);
      manifest.files = manifest.files.filter((file: { role: string }) => file.role !== role);
      for (const file of dropped) rmSync(join(emptied, file.path));
      writeFileSync(join(emptied, 'release.json'), JSON.stringify(manifest));
      rmSync(join(emptied, 'release.json.sigstore.json'));
      assert.equal(
        (await runVeriship(['sign', join(emptied, 'release.json'), '--key', `${key}.key`])).exitCode,
        0,
      );
      const run = await verifyRelease(emptied);
      assert.equal(run.exitCode, 1, `a signed manifest without any ${role} fails`);
      assert.match(run.stdout, new RegExp(`✗ \\S+ release\\.json: the manifest lists no ${role}`));
    }
    const added = join(workspace, 'added');
    cpSync(pristine, added, { recursive: true });
    writeFileSync(join(added, 'extra.tgz'), 'smuggled in');
    const extra = await verifyRelease(added);
    assert.equal(extra.exitCode, 1, 'an unlisted file fails');
    assert.match(extra.stdout, /✗ coverage extra\.tgz/);
    const removed = join(workspace, 'removed');
    cpSync(pristine, removed, { recursive: true });
    rmSync(join(removed, 'scan', 'scan.sarif'));
    const missing = await verifyRelease(removed);
    assert.equal(missing.exitCode, 1, 'a missing file fails');
    assert.match(missing.stdout, /✗ coverage scan\/scan\.sarif: listed in the manifest but missing/);
    const wrongKey = join(workspace, 'other');
    await runVeriship(['keys', 'generate', '--out', wrongKey, '--no-passphrase']);
    const untrusted = await runVeriship(['verify-release', pristine, '--key', `${wrongKey}.pub`]);
    assert.equal(untrusted.exitCode, 1, 'another key: the manifest signature fails first');
    assert.match(untrusted.stdout, /✗ manifest-signature release\.json/);
  });

  it('a scan over the threshold stops the release: exit 1, no signed manifest', async () => {
    const gino = corpusPath('lockfiles', 'poetry-1', 'gino');
    const directory = project('vulnerable', {
      'poetry.lock': join(gino, 'poetry.lock'),
      'pyproject.toml': join(gino, 'pyproject.toml'),
    });
    // aiohttp 3.8.1 (a main dependency) has PYSEC-2023-250, rated medium; py (dev only) is not shipped.
    const run = await release(directory, '--fail-on', 'medium');
    assert.equal(run.exitCode, 1, run.stderr);
    assert.match(
      run.stderr,
      /✗ scan .*1 unsuppressed finding\(s\) at or above medium: PYSEC-2023-250 \(medium\) in aiohttp@3\.8\.1/,
    );
    assert.ok(existsSync(join(directory, 'dist', 'scan', 'scan.json')), 'the scan report is kept to read');
    assert.ok(!existsSync(join(directory, 'dist', 'release.json')), 'no manifest');
    assert.ok(!existsSync(join(directory, 'dist', 'release.json.sigstore.json')), 'no signed manifest');
  });

  it('--format json reports the steps that ran and why the release stopped', async () => {
    const gino = corpusPath('lockfiles', 'poetry-1', 'gino');
    const directory = project('vulnerable-json', {
      'poetry.lock': join(gino, 'poetry.lock'),
      'pyproject.toml': join(gino, 'pyproject.toml'),
    });
    const run = await release(directory, '--fail-on', 'medium', '--format', 'json');
    assert.equal(run.exitCode, 1, run.stderr);
    const report = JSON.parse(run.stdout) as {
      released: boolean;
      steps: { name: string; status: string }[];
      error: { code: string; message: string };
    };
    assert.equal(report.released, false);
    assert.deepEqual(
      report.steps.map((step) => [step.name, step.status]),
      [
        ['checksums', 'passed'],
        ['sbom', 'passed'],
        ['provenance', 'passed'],
        ['signatures', 'passed'],
        ['scan', 'failed'],
      ],
    );
    assert.equal(report.error.code, 'RELEASE_GATE_FAILED');
    assert.match(report.error.message, /PYSEC-2023-250/);
    assert.match(run.stderr, /PYSEC-2023-250/);
  });

  it('a policy denial stops the release: exit 1, no signed manifest', async () => {
    const directory = project('denied', {
      'package.json': join(node, 'package.json'),
      'package-lock.json': join(node, 'package-lock.json'),
    });
    writeFileSync(
      join(directory, 'veriship.yaml'),
      'policy:\n  params:\n    allowedLicenses: [GPL-3.0-only]\n    requireLicenses: true\n',
    );
    const run = await release(directory, '--config', join(directory, 'veriship.yaml'));
    assert.equal(run.exitCode, 1, run.stderr);
    assert.match(run.stderr, /✗ policy .*license-allowlist/);
    assert.ok(existsSync(join(directory, 'dist', 'policy', 'result.json')), 'the decision is kept to read');
    assert.ok(!existsSync(join(directory, 'dist', 'release.json')), 'no manifest');
  });

  it('runs the configured build first; a failing build stops the release', async () => {
    const directory = project('built', {
      'package.json': join(node, 'package.json'),
      'package-lock.json': join(node, 'package-lock.json'),
    });
    rmSync(join(directory, 'dist', 'app-1.0.0.tgz'));
    writeFileSync(
      join(directory, 'veriship.yaml'),
      'build: mkdir -p dist && printf packed > dist/built-1.2.0.tgz\n',
    );
    const built = await release(directory, '--config', join(directory, 'veriship.yaml'));
    assert.equal(built.exitCode, 0, built.stderr);
    assert.match(built.stderr, /✓ build /);
    const manifest = JSON.parse(readFileSync(join(directory, 'dist', 'release.json'), 'utf8'));
    assert.ok(
      manifest.files.some(
        (file: { path: string; role: string }) => file.path === 'built-1.2.0.tgz' && file.role === 'artifact',
      ),
      'the built file is the artifact',
    );
    writeFileSync(join(directory, 'veriship.yaml'), 'build: exit 7\n');
    const failed = await release(directory, '--config', join(directory, 'veriship.yaml'));
    assert.equal(failed.exitCode, 1, failed.stderr);
    assert.match(failed.stderr, /✗ build .*exited with 7/);
    assert.ok(!existsSync(join(directory, 'dist', 'release.json')), "the earlier run's manifest is gone");
  });

  it('bad input: no artifacts, a bad config key, no database', async () => {
    const empty = project('empty', {
      'package.json': join(node, 'package.json'),
      'package-lock.json': join(node, 'package-lock.json'),
    });
    rmSync(join(empty, 'dist', 'app-1.0.0.tgz'));
    const none = await release(empty);
    assert.equal(none.exitCode, 3, none.stderr);
    assert.match(none.stderr, /no artifacts in the dist folder/);
    const typo = project('typo', {
      'package.json': join(node, 'package.json'),
      'package-lock.json': join(node, 'package-lock.json'),
    });
    writeFileSync(join(typo, 'veriship.yaml'), 'scan:\n  failon: high\n');
    const badKey = await release(typo, '--config', join(typo, 'veriship.yaml'));
    assert.equal(badKey.exitCode, 3, badKey.stderr);
    assert.match(badKey.stderr, /veriship\.yaml: unknown key scan\.failon/);
    const noDb = await runVeriship(
      [
        'release',
        '--project',
        typo,
        '--dist',
        join(typo, 'dist'),
        '--key',
        `${key}.key`,
        '--db',
        join(workspace, 'no-db'),
      ],
      epoch,
    );
    assert.equal(noDb.exitCode, 3, noDb.stderr);
    assert.ok(!existsSync(join(typo, 'dist', 'release.json')), 'no manifest');
  });
});
