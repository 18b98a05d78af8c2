import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { reportError } from '../../src/cli/exit-codes.js';
import { repositoryRoot } from '../../src/testing/corpus.js';
import { runVeriship } from '../../src/testing/run-cli.js';

/** The commands `veriship --help` lists, as argument paths (`['sbom', 'validate']`). */
async function listedCommands(): Promise<string[][]> {
  const help = (await runVeriship(['--help'])).stdout;
  return [...help.matchAll(/^ {2}veriship ((?:[a-z-]+ )*[a-z-]+) {2}/gm)].map((match) =>
    (match[1] ?? '').split(' '),
  );
}

/** The long option names in a command's `--help` (`--name VALUE  description` rows). */
function helpOptions(help: string): string[] {
  const section = help.slice(help.indexOf('\nOptions:\n'));
  return [...section.matchAll(/^ {2}(?:-[a-zA-Z], | {4})--([a-z0-9-]+)/gm)].map((match) => match[1] ?? '');
}

function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'veriship-cli-contract-'));
}

describe('veriship --debug', () => {
  it('is a global option: it may come before the command', async () => {
    const missing = join(temporaryDirectory(), 'missing.json');
    const run = await runVeriship(['--debug', 'sbom', 'validate', missing]);
    assert.equal(run.exitCode, 3, run.stderr);
    assert.ok(run.stderr.startsWith(`veriship: ${missing}: no such file\n`), run.stderr);
    assert.match(run.stderr, /^ {4}at /m, '--debug prints the stack trace');
  });

  it('after `--` is an operand (a file named --debug), not the option', async () => {
    const run = await runVeriship(['sbom', 'validate', '--', '--debug']);
    assert.equal(run.exitCode, 3);
    assert.equal(run.stderr, 'veriship: --debug: no such file\n');
  });
});

describe('usage errors', () => {
  it('name an unknown option in one short line, exit 2', async () => {
    const run = await runVeriship(['sbom', 'validate', '--bogus', 'x.json']);
    assert.equal(run.exitCode, 2);
    assert.equal(
      run.stderr,
      "veriship: sbom validate: unknown option '--bogus' (see 'veriship sbom validate --help')\n",
    );
  });

  it('say in one line that an option followed by another option has no value, exit 2', async () => {
    const long = await runVeriship(['attest', '--predicate-type', '--predicate', 'x.json']);
    assert.equal(long.exitCode, 2);
    assert.equal(
      long.stderr,
      "veriship: attest: option '--predicate-type' needs a value (a value starting with a dash is written --predicate-type=-VALUE) (see 'veriship attest --help')\n",
    );
    const short = await runVeriship(['scan', '-o', '-x', 'sbom.json']);
    assert.equal(short.exitCode, 2);
    assert.match(short.stderr, /^veriship: scan: option '-o' needs a value \(.* --output=-VALUE\)/);
    assert.equal(short.stderr.split('\n').length, 2, 'one line');
  });

  it('every listed command: an unknown option is exit 2, one line, no stack trace', async () => {
    const commands = await listedCommands();
    assert.ok(commands.length >= 20, `${commands.length} commands listed`);
    for (const path of commands) {
      const run = await runVeriship([...path, '--no-such-option']);
      assert.equal(run.exitCode, 2, `veriship ${path.join(' ')}: ${run.stderr}`);
      assert.equal(
        run.stderr,
        `veriship: ${path.join(' ')}: unknown option '--no-such-option' (see 'veriship ${path.join(' ')} --help')\n`,
      );
    }
  });
});

