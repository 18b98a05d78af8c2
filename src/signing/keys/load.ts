import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SigningError } from '../../errors.js';
import type { FileSystem } from '../../io/file-system.js';
import type { Environment } from '../../runtime.js';
import { localKeySigner, type Signer } from './signer.js';

export interface PrivateKeyOptions {
  /** Where the PEM came from, named in errors: a path, or `$NAME` for an environment variable. */
  origin: string;
  passphrase?: string | undefined;
  /** Where the passphrase came from, named in errors (`$NAME`). */
  passphraseOrigin?: string | undefined;
}

const pemLabels = /-----BEGIN ([A-Z0-9 ]+)-----/g;

/**
 * The label of the PEM block to read: the first private key's, else the first block's. A file may hold
 * other blocks before the key, and OpenSSL's PEM reader skips them: `openssl ecparam -genkey` writes
 * `EC PARAMETERS` first, a combined file has the `CERTIFICATE` first.
 */
function keyLabel(text: string): string | undefined {
  const labels = [...text.matchAll(pemLabels)].map((match) => match[1] as string);
  return labels.find((label) => label.endsWith('PRIVATE KEY')) ?? labels[0];
}

/**
 * Parses a PEM private key: PKCS#8 (`PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`) or SEC 1 (`EC PRIVATE KEY`,
 * legacy `Proc-Type: 4,ENCRYPTED` too). Encryption is detected from the PEM itself, so a missing passphrase
 * is reported as such rather than as OpenSSL's "interrupted or cancelled".
 * @throws SigningError SIGNING_KEY_INVALID (not a private key, wrong passphrase), SIGNING_KEY_ENCRYPTED
 *   (encrypted and no passphrase given)
 */
export function parsePrivateKey(pem: string | Uint8Array, options: PrivateKeyOptions): KeyObject {
  // OpenSSL reads a PEM line only from its first column; an indented key (pasted from a YAML or Markdown
  // block) would fail as "DECODER routines::unsupported". No PEM line starts with significant whitespace.
  const text = (typeof pem === 'string' ? pem : Buffer.from(pem).toString('utf8')).replace(/^[ \t]+/gm, '');
  const label = keyLabel(text);
  const invalid = (message: string, cause?: unknown) =>
    new SigningError({ code: 'SIGNING_KEY_INVALID', file: options.origin, message, cause });
  if (label === undefined) throw invalid('not a PEM private key (no -----BEGIN ... PRIVATE KEY----- line)');
  if (label === 'PUBLIC KEY' || label === 'CERTIFICATE') {
    throw invalid(`this is a ${label.toLowerCase()}; signing needs the private key`);
  }
  if (label === 'ENCRYPTED SIGSTORE PRIVATE KEY' || label === 'ENCRYPTED COSIGN PRIVATE KEY') {
    throw invalid('cosign-encrypted keys are not supported; give the key as PKCS#8 PEM');
  }
  if (label === 'OPENSSH PRIVATE KEY') {
    // OpenSSL cannot read ssh-keygen's own format, and would say only "DECODER routines::unsupported".
    throw invalid('OpenSSH-format keys are not supported; give the key as PKCS#8 PEM');
  }
  if (!label.endsWith('PRIVATE KEY')) throw invalid(`a PEM ${label}, not a private key`);
  const encrypted = label === 'ENCRYPTED PRIVATE KEY' || /^Proc-Type:\s*4,\s*ENCRYPTED/m.test(text);
  if (encrypted && options.passphrase === undefined) {
    throw new SigningError({
      code: 'SIGNING_KEY_ENCRYPTED',
      file: options.origin,
      message: 'the private key is encrypted and no passphrase was given (--passphrase-env NAME)',
    });
  }
  try {
    return createPrivateKey(encrypted ? { key: text, passphrase: options.passphrase } : { key: text });
  } catch (error) {
    if (encrypted) {
      const from = options.passphraseOrigin ? ` from ${options.passphraseOrigin}` : '';
      throw invalid(`cannot decrypt the private key with the passphrase${from}: wrong passphrase?`, error);
    }
    throw invalid(`cannot parse the private key: ${(error as Error).message}`, error);
  }
}

/** Where a signing key comes from: a PEM file, or an environment variable holding the PEM (CI secrets). */
export type KeySource = { path: string } | { environmentVariable: string };

export interface ReadSignerOptions {
  key: KeySource;
  /** The environment variable holding the passphrase of an encrypted key. */
  passphraseVariable?: string | undefined;
  environment: Environment;
  fileSystem: FileSystem;
}

/**
 * Loads a local signing key from a file or an environment variable.
 * @throws SigningError SIGNING_KEY_INVALID, SIGNING_KEY_ENCRYPTED, SIGNING_PASSPHRASE_MISSING (the
 *   passphrase variable is unset), SIGNING_ALGORITHM_UNSUPPORTED; InputError when the file cannot be read
 */
export async function readSigner(options: ReadSignerOptions): Promise<Signer> {
  const { key, environment } = options;
  let pem: string | Uint8Array;
  let origin: string;
  if ('path' in key) {
    origin = key.path;
    pem = await options.fileSystem.readFile(key.path);
  } else {
    origin = `$${key.environmentVariable}`;
    const value = environment[key.environmentVariable];
    if (value === undefined || value.trim() === '') {
      throw new SigningError({
        code: 'SIGNING_KEY_INVALID',
        message: `environment variable ${key.environmentVariable} (--key-env) is not set or empty`,
      });
    }
    pem = value;
  }
  const passphrase = readPassphrase(options.passphraseVariable, environment);
  const privateKey = parsePrivateKey(pem, {
    origin,
    passphrase,
    passphraseOrigin: options.passphraseVariable && `$${options.passphraseVariable}`,
  });
  return localKeySigner(privateKey, origin);
}

/**
 * The passphrase held by environment variable `name`, or undefined when no variable is named.
 * @throws SigningError SIGNING_PASSPHRASE_MISSING when the variable is named but unset or empty
 */
export function readPassphrase(name: string | undefined, environment: Environment): string | undefined {
  if (name === undefined) return undefined;
  const value = environment[name];
  if (value === undefined || value === '') {
    throw new SigningError({
      code: 'SIGNING_PASSPHRASE_MISSING',
      message: `environment variable ${name} (--passphrase-env) is not set or empty`,
    });
  }
  return value;
}
