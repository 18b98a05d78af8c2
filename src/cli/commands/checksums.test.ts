import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCommand } from '../../testing/run-command.js';
import { checksumsCommand } from './checksums.js';
import { checksumsVerifyCommand } from './checksums-verify.js';

const hasSha256sum = spawnSync('sha256sum', ['--version']).status === 0;
const skip = !hasSha256sum && 'GNU sha256sum not installed';

/** The system tool, as the oracle. */
function sha256sum(args: string[]) {
  const result = spawnSync('sha256sum', args, { encoding: 'utf8' });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Diagnostics carry the program's name; the rest must be identical. */
const asSha256sum = (stderr: string) => stderr.replaceAll('veriship: ', 'sha256sum: ');

describe('veriship checksums / checksums verify, against GNU sha256sum', { skip }, () => {
  let directory: string;
  // Names on which coreutils 9.1 (this system) and current coreutils print `-c` results the same way.
  let files: string[];
  // Names with a backslash or CR: written identically, but only current coreutils escapes them in `-c`.
  let awkward: string[];
  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'veriship-checksums-'));
    files = ['plain.txt', 'with space.tgz', 'new\nline'].map((name) => join(directory, name));
    awkward = ['back\\slash', 'carriage\rreturn'].map((name) => join(directory, name));
    for (const [index, path] of [...files, ...awkward].entries()) await writeFile(path, `content ${index}\n`);
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('writes exactly what sha256sum writes, escaped names included', async () => {
    const all = [...files, ...awkward];
    const ours = await runCommand(checksumsCommand, all);
    assert.equal(ours.exitCode, 0, ours.stderr);
    assert.equal(ours.stdout, sha256sum(['--', ...all]).stdout);
  });

  it('writes a checksums.txt that `sha256sum -c` passes (file name with a space included)', async () => {
    const list = join(directory, 'checksums.txt');
    const written = await runCommand(checksumsCommand, [...files, ...awkward, '-o', list]);
    assert.equal(written.exitCode, 0, written.stderr);
    assert.equal(written.stdout, '');
    const theirs = sha256sum(['-c', list]);
    assert.equal(theirs.exitCode, 0, theirs.stderr);
    assert.match(theirs.stdout, /with space\.tgz: OK\n/);
    const ours = await runCommand(checksumsVerifyCommand, [list]);
    assert.equal(ours.exitCode, 0, ours.stderr);
    assert.equal(ours.stderr, '');
    assert.equal(ours.stdout.split('\n').filter((line) => line.endsWith(': OK')).length, 5);
  });

  it('prints the same results and warnings as sha256sum -c for a tampered and a missing file', async () => {
    const list = join(directory, 'tampered.txt');
    await runCommand(checksumsCommand, [...files, '-o', list]);
    const tampered = files[1] as string;
    const original = await readFile(tampered);
    await writeFile(tampered, Buffer.concat([original, Buffer.from('x')]));
    await appendFile(list, `${'0'.repeat(64)}  ${join(directory, 'missing.bin')}\nnot a checksum line\n`);
    try {
      const theirs = sha256sum(['-c', list]);
      const ours = await runCommand(checksumsVerifyCommand, [list]);
      assert.equal(theirs.exitCode, 1);
      assert.equal(ours.exitCode, 1);
      assert.equal(ours.stdout, theirs.stdout);
      assert.match(ours.stdout, /with space\.tgz: FAILED\n/);
      assert.match(ours.stdout, /missing\.bin: FAILED open or read\n/);
      assert.equal(asSha256sum(ours.stderr), theirs.stderr);
      assert.match(ours.stderr, /WARNING: 1 computed checksum did NOT match/);
    } finally {
      await writeFile(tampered, original);
    }
  });

  it('reports the same outcomes as one JSON document with --format json, and the same exit status', async () => {
    const list = join(directory, 'tampered-json.txt');
    await runCommand(checksumsCommand, [...files, '-o', list]);
    const tampered = files[1] as string;
    const original = await readFile(tampered);
    await writeFile(tampered, Buffer.concat([original, Buffer.from('x')]));
    await appendFile(list, `${'0'.repeat(64)}  ${join(directory, 'missing.bin')}\nnot a checksum line\n`);
    try {
      const ours = await runCommand(checksumsVerifyCommand, [list, '--format', 'json']);
      assert.equal(ours.exitCode, 1);
      const report = JSON.parse(ours.stdout) as {
        verified: boolean;
        reports: {
          file: string;
          summary: Record<string, number | boolean>;
          outcomes: { kind: string; name?: string }[];
        }[];
      };
      assert.equal(report.verified, false);
      assert.equal(report.reports[0]?.file, list);
      assert.deepEqual(
        report.reports[0]?.outcomes.map((outcome) => [outcome.kind, outcome.name]),
        [
          ['ok', files[0]],
          ['mismatch', files[1]],
          ['ok', files[2]],
          ['unreadable', join(directory, 'missing.bin')],
          ['malformed', undefined],
        ],
      );
      assert.equal(report.reports[0]?.summary.mismatched, 1);
    } finally {
      await writeFile(tampered, original);
    }
  });

  for (const flags of [
    ['--quiet'],
    ['--status'],
    ['--warn'],
    ['--strict'],
    ['--ignore-missing'],
    ['--strict', '--warn'],
  ]) {
    it(`agrees with sha256sum -c ${flags.join(' ')} on output and exit status`, async () => {
      const list = join(directory, `flags${flags.join('')}.txt`);
      await runCommand(checksumsCommand, [...files, '-o', list]);
      await appendFile(list, `garbage\n${'0'.repeat(64)}  ${join(directory, 'absent')}\n`);
      const theirs = sha256sum(['-c', ...flags, list]);
      const ours = await runCommand(checksumsVerifyCommand, [...flags, list]);
      assert.equal(ours.exitCode, theirs.exitCode);
      assert.equal(ours.stdout, theirs.stdout);
      assert.equal(asSha256sum(ours.stderr), theirs.stderr);
    });
  }

  it('reads BSD-tagged lines (sha256sum --tag)', async () => {
    const list = join(directory, 'tagged.txt');
    await writeFile(list, sha256sum(['--tag', ...files]).stdout);
    const theirs = sha256sum(['-c', list]);
    const ours = await runCommand(checksumsVerifyCommand, [list]);
    assert.equal(ours.exitCode, 0, ours.stderr);
    assert.equal(ours.stdout, theirs.stdout);
  });

  it('says so when no line is a checksum line, and fails', async () => {
    const list = join(directory, 'empty.txt');
    await writeFile(list, '# nothing here\n');
    const theirs = sha256sum(['-c', list]);
    const ours = await runCommand(checksumsVerifyCommand, [list]);
    assert.equal(ours.exitCode, 1);
    assert.equal(asSha256sum(ours.stderr), theirs.stderr);
  });

  it('escapes a name with a backslash in its result line, as current coreutils does', async () => {
    const list = join(directory, 'awkward.txt');
    await runCommand(checksumsCommand, [awkward[0] as string, '-o', list]);
    const ours = await runCommand(checksumsVerifyCommand, [list]);
    assert.equal(ours.exitCode, 0);
    assert.equal(ours.stdout, `\\${join(directory, 'back\\\\slash')}: OK\n`);
  });
});

