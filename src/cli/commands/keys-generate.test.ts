import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { keyIdOf } from '../../signing/key-id.js';
import { parsePrivateKey } from '../../signing/keys/load.js';
import { runCommand } from '../../testing/run-command.js';
import { keysGenerateCommand } from './keys-generate.js';

describe('veriship keys generate', () => {
  let directory: string;
  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'veriship-keygen-'));
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  for (const algorithm of ['ecdsa-p256', 'ed25519']) {
    it(`writes an encrypted ${algorithm} pair with mode 0600 and prints its key id`, async () => {
      const prefix = join(directory, algorithm);
      const run = await runCommand(
        keysGenerateCommand,
        ['--algorithm', algorithm, '--out', prefix, '--passphrase-env', 'KEY_PASSPHRASE'],
        { KEY_PASSPHRASE: 'hunter2 but longer' },
      );
      assert.equal(run.exitCode, 0, run.stderr);
      for (const suffix of ['.key', '.pub']) {
        assert.equal((await stat(`${prefix}${suffix}`)).mode & 0o777, 0o600, suffix);
      }
      const publicKey = createPublicKey(await readFile(`${prefix}.pub`));
      assert.equal(run.stdout, `${keyIdOf(publicKey)}\n`);
      const privatePem = await readFile(`${prefix}.key`, 'utf8');
      assert.match(privatePem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
      const privateKey = parsePrivateKey(privatePem, { origin: 'k', passphrase: 'hunter2 but longer' });
      assert.equal(keyIdOf(createPublicKey(privateKey)), keyIdOf(publicKey));
      assert.match(run.stderr, /encrypted with \$KEY_PASSPHRASE/);
    });
  }

  it('defaults to ECDSA P-256', async () => {
    const prefix = join(directory, 'default');
    const run = await runCommand(keysGenerateCommand, ['--out', prefix, '--no-passphrase']);
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(createPublicKey(await readFile(`${prefix}.pub`)).asymmetricKeyType, 'ec');
    assert.match(await readFile(`${prefix}.key`, 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
    assert.match(run.stderr, /NOT encrypted/);
  });

  it('refuses to write an unencrypted key without --no-passphrase', async () => {
    const prefix = join(directory, 'refused');
    const run = await runCommand(keysGenerateCommand, ['--out', prefix]);
    assert.equal(run.exitCode, 2);
    assert.match(run.stderr, /refusing to write an unencrypted private key/);
    await assert.rejects(stat(`${prefix}.key`));
  });

  it('names a passphrase variable that is not set', async () => {
    const run = await runCommand(
      keysGenerateCommand,
      ['--out', join(directory, 'x'), '--passphrase-env', 'NOPE'],
      {},
    );
    assert.equal(run.exitCode, 3);
    assert.match(run.stderr, /environment variable NOPE .*not set/);
  });

  it('refuses to overwrite an existing key file and leaves it alone', async () => {
    const prefix = join(directory, 'existing');
    await writeFile(`${prefix}.pub`, 'precious');
    const run = await runCommand(keysGenerateCommand, ['--out', prefix, '--no-passphrase']);
    assert.equal(run.exitCode, 3);
    assert.match(run.stderr, /existing\.pub: already exists/);
    assert.equal(await readFile(`${prefix}.pub`, 'utf8'), 'precious');
    await assert.rejects(stat(`${prefix}.key`), 'no half-written pair');
  });

  it('exits 3 naming the path when --out cannot be written (a path under a file)', async () => {
    const file = join(directory, 'a-file');
    await writeFile(file, 'not a folder');
    const run = await runCommand(keysGenerateCommand, ['--out', join(file, 'release'), '--no-passphrase']);
    assert.equal(run.exitCode, 3, run.stderr);
    assert.equal(
      run.stderr,
      `veriship: ${join(file, 'release.key')}: cannot write: a part of the path is not a folder\n`,
    );
  });

  it('refuses a folder as --out, which would write hidden files .key and .pub into it (exit 2)', async () => {
    for (const out of [`${directory}/`, directory]) {
      const run = await runCommand(keysGenerateCommand, ['--out', out, '--no-passphrase']);
      assert.equal(run.exitCode, 2, run.stderr);
      assert.match(run.stderr, /--out is a file name prefix, not a folder/);
    }
    await assert.rejects(stat(join(directory, '.key')), { code: 'ENOENT' });
  });

  it('rejects an unknown algorithm and conflicting flags', async () => {
    const rsa = await runCommand(keysGenerateCommand, ['--algorithm', 'rsa', '--no-passphrase']);
    assert.equal(rsa.exitCode, 2);
    const both = await runCommand(keysGenerateCommand, ['--passphrase-env', 'P', '--no-passphrase'], {
      P: 'x',
    });
    assert.equal(both.exitCode, 2);
  });
});
