import type { KeylessOptions, KeylessSignature } from './sign/keyless.js';

export { computeChecksums, type FileChecksum, formatChecksums } from './checksums/create.js';
export { formatChecksumLine } from './checksums/format.js';
export {
  type CheckOptions,
  type CheckOutcome,
  type CheckSummary,
  checkChecksums,
} from './checksums/verify.js';
export { consumeFile, digestFile, type FileDigest } from './digest.js';
export { type GeneratedKeyPair, generateKeyPair } from './keys/generate.js';
export { type KeySource, parsePrivateKey, readSigner } from './keys/load.js';
export {
  type KeyAlgorithm,
  keyAlgorithms,
  localKeySigner,
  type MessageSigner,
  type Signer,
} from './keys/signer.js';
export type { BundleJson } from './sign/bundle-json.js';
export { bundleV03MediaType, serializeBundle } from './sign/bundle-json.js';
export { dsseBundle, signDsse, signStatement } from './sign/dsse-bundle.js';
export type { KeylessOptions, KeylessSignature } from './sign/keyless.js';
export { messageSignatureBundle, type SignedFile, signFile, signMessage } from './sign/message-bundle.js';
export {
  keylessSigningMethod,
  keySigningMethod,
  type SignerIdentity,
  type SigningMethod,
} from './sign/signing-method.js';

// Keyless signing loads @sigstore/sign and its HTTP client (~170 ms unbundled), so these load it on first use
// rather than with the library.

/** Keyless signing of an artifact in memory; see `sign/keyless.ts`. */
export async function signMessageKeyless(
  data: Uint8Array,
  options: KeylessOptions,
): Promise<KeylessSignature> {
  return (await import('./sign/keyless.js')).signMessageKeyless(data, options);
}

/** Keyless signing of a file (held in memory); see `sign/keyless.ts`. */
export async function signFileKeyless(
  path: string,
  options: KeylessOptions,
): Promise<KeylessSignature & { sha256: Buffer; size: number }> {
  return (await import('./sign/keyless.js')).signFileKeyless(path, options);
}

/** Keyless signing of an in-toto statement into a DSSE bundle; see `sign/keyless.ts`. */
export async function signStatementKeyless(
  statement: object,
  options: KeylessOptions,
): Promise<KeylessSignature> {
  return (await import('./sign/keyless.js')).signStatementKeyless(statement, options);
}
