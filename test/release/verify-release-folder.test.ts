/**
 * `verify-release` on the folder as a consumer has it: named however they like (`.`, `./dist`,
 * `release.json`), with links and missing evidence failing closed; and `release` refusing to make a
 * release with no policy gate.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { repositoryRoot } from '../../src/testing/corpus.js';
import { gitCheckout } from '../../src/testing/release-workspace.js';
import { runVeriship } from '../../src/testing/run-cli.js';

const workspace = mkdtempSync(join(tmpdir(), 'veriship-verify-folder-'));
const database = join(workspace, 'db');
const key = join(workspace, 'release');
const node = join(repositoryRoot, 'examples', 'node-app');

function project(name: string): string {
  const directory = join(workspace, name);
  mkdirSync(join(directory, 'dist'), { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) cpSync(join(node, file), join(directory, file));
  gitCheckout(directory, name);
  writeFileSync(join(directory, 'dist', 'app-1.0.0.tgz'), `the ${name} artifact\n`);
  return directory;
}

function release(directory: string, ...flags: string[]) {
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
    { SOURCE_DATE_EPOCH: '1764000000' },
  );
}

function verifyRelease(target: string) {
  return runVeriship(['verify-release', target, '--key', `${key}.pub`]);
}

function copyOf(pristine: string, name: string): string {
  const copy = join(workspace, name);
  cpSync(pristine, copy, { recursive: true });
  return copy;
}

describe('verify-release on a release folder', () => {
  let pristine = '';
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
    const directory = project('app');
    const run = await release(directory);
    assert.equal(run.exitCode, 0, run.stderr);
    pristine = join(directory, 'dist');
  });

  it('verifies the folder however it is named: ./dist, dist/../dist, dist/release.json', async () => {
    const relativeDist = relative(process.cwd(), pristine);
    for (const target of [
      `./${relativeDist}`,
      `${pristine}/../dist`,
      `${pristine}/./`,
      `./${relativeDist}/release.json`,
    ]) {
      const run = await verifyRelease(target);
      assert.equal(run.exitCode, 0, `${target}:\n${run.stdout}${run.stderr}`);
      assert.match(run.stdout, /verified: all \d+ checks passed/);
    }
  });

  it('refuses a plain file and a release.json that is not there as input errors (exit 3), naming them', async () => {
    const notAFolder = await verifyRelease(join(pristine, 'checksums.txt'));
    assert.equal(notAFolder.exitCode, 3, notAFolder.stdout);
    assert.match(notAFolder.stderr, /checksums\.txt: not a release folder/);
    const empty = join(workspace, 'empty-release');
    mkdirSync(empty, { recursive: true });
    const missing = await verifyRelease(join(empty, 'release.json'));
    assert.equal(missing.exitCode, 3, missing.stdout);
    assert.match(missing.stderr, /empty-release\/release\.json: no such file/);
  });

  it('fails a listed file replaced by a symbolic link, without following it', async () => {
    const linked = copyOf(pristine, 'linked');
    const outside = join(workspace, 'summary-outside.md');
    cpSync(join(linked, 'summary.md'), outside);
    rmSync(join(linked, 'summary.md'));
    // Same bytes, through a link: the folder no longer holds what was signed, and the link could point
    // anywhere (a link to /dev/zero made the old verifier read forever).
    symlinkSync(outside, join(linked, 'summary.md'));
    const run = await verifyRelease(linked);
    assert.equal(run.exitCode, 1, run.stdout);
    assert.match(run.stdout, /✗ coverage summary\.md: a symbolic link \(not followed\)/);
  });

  it('fails a link to a device, and does not read it', async () => {
    const device = copyOf(pristine, 'device');
    rmSync(join(device, 'summary.md'));
    symlinkSync('/dev/zero', join(device, 'summary.md'));
    const run = await verifyRelease(device);
    assert.equal(run.exitCode, 1, run.stdout);
    assert.match(run.stdout, /✗ coverage summary\.md: a symbolic link/);
  });

  it('fails a signed manifest that lists no scan attestation', async () => {
    const unscanned = copyOf(pristine, 'unscanned');
    const manifest = JSON.parse(readFileSync(join(unscanned, 'release.json'), 'utf8'));
    const dropped = ['scan/scan.intoto.json', 'scan/scan.intoto.sigstore.json'];
    manifest.files = manifest.files.filter((file: { path: string }) => !dropped.includes(file.path));
    for (const path of dropped) rmSync(join(unscanned, path));
    writeFileSync(join(unscanned, 'release.json'), JSON.stringify(manifest));
    rmSync(join(unscanned, 'release.json.sigstore.json'));
    const signed = await runVeriship(['sign', join(unscanned, 'release.json'), '--key', `${key}.key`]);
    assert.equal(signed.exitCode, 0, signed.stderr);
    const run = await verifyRelease(unscanned);
    assert.equal(run.exitCode, 1, run.stdout);
    assert.match(run.stdout, /✗ attestation: the manifest lists no scan attestation/);
  });

  it('fails a checksums file that lists an artifact a second time with another digest', async () => {
    const doubled = copyOf(pristine, 'doubled');
    const checksums = join(doubled, 'checksums.txt');
    // `sha256sum -c` would check both lines and fail on the second; the first alone matches.
    writeFileSync(checksums, `${readFileSync(checksums, 'utf8')}${'0'.repeat(64)}  app-1.0.0.tgz\n`);
    const manifest = JSON.parse(readFileSync(join(doubled, 'release.json'), 'utf8'));
    const entry = manifest.files.find((file: { path: string }) => file.path === 'checksums.txt');
    entry.sha256 = createHash('sha256').update(readFileSync(checksums)).digest('hex');
    writeFileSync(join(doubled, 'release.json'), JSON.stringify(manifest));
    rmSync(join(doubled, 'release.json.sigstore.json'));
    const signed = await runVeriship(['sign', join(doubled, 'release.json'), '--key', `${key}.key`]);
    assert.equal(signed.exitCode, 0, signed.stderr);
    const run = await verifyRelease(doubled);
    assert.equal(run.exitCode, 1, run.stdout);
    assert.match(
      run.stdout,
      /✗ checksums checksums\.txt: .*app-1\.0\.0\.tgz is listed twice with different digests/,
    );
  });
});

describe('release refuses what it could not publish verifiably (exit 3, no signed manifest)', () => {
  before(async () => {
    if (!existsSync(`${key}.key`)) {
      assert.equal((await runVeriship(['keys', 'generate', '--out', key, '--no-passphrase'])).exitCode, 0);
    }
    if (!existsSync(database)) {
      await runVeriship(['db', 'import', join(repositoryRoot, 'examples', 'advisories'), '--db', database]);
    }
  });

  it('a dist folder holding a file that is neither an artifact nor an output (.gitkeep, a folder)', async () => {
    const directory = project('stray');
    writeFileSync(join(directory, 'dist', '.gitkeep'), '');
    mkdirSync(join(directory, 'dist', 'notes'));
    writeFileSync(join(directory, 'dist', 'notes', 'README'), 'not an artifact\n');
    const run = await release(directory);
    assert.equal(run.exitCode, 3, run.stderr);
    assert.match(run.stderr, /dist: \.gitkeep, notes\/: neither an artifact nor a veriship output/);
    assert.ok(!existsSync(join(directory, 'dist', 'release.json')), 'no manifest');
    rmSync(join(directory, 'dist', '.gitkeep'));
    rmSync(join(directory, 'dist', 'notes'), { recursive: true });
    const clean = await release(directory);
    assert.equal(clean.exitCode, 0, clean.stderr);
    const verified = await verifyRelease(join(directory, 'dist'));
    assert.equal(verified.exitCode, 0, verified.stdout);
  });

  it('no policy gate: policy.builtin is false and no policy file is given', async () => {
    const directory = project('ungated');
    const config = join(directory, 'veriship.yaml');
    writeFileSync(config, 'policy:\n  builtin: false\n');
    const run = await release(directory, '--config', config);
    assert.equal(run.exitCode, 3, run.stderr);
    assert.match(run.stderr, /veriship\.yaml: policy\.builtin is false and policy\.files is empty/);
    assert.ok(!existsSync(join(directory, 'dist', 'release.json')), 'no manifest');
    assert.ok(!existsSync(join(directory, 'dist', 'release.json.sigstore.json')), 'no signed manifest');
    assert.ok(!existsSync(join(directory, 'dist', 'checksums.txt')), 'stopped before the first step');
    assert.ok(!existsSync(join(directory, 'dist', 'app-1.0.0.tgz.sigstore.json')), 'nothing signed');
  });

  it("another tool's checksums.txt, a cosign bundle or the user's own sbom/ folder in dist is never deleted", async () => {
    const directory = project('foreign');
    const dist = join(directory, 'dist');
    writeFileSync(join(dist, 'checksums.txt'), 'goreleaser wrote this\n');
    writeFileSync(join(dist, 'app-1.0.0.tgz.sigstore.json'), '{"cosign": true}\n');
    mkdirSync(join(dist, 'sbom'));
    writeFileSync(join(dist, 'sbom', 'mine.json'), '{}\n');
    const run = await release(directory);
    assert.equal(run.exitCode, 3, run.stderr);
    assert.match(
      run.stderr,
      /app-1\.0\.0\.tgz\.sigstore\.json, checksums\.txt, sbom\/: names veriship writes, but no earlier veriship release is here/,
    );
    assert.equal(readFileSync(join(dist, 'checksums.txt'), 'utf8'), 'goreleaser wrote this\n');
    assert.equal(readFileSync(join(dist, 'app-1.0.0.tgz.sigstore.json'), 'utf8'), '{"cosign": true}\n');
    assert.equal(readFileSync(join(dist, 'sbom', 'mine.json'), 'utf8'), '{}\n');
  });

  it('a release that stopped leaves its outputs marked as its own, so the next run replaces them', async () => {
    const directory = project('rerun');
    const config = join(directory, 'veriship.yaml');
    writeFileSync(
      config,
      'policy:\n  params:\n    allowedLicenses: [GPL-3.0-only]\n    requireLicenses: true\n',
    );
    const denied = await release(directory, '--config', config);
    assert.equal(denied.exitCode, 1, denied.stderr);
    assert.ok(existsSync(join(directory, 'dist', 'checksums.txt')), 'outputs of the stopped run are there');
    const again = await release(directory);
    assert.equal(again.exitCode, 0, again.stderr);
    const verified = await verifyRelease(join(directory, 'dist'));
    assert.equal(verified.exitCode, 0, verified.stdout);
    assert.ok(!existsSync(join(directory, 'dist', '.veriship-release-in-progress')), 'no marker once signed');
  });

  it('an artifact name a Windows verifier would read as a path (backslash, drive) stops the release', async () => {
    const directory = project('unportable');
    writeFileSync(join(directory, 'dist', '..\\evil.tgz'), 'x\n');
    const run = await release(directory);
    assert.equal(run.exitCode, 3, run.stderr);
    assert.match(
      run.stderr,
      /\.\.\\evil\.tgz: a name with a backslash or a drive prefix cannot be verified on Windows/,
    );
    assert.ok(!existsSync(join(directory, 'dist', 'checksums.txt')), 'nothing written');
  });

  it('a misspelt policy parameter stops the release instead of being ignored', async () => {
    const directory = project('misspelt');
    const config = join(directory, 'veriship.yaml');
    // `trustedBuilder` (no s) would be ignored, and the release would trust whatever built it.
    writeFileSync(config, 'policy:\n  params:\n    trustedBuilder: [https://ci.example/release]\n');
    const run = await release(directory, '--config', config);
    assert.equal(run.exitCode, 3, run.stderr);
    assert.match(run.stderr, /policy\.params: trustedBuilder: no policy in use declares this parameter/);
    assert.ok(!existsSync(join(directory, 'dist', 'checksums.txt')), 'stopped before the first step');
  });

  it('a policy file that does not compile stops the release before anything is signed', async () => {
    const directory = project('broken-policy');
    const policy = join(directory, 'broken.policy.yaml');
    writeFileSync(policy, 'name: broken\nrules:\n  - id: r\n    deny: "sbom.components.size( > 0"\n');
    const run = await release(directory, '--policy', policy);
    assert.equal(run.exitCode, 3, run.stderr);
    assert.match(run.stderr, /broken\.policy\.yaml/);
    assert.ok(!existsSync(join(directory, 'dist', 'checksums.txt')), 'stopped before the first step');
    assert.ok(!existsSync(join(directory, 'dist', 'app-1.0.0.tgz.sigstore.json')), 'nothing signed');
  });
});