describe('veriship checksums (usage)', () => {
  it('needs a file', async () => {
    assert.equal((await runCommand(checksumsCommand, [])).exitCode, 2);
    assert.equal((await runCommand(checksumsVerifyCommand, [])).exitCode, 2);
  });

  it('refuses an output file that is also an input, whose line would be stale (exit 2)', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'veriship-checksums-'));
    try {
      const artifact = join(directory, 'app.tgz');
      const list = join(directory, 'checksums.txt');
      await writeFile(artifact, 'app');
      await writeFile(list, 'from an earlier run\n');
      const run = await runCommand(checksumsCommand, [artifact, list, '-o', `${directory}/./checksums.txt`]);
      assert.equal(run.exitCode, 2);
      assert.match(run.stderr, /checksums\.txt is also a FILE/);
      assert.equal(await readFile(list, 'utf8'), 'from an earlier run\n');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('exits 3 naming a file it cannot read', async () => {
    const run = await runCommand(checksumsCommand, ['/nonexistent/veriship-file']);
    assert.equal(run.exitCode, 3);
    assert.match(run.stderr, /\/nonexistent\/veriship-file: no such file/);
    const verify = await runCommand(checksumsVerifyCommand, ['/nonexistent/checksums.txt']);
    assert.equal(verify.exitCode, 3);
  });
});
