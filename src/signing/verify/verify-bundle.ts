import { createPublicKey, type KeyObject } from 'node:crypto';
import { preAuthenticationEncoding } from '../dsse-pae.js';
import { evaluateKeyTrust, type SigningTime } from '../keyring/key-trust.js';
import { type Keyring, type KeyringKey, keysForHint } from '../keyring/keyring.js';
import { type ArtifactScan, type ArtifactSource, scanArtifact } from './artifact.js';
import { type Bundle, parseBundle } from './bundle.js';
import { checkCertificate } from './check-certificate.js';
import { checkTransparencyLog } from './check-transparency-log.js';
import { CheckCollector, type CheckName, type VerificationResult } from './checks.js';
import { inTotoPayloadType, matchStatementSubject } from './dsse.js';
import { bytesEqual } from './encoding.js';
import {
  certificateIssuer,
  certificateSubject,
  compileIdentityPolicy,
  type IdentityPolicy,
} from './identity.js';
import { describeKey, signatureDigestFor, verifySignature } from './signature-algorithm.js';
import { crossCheckBundle } from './sigstore-rules.js';
import { checkTimestamps } from './timestamp.js';
import type { TrustedRoot } from './trusted-root.js';

export interface VerifyBundleOptions {
  /** The bundle file's bytes, unparsed: a parse error is a failed `bundle-parse` check. */
  bundle: Uint8Array;
  /**
   * The signed artifact. Required for message signatures; for a DSSE bundle it is the attestation's
   * subject, and leaving it out (library only) verifies the attestation without the `dsse-subject` check.
   */
  artifact?: ArtifactSource;
  /** Trusted public keys, for bundles whose verification material is a public key. */
  keyring?: Keyring;
  /** The Sigstore trust root: Fulcio CAs, Rekor and CT logs, TSAs. Required for keyless bundles. */
  trustedRoot?: TrustedRoot;
  /** Who must have signed a keyless bundle. */
  identity?: IdentityPolicy;
  /** The verifier's clock: used only for a key's window when no verified signing time exists. */
  now: Date;
}

interface Candidate {
  key: KeyObject;
  digest: string | null | undefined;
  keyringKey: KeyringKey | undefined;
  label: string;
}

/**
 * Verifies a Sigstore bundle offline and reports every check (docs/verify.md). Never throws for a bad
 * bundle: parse errors, unknown versions, unsupported algorithms and mismatches are failed checks. Throws
 * only for bad inputs around it: an unreadable artifact (InputError) or an invalid identity pattern
 * (UsageError).
 */
export async function verifyBundle(options: VerifyBundleOptions): Promise<VerificationResult> {
  const identity = options.identity ? compileIdentityPolicy(options.identity) : undefined;
  const checks = new CheckCollector();
  const bundle = parseBundle(options.bundle, checks);
  if (!bundle) return checks.result();
  crossCheckBundle(options.bundle, bundle.version, checks);

  const candidates = selectCandidates(bundle, options, checks);
  const scan = await readArtifact(bundle, options.artifact, candidates);
  const signer = guard(checks, 'signature', () =>
    checkContent(bundle, options.artifact !== undefined, scan, candidates, checks),
  );

  const signingTimes: SigningTime[] = [];
  guard(checks, 'timestamp', () => checkTimestamps(bundle, options.trustedRoot, signingTimes, checks));
  const signingKey = (signer ?? onlyCandidate(candidates))?.key;
  guard(checks, 'tlog-inclusion', () =>
    checkTransparencyLog({
      bundle,
      trustedRoot: options.trustedRoot,
      signingKey,
      now: options.now,
      signingTimes,
      checks,
    }),
  );

  const material = bundle.material;
  if (material.kind === 'public-key') {
    checkKeyTrust(signer ?? onlyCandidate(candidates), signingTimes, options.now, checks);
  } else {
    guard(checks, 'certificate-chain', () =>
      checkCertificate({ ...material, trustedRoot: options.trustedRoot, identity, signingTimes, checks }),
    );
  }
  for (const check of requiredChecks(bundle, options.artifact !== undefined)) {
    if (!checks.has(check)) checks.fail(check, 'was not run, and every verification of this kind needs it');
  }
  const result = checks.result();
  if (!result.verified) return result;
  if (material.kind === 'public-key') {
    const keyId = (signer ?? onlyCandidate(candidates))?.keyringKey?.keyId;
    return keyId ? { ...result, signer: { keyId } } : result;
  }
  const subject = certificateSubject(material.leaf);
  const { issuer } = certificateIssuer(material.leaf);
  return subject ? { ...result, signer: { identity: subject, ...(issuer ? { issuer } : {}) } } : result;
}

