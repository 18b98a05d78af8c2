import { UsageError } from '../errors.js';
import type { KeySource } from '../signing/keys/load.js';
import type { OptionSpec, ParsedValues } from './command.js';

/** The key flags of every command that signs with a key (sign, attest, attest provenance). */
export const keyOptions: Record<string, OptionSpec> = {
  key: { type: 'string', value: 'KEY', description: 'private key PEM file' },
  'key-env': {
    type: 'string',
    value: 'NAME',
    description: 'environment variable holding the private key PEM',
  },
  'passphrase-env': {
    type: 'string',
    value: 'NAME',
    description: 'environment variable holding the passphrase of an encrypted key',
  },
};

/** Where the signing key comes from: `--key FILE` or `--key-env NAME`, exactly one. */
export function keySource(
  command: string,
  values: ParsedValues,
  keylessOnly: readonly string[] = [],
): KeySource {
  const path = typeof values.key === 'string' ? values.key : undefined;
  const variable = typeof values['key-env'] === 'string' ? values['key-env'] : undefined;
  for (const option of keylessOnly) {
    if (values[option] !== undefined)
      throw new UsageError(`${command}: --${option} applies to --keyless only`);
  }
  if (path !== undefined && variable !== undefined) {
    throw new UsageError(`${command}: --key and --key-env exclude each other`);
  }
  if (path !== undefined) return { path };
  if (variable !== undefined) return { environmentVariable: variable };
  throw new UsageError(
    keylessOnly.length > 0
      ? `${command}: give --key KEY, --key-env NAME or --keyless`
      : `${command}: give --key KEY or --key-env NAME`,
  );
}
