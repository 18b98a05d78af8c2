import { UsageError } from '../errors.js';
import type { Environment } from '../runtime.js';
import type { KeySource } from '../signing/keys/load.js';
import { readSigner } from '../signing/keys/load.js';
import type { KeylessOptions } from '../signing/sign/keyless.js';
import {
  keylessSigningMethod,
  keySigningMethod,
  type SignerIdentity,
  type SigningMethod,
} from '../signing/sign/signing-method.js';
import type { CliContext, OptionSpec, ParsedValues } from './command.js';

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

/** The keyless flags (`--keyless` and what it needs), shared by every command that signs. */
export const keylessFlagOptions: Record<string, OptionSpec> = {
  keyless: { type: 'boolean', description: 'sign with Fulcio and Rekor instead of a key' },
  'identity-token': { type: 'string', value: 'TOKEN', description: 'OIDC identity token for --keyless' },
  'identity-token-env': {
    type: 'string',
    value: 'NAME',
    description: 'environment variable holding the token (default SIGSTORE_ID_TOKEN)',
  },
  'fulcio-url': {
    type: 'string',
    value: 'URL',
    description: 'Fulcio instance (default https://fulcio.sigstore.dev)',
  },
  'rekor-url': {
    type: 'string',
    value: 'URL',
    description: 'Rekor instance (default https://rekor.sigstore.dev)',
  },
};

export const keylessOnlyOptions = [
  'identity-token',
  'identity-token-env',
  'fulcio-url',
  'rekor-url',
] as const;

/** What keyless signing needs: the OIDC token (flag, or the environment variable) and the service URLs. */
export async function keylessOptions(
  command: string,
  values: ParsedValues,
  environment: Environment,
): Promise<KeylessOptions> {
  for (const option of ['key', 'key-env', 'passphrase-env'] as const) {
    if (values[option] !== undefined)
      throw new UsageError(`${command}: --${option} and --keyless exclude each other`);
  }
  const { identityTokenVariable } = await import('../signing/sign/keyless.js');
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const variable = text('identity-token-env') ?? identityTokenVariable;
  const identityToken = text('identity-token') ?? environment[variable];
  if (!identityToken) {
    throw new UsageError(
      `${command}: --keyless needs an OIDC identity token: give --identity-token TOKEN or set ${variable}`,
    );
  }
  return {
    identityToken,
    fulcioUrl: serviceUrl(command, values, 'fulcio-url'),
    rekorUrl: serviceUrl(command, values, 'rekor-url'),
  };
}

function serviceUrl(
  command: string,
  values: ParsedValues,
  option: 'fulcio-url' | 'rekor-url',
): string | undefined {
  const value = typeof values[option] === 'string' ? (values[option] as string) : undefined;
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${command}: --${option} is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`${command}: --${option} must be an http(s) URL: ${value}`);
  }
  return value.replace(/\/+$/, '');
}

/** A key (`--key`, `--key-env`, `--passphrase-env`) or `--keyless`, as the command's flags say. */
export async function signingMethod(
  command: string,
  values: ParsedValues,
  context: CliContext,
): Promise<SigningMethod> {
  if (values.keyless === true)
    return keylessSigningMethod(await keylessOptions(command, values, context.environment));
  const passphrase = values['passphrase-env'];
  return keySigningMethod(
    await readSigner({
      key: keySource(command, values, keylessOnlyOptions),
      passphraseVariable: typeof passphrase === 'string' ? passphrase : undefined,
      environment: context.environment,
      fileSystem: context.fileSystem,
    }),
  );
}

/** `key 95b561df…` or `keyless https://github.com/…`, for reports. */
export function describeSigner(signer: SignerIdentity): string {
  return 'keyId' in signer ? `key ${signer.keyId}` : `keyless ${signer.identity}`;
}
