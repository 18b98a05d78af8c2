import type { KeyObject } from 'node:crypto';
import type { Signer } from '../keys/signer.js';
import type { BundleJson } from './bundle-json.js';
import { signStatement } from './dsse-bundle.js';
import type { KeylessOptions } from './keyless.js';
import { signFile } from './message-bundle.js';

/** How a command signs: with a key, or keyless (Fulcio and Rekor); files and in-toto statements alike. */
export interface SigningMethod {
  /** The key id, or the identity of a keyless signer once it has signed. */
  describe(): SignerIdentity;
  signFile(path: string): Promise<BundleJson>;
  signStatement(statement: object): Promise<BundleJson>;
  /** The public key, for key-based signing, so a caller can verify what it signed (the release's policy facts). */
  publicKey?: KeyObject;
}

export type SignerIdentity = { keyId: string } | { identity: string; issuer?: string };

export function keySigningMethod(signer: Signer): SigningMethod {
  return {
    describe: () => ({ keyId: signer.keyId }),
    signFile: async (path) => (await signFile(path, signer)).bundle,
    signStatement: (statement) => signStatement(statement, signer),
    publicKey: signer.publicKey,
  };
}

/** Keyless signing; @sigstore/sign loads on first use only. */
export function keylessSigningMethod(options: KeylessOptions): SigningMethod {
  let identity = 'keyless (not signed yet)';
  const issuer = tokenIssuer(options.identityToken);
  const remember = (san: string) => {
    // Node writes the SAN as `URI:https://…` or `email:a@b`; verifiers match the bare value.
    identity = san.replace(/^(URI|email|DNS):/, '');
  };
  return {
    describe: () => ({ identity, ...(issuer ? { issuer } : {}) }),
    async signFile(path) {
      const result = await (await import('./keyless.js')).signFileKeyless(path, options);
      remember(result.identity);
      return result.bundle;
    },
    async signStatement(statement) {
      const result = await (await import('./keyless.js')).signStatementKeyless(statement, options);
      remember(result.identity);
      return result.bundle;
    },
  };
}

/** The `iss` claim of a JWT, read without verifying it (Fulcio does that): what a verifier must expect. */
function tokenIssuer(token: string): string | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof claims?.iss === 'string' ? claims.iss : undefined;
  } catch {
    return undefined;
  }
}
