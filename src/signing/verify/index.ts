export { evaluateKeyTrust, type KeyTrustDecision, type SigningTime } from '../keyring/key-trust.js';
export {
  type KeyRevocation,
  type Keyring,
  type KeyringKey,
  keyringFromPublicKey,
  keysForHint,
  parseKeyring,
} from '../keyring/keyring.js';
export { type ArtifactSource, artifactFromBytes, artifactFromFile } from './artifact.js';
export { bundleMediaTypes } from './bundle.js';
export { type CheckName, type CheckResult, checkNames, type VerificationResult } from './checks.js';
export { compileIdentityPolicy, type IdentityPolicy } from './identity.js';
export { parseTrustedRoot, type TrustedRoot, trustedRootMediaTypes } from './trusted-root.js';
export { type VerifyBundleOptions, verifyBundle } from './verify-bundle.js';
