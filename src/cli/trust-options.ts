/**
 * Trust options shared by the commands that verify (verify, verify-attestation, policy eval): which keys
 * or which keyless identity a signature must come from.
 */
import { UsageError } from '../errors.js';
import { type Keyring, keyringFromPublicKey, parseKeyring } from '../signing/keyring/keyring.js';
import type { IdentityPolicy } from '../signing/verify/identity.js';
import type { CliContext, OptionSpec, ParsedValues } from './command.js';

/** The flags that say whom to trust, shared by every command that verifies signatures. */
export const trustOptionSpecs: Record<string, OptionSpec> = {
  key: { type: 'string', value: 'PUB', description: 'the trusted public key (PEM SubjectPublicKeyInfo)' },
  keyring: {
    type: 'string',
    value: 'KR',
    description: 'a keyring of trusted keys (JSON or YAML, docs/keyring.md)',
  },
  'certificate-identity': {
    type: 'string',
    value: 'X',
    description: "keyless: the signer's identity, exactly",
  },
  'certificate-identity-regexp': {
    type: 'string',
    value: 'R',
    description: "keyless: a regular expression the whole signer's identity must match",
  },
  'certificate-oidc-issuer': {
    type: 'string',
    value: 'I',
    description:
      'keyless: the OIDC issuer of the identity (e.g. https://token.actions.githubusercontent.com)',
  },
  'trusted-root': {
    type: 'string',
    value: 'FILE',
    description: 'Sigstore trusted_root.json (Fulcio, Rekor, CT, TSA)',
  },
};

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
