import type { KeyObject } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import { type Signer, type TrustMaterial, toSignedEntity, Verifier } from '@sigstore/verify';

/** `@sigstore/verify` trust material that knows one public key, by its hint, and nothing else. */
export function publicKeyTrustMaterial(keyId: string, publicKey: KeyObject): TrustMaterial {
  return {
    certificateAuthorities: [],
    timestampAuthorities: [],
    tlogs: [],
    ctlogs: [],
    publicKey(hint) {
      if (hint !== keyId) throw new Error(`unknown key hint ${hint}`);
      return { publicKey, validFor: () => true };
    },
  };
}

/**
 * Verifies a key-based bundle (JSON) with Sigstore's own verifier. Such bundles carry no tlog entry, SCT or
 * timestamp, so every threshold is 0; the defaults (1) would reject them.
 * @throws VerificationError from `@sigstore/verify` (or ValidationError from `@sigstore/bundle`)
 */
export function verifyWithSigstoreJs(
  bundle: unknown,
  trustMaterial: TrustMaterial,
  artifact?: Buffer,
): Signer {
  const verifier = new Verifier(trustMaterial, {
    tlogThreshold: 0,
    ctlogThreshold: 0,
    timestampThreshold: 0,
  });
  return verifier.verify(toSignedEntity(bundleFromJSON(bundle), artifact));
}
