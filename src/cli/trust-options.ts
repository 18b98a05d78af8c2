/**
 * Trust options shared by the commands that verify (verify, verify-attestation, policy eval): which keys
 * or which keyless identity a signature must come from.
 */
import { UsageError } from '../errors.js';
import { type Keyring, keyringFromPublicKey, parseKeyring } from '../signing/keyring/keyring.js';
import type { IdentityPolicy } from '../signing/verify/identity.js';
import type { CliContext, ParsedValues } from './command.js';

export function stringOption(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function identityPolicy(command: string, values: ParsedValues): IdentityPolicy | undefined {
  const subject = stringOption(values, 'certificate-identity');
  const subjectPattern = stringOption(values, 'certificate-identity-regexp');
  const issuer = stringOption(values, 'certificate-oidc-issuer');
  if (subject === undefined && subjectPattern === undefined) {
    if (issuer !== undefined)
      throw new UsageError(`${command}: --certificate-oidc-issuer needs --certificate-identity`);
    return undefined;
  }
  if (subject !== undefined && subjectPattern !== undefined) {
    throw new UsageError(`${command}: use --certificate-identity or --certificate-identity-regexp, not both`);
  }
  if (issuer === undefined)
    throw new UsageError(`${command}: keyless verification needs --certificate-oidc-issuer`);
  return subject !== undefined ? { subject, issuer } : { subjectPattern, issuer };
}

export async function readKeyring(
  command: string,
  values: ParsedValues,
  context: CliContext,
): Promise<Keyring | undefined> {
  const key = stringOption(values, 'key');
  const keyring = stringOption(values, 'keyring');
  if (key !== undefined && keyring !== undefined)
    throw new UsageError(`${command}: use --key or --keyring, not both`);
  if (key !== undefined)
    return keyringFromPublicKey((await context.fileSystem.readFile(key)).toString('utf8'), key);
  if (keyring !== undefined)
    return parseKeyring((await context.fileSystem.readFile(keyring)).toString('utf8'), keyring);
  return undefined;
}