/**
 * The checks without which a bundle of this kind proves nothing. Each phase reports its own checks; this
 * is the backstop that keeps a future code path that skips one from reporting "verified".
 */
function requiredChecks(bundle: Bundle, hasArtifact: boolean): CheckName[] {
  const required: CheckName[] = ['bundle-parse', 'bundle-media-type', 'signature'];
  if (bundle.content.kind === 'message-signature') required.push('artifact-digest');
  else required.push('dsse-payload-type', ...(hasArtifact ? (['dsse-subject'] as const) : []));
  if (bundle.material.kind === 'public-key') required.push('key-trust');
  else required.push('certificate-chain', 'certificate-identity', 'certificate-issuer');
  return required;
}

/**
 * Runs one phase; an exception escaping it (a certificate or token malformed in a way the parsers let
 * through) fails `check` with its message instead of aborting: fail closed, and keep the other results.
 */
function guard<T>(checks: CheckCollector, check: CheckName, phase: () => T): T | undefined {
  try {
    return phase();
  } catch (error) {
    checks.fail(check, `could not be checked: ${(error as Error).message}`);
    return undefined;
  }
}

function onlyCandidate(candidates: Candidate[]): Candidate | undefined {
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** The keys that may have made the signature: the certificate's, or keyring keys by hint. */
function selectCandidates(bundle: Bundle, options: VerifyBundleOptions, checks: CheckCollector): Candidate[] {
  const material = bundle.material;
  if (material.kind === 'certificate') {
    try {
      const key = createPublicKey({ key: material.leaf.publicKey, format: 'der', type: 'spki' });
      return [{ key, digest: signatureDigestFor(key), keyringKey: undefined, label: 'the certificate key' }];
    } catch (error) {
      checks.fail('signature', `the certificate's public key is unreadable: ${(error as Error).message}`);
      return [];
    }
  }
  const keyring = options.keyring;
  if (!keyring) {
    checks.fail(
      'key-trust',
      'the bundle is signed with a public key, but no trusted key was given (--key or --keyring)',
    );
    return [];
  }
  let keys: KeyringKey[];
  if (keyring.source === 'key' || material.hint === undefined) {
    // A key given with --key is the one the user trusts, whatever the (unsigned) hint says.
    keys = keyring.keys;
  } else {
    keys = keysForHint(keyring, material.hint);
    if (keys.length === 0) {
      checks.fail('key-trust', `the bundle names key ${material.hint}, which is not in ${keyring.file}`);
      return [];
    }
  }
  // Non-revoked keys first, so a revoked key is chosen only when no other key verifies.
  return [...keys]
    .sort((a, b) => Number(a.revoked !== undefined) - Number(b.revoked !== undefined))
    .map((keyringKey) => ({
      key: keyringKey.publicKey,
      digest: signatureDigestFor(keyringKey.publicKey),
      keyringKey,
      label: `key ${keyringKey.keyId}`,
    }));
}

async function readArtifact(
  bundle: Bundle,
  artifact: ArtifactSource | undefined,
  candidates: Candidate[],
): Promise<ArtifactScan | undefined> {
  if (!artifact) return undefined;
  const hashes = new Set(['sha256']);
  const verifiers = new Map<number, string>();
  let keepBytes = false;
  if (bundle.content.kind === 'message-signature') {
    // hashedrekord semantics: an ECDSA or RSA message signature is over the digest the bundle declares
    // (sigstore-python signed with P-384 keys over SHA-256); Ed25519 signs the bytes themselves.
    const declared = digestName(bundle.content.digestAlgorithm);
    if (declared) hashes.add(declared);
    for (const [index, candidate] of candidates.entries()) {
      if (candidate.digest === null) keepBytes = true;
      else if (candidate.digest !== undefined && declared) verifiers.set(index, declared);
    }
  }
  return scanArtifact(artifact, { hashes: [...hashes], verifiers, keepBytes });
}

const digestNames: Readonly<Record<string, string>> = {
  SHA2_256: 'sha256',
  SHA2_384: 'sha384',
  SHA2_512: 'sha512',
};

/** The Node digest of a bundle's `HashAlgorithm`; own keys only, as the name comes from the bundle. */
function digestName(algorithm: string): string | undefined {
  return Object.hasOwn(digestNames, algorithm) ? digestNames[algorithm] : undefined;
}

/** artifact-digest / dsse-payload-type / dsse-subject and signature; returns the key that verified. */
function checkContent(
  bundle: Bundle,
  hasArtifact: boolean,
  scan: ArtifactScan | undefined,
  candidates: Candidate[],
  checks: CheckCollector,
): Candidate | undefined {
  const content = bundle.content;
  let verifiesWith: (candidate: Candidate, index: number) => boolean;
  if (content.kind === 'message-signature') {
    const name = digestName(content.digestAlgorithm);
    const computed = name ? scan?.digests.get(name) : undefined;
    if (!hasArtifact || !scan) checks.fail('artifact-digest', 'no artifact was given');
    else if (!name || !computed) {
      checks.fail(
        'artifact-digest',
        `unsupported digest algorithm ${content.digestAlgorithm} (supported: SHA2_256, SHA2_384, SHA2_512)`,
      );
    } else if (!bytesEqual(computed, content.digest)) {
      checks.fail(
        'artifact-digest',
        `the artifact's ${name} is ${computed.toString('hex')}, the bundle's messageDigest is ${content.digest.toString('hex')}`,
      );
    } else {
      checks.pass('artifact-digest', `${name} ${computed.toString('hex')}`);
    }
    verifiesWith = (candidate, index) => {
      if (!scan || content.signature.length === 0) return false;
      if (candidate.digest === null)
        return (
          scan.bytes !== undefined && verifySignature(candidate.key, null, scan.bytes, content.signature)
        );
      try {
        return scan.verifiers.get(index)?.verify(candidate.key, content.signature) ?? false;
      } catch {
        return false;
      }
    };
  } else {
    if (content.payloadType === inTotoPayloadType) checks.pass('dsse-payload-type', inTotoPayloadType);
    else
      checks.fail(
        'dsse-payload-type',
        `payloadType is ${JSON.stringify(content.payloadType)}, expected ${inTotoPayloadType}`,
      );
    const sha256 = scan?.digests.get('sha256');
    if (hasArtifact && sha256) {
      const subject = matchStatementSubject(content.payload, sha256);
      checks.add('dsse-subject', subject.passed, subject.reason);
    }
    // DSSE v1: the signature is over PAE(payloadType, payload), binding the type to the payload.
    const pae = preAuthenticationEncoding(content.payloadType, content.payload);
    // ECDSA P-384/P-521 DSSE signatures are made over SHA-384/SHA-512 by most signers, but over SHA-256
    // by those that take Node's default (sigstore-js); both are accepted, as both commit to the PAE.
    verifiesWith = (candidate) => {
      const digest = candidate.digest;
      if (digest === undefined) return false;
      const digests = digest === null || digest === 'sha256' ? [digest] : [digest, 'sha256'];
      return digests.some((name) => verifySignature(candidate.key, name, pae, content.signature));
    };
  }

  if (candidates.length === 0) {
    if (!checks.has('signature')) checks.fail('signature', 'no trusted key to verify the signature with');
    return undefined;
  }
  if (content.signature.length === 0) {
    checks.fail('signature', 'the signature is empty');
    return undefined;
  }
  const unsupported = candidates.filter((candidate) => candidate.digest === undefined);
  const signer = candidates.find(
    (candidate, index) => candidate.digest !== undefined && verifiesWith(candidate, index),
  );
  if (signer) {
    checks.pass('signature', `${describeKey(signer.key)} signature by ${signer.label} verified`);
  } else if (unsupported.length === candidates.length) {
    checks.fail('signature', `unsupported key type ${describeKey(candidates[0]?.key as KeyObject)}`);
  } else if (!hasArtifact && content.kind === 'message-signature') {
    checks.fail('signature', 'no artifact was given to verify the signature over');
  } else {
    const tried =
      candidates.length === 1 ? (candidates[0] as Candidate).label : `any of ${candidates.length} keys`;
    checks.fail('signature', `the signature does not verify with ${tried}`);
  }
  return signer;
}

function checkKeyTrust(
  candidate: Candidate | undefined,
  signingTimes: readonly SigningTime[],
  now: Date,
  checks: CheckCollector,
): void {
  if (checks.has('key-trust')) return;
  if (!candidate?.keyringKey) {
    checks.fail('key-trust', 'no trusted key verifies the signature');
    return;
  }
  const decision = evaluateKeyTrust(candidate.keyringKey, signingTimes, now);
  checks.add('key-trust', decision.trusted, decision.reason);
}
