import { UsageError } from '../../errors.js';
import { generateKeyPair } from '../../signing/keys/generate.js';
import { readPassphrase } from '../../signing/keys/load.js';
import { type KeyAlgorithm, keyAlgorithms } from '../../signing/keys/signer.js';
import { writeNewFiles } from '../../signing/keys/write-key-files.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { oneOf } from '../parse-arguments.js';

export const keysGenerateCommand: Command = {
  name: 'keys generate',
  summary: 'generate a signing key pair (ECDSA P-256 or Ed25519)',
  usage:
    'veriship keys generate [--algorithm ecdsa-p256|ed25519] [--out PREFIX] (--passphrase-env NAME | --no-passphrase)',
  description: [
    'Writes PREFIX.key, the private key as PKCS#8 PEM encrypted with AES-256-CBC under the passphrase held',
    'by environment variable NAME, and PREFIX.pub, the public key as SubjectPublicKeyInfo PEM. Both are',
    'created with mode 0600 and never overwrite an existing file. An unencrypted private key is written',
    'only with --no-passphrase. Prints the key id (hex SHA-256 of the public key DER) on stdout, the id',
    'that bundles carry as their public-key hint and that keyrings list.',
  ].join('\n'),
  options: {
    algorithm: {
      type: 'string',
      value: 'ALGORITHM',
      description: `${keyAlgorithms.join(' or ')} (default ecdsa-p256)`,
    },
    out: {
      type: 'string',
      value: 'PREFIX',
      description:
        'write PREFIX.key and PREFIX.pub, PREFIX a path without extension, not a folder (default veriship)',
    },
    'passphrase-env': {
      type: 'string',
      value: 'NAME',
      description: 'encrypt the private key with the passphrase in environment variable NAME',
    },
    'no-passphrase': { type: 'boolean', description: 'write the private key unencrypted' },
  },
  async run(values, positionals, context) {
    if (positionals.length > 0)
      throw new UsageError(`keys generate: unexpected argument '${positionals[0]}'`);
    const algorithm = oneOf<KeyAlgorithm>(
      'keys generate',
      'algorithm',
      values.algorithm,
      keyAlgorithms,
      'ecdsa-p256',
    );
    const passphraseVariable = values['passphrase-env'];
    const unencrypted = values['no-passphrase'] === true;
    if (typeof passphraseVariable === 'string' && unencrypted) {
      throw new UsageError('keys generate: --passphrase-env and --no-passphrase exclude each other');
    }
    if (typeof passphraseVariable !== 'string' && !unencrypted) {
      throw new UsageError(
        'keys generate: refusing to write an unencrypted private key; give --passphrase-env NAME (or --no-passphrase)',
      );
    }
    const prefix = typeof values.out === 'string' ? values.out : 'veriship';
    if (prefix === '') throw new UsageError('keys generate: --out must not be empty');
    // A folder is not a prefix: `--out keys/` would write the hidden files `keys/.key` and `keys/.pub`.
    const isFolder = await context.fileSystem.kind(prefix).then(
      (kind) => kind === 'directory',
      () => false, // unreadable: the write below reports why, naming the key file
    );
    if (/[\\/]$/.test(prefix) || isFolder) {
      throw new UsageError(
        `keys generate: --out is a file name prefix, not a folder (got ${JSON.stringify(prefix)}); for example ${JSON.stringify(`${prefix.replace(/[\\/]+$/, '')}/release`)}`,
      );
    }
    const passphrase = unencrypted
      ? undefined
      : readPassphrase(passphraseVariable as string, context.environment);
    const pair = generateKeyPair(algorithm, { passphrase });
    await writeNewFiles([
      { path: `${prefix}.key`, content: pair.privateKeyPem, mode: 0o600 },
      { path: `${prefix}.pub`, content: pair.publicKeyPem, mode: 0o600 },
    ]);
    const protection = pair.encrypted ? `encrypted with $${passphraseVariable}` : 'NOT encrypted';
    context.stderr.write(
      `veriship: wrote ${prefix}.key (${algorithm} private key, ${protection}) and ${prefix}.pub\n`,
    );
    context.stdout.write(`${pair.keyId}\n`);
    return ExitCode.ok;
  },
};