describe('file-system errors on a path the user named', () => {
  it('db import --db under a file: exit 3 naming the path, not an internal error', async () => {
    const directory = temporaryDirectory();
    const file = join(directory, 'a-file');
    writeFileSync(file, 'not a folder\n');
    const run = await runVeriship([
      'db',
      'import',
      join(repositoryRoot, 'examples', 'advisories'),
      '--db',
      file,
    ]);
    assert.equal(run.exitCode, 3, run.stderr);
    assert.equal(run.stderr, `veriship: ${file}: cannot write: a part of the path is not a folder\n`);
  });

  it('reports a permission error as exit 3 with the path (root cannot provoke one, so it is built)', () => {
    const error = Object.assign(new Error("EACCES: permission denied, mkdir '/srv/db'"), {
      code: 'EACCES',
      errno: -13,
      syscall: 'mkdir',
      path: '/srv/db',
    });
    assert.deepEqual(reportError(error), {
      exitCode: 3,
      message: 'veriship: /srv/db: cannot create the folder: permission denied',
    });
  });

  it('keeps other errors internal (exit 4)', () => {
    assert.equal(reportError(new TypeError('x is undefined')).exitCode, 4);
    const noPath = Object.assign(new Error('EPIPE'), { code: 'EPIPE', syscall: 'write' });
    assert.equal(reportError(noPath).exitCode, 4);
  });
});

describe('README usage', () => {
  // Documented once below the usage block ("keyless flags", the options of every signing command).
  const sharedTrust = ['certificate-identity', 'certificate-identity-regexp', 'certificate-oidc-issuer'];
  const sharedSigning = ['passphrase-env', 'identity-token', 'identity-token-env', 'fulcio-url', 'rekor-url'];
  const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
  const usage = readme.slice(readme.indexOf('## Usage'), readme.indexOf('`veriship sbom` reads'));

  /** The lines of the usage block for exactly this command (continuation lines included). */
  function usageOf(path: string[], commands: string[][]): string {
    const starts = (line: string, words: string[]) =>
      new RegExp(`^veriship ${words.join(' ')}( |$)`).test(line);
    // `veriship attest` is not the line of `veriship attest provenance`: a longer listed path is another entry.
    const longer = commands.filter(
      (other) => other.length > path.length && starts(`veriship ${other.join(' ')}`, path),
    );
    const lines = usage.split('\n');
    const start = lines.findIndex(
      (line) => starts(line, path) && !longer.some((other) => starts(line, other)),
    );
    if (start === -1) return '';
    const end = lines.findIndex((line, index) => index > start && !line.startsWith(' '));
    return lines.slice(start, end === -1 ? undefined : end).join('\n');
  }

  it('names every command and every option its --help lists (shared ones in the note below it)', async () => {
    const missing: string[] = [];
    const commands = await listedCommands();
    for (const path of commands) {
      const block = usageOf(path, commands);
      if (block === '') {
        missing.push(`veriship ${path.join(' ')}: no usage line`);
        continue;
      }
      const help = (await runVeriship([...path, '--help'])).stdout;
      for (const option of helpOptions(help)) {
        if (option === 'help' || option === 'debug') continue;
        if (new RegExp(`--${option}(?![a-z-])`).test(block)) continue;
        if (option === 'output' && /(^|[\s[])-o /.test(block)) continue;
        if (option === 'quiet' && /\[-q\]/.test(block)) continue;
        if (sharedTrust.includes(option) && block.includes('keyless flags')) continue;
        if (option === 'trusted-root' && block.includes('keyless flags')) continue;
        if (sharedSigning.includes(option) && usage.includes(`\`--${option}`)) continue;
        missing.push(`veriship ${path.join(' ')}: --${option}`);
      }
    }
    assert.deepEqual(missing, []);
  });
});

describe('attest -o -', () => {
  // The statement and its bundle are two files: `-` (stdout elsewhere) cannot name both.
  for (const command of [
    ['attest', '--predicate-type', 'custom'],
    ['attest', 'provenance'],
  ]) {
    it(`${command.slice(0, 2).join(' ')}: a usage error before anything is signed, not a file named -`, async () => {
      const subject = join(temporaryDirectory(), 'artifact.txt');
      writeFileSync(subject, 'bytes\n');
      const run = await runVeriship([...command, '--subject', subject, '-o', '-', '--key', 'nowhere.key']);
      assert.equal(run.exitCode, 2, run.stderr);
      assert.match(run.stderr, /-o names a file; the statement and its bundle cannot both go to stdout/);
      assert.equal(existsSync('-'), false);
    });
  }
});
