import type { Keyring } from '../../signing/keyring/keyring.js';
import type { ArtifactSource } from '../../signing/verify/artifact.js';
import type { CheckResult } from '../../signing/verify/checks.js';
import type { IdentityPolicy } from '../../signing/verify/identity.js';
import type { TrustedRoot } from '../../signing/verify/trusted-root.js';
import { verifyBundle } from '../../signing/verify/verify-bundle.js';
import { type AttestationFacts, statementFacts } from './attestation-facts.js';
import { type AttestationExpectations, type ContentCheck, checkContent } from './expectations.js';
import {
  type AttestationCandidate,
  payloadTextOf,
  readAttestationCandidates,
  statementOf,
} from './read-attestation.js';
import { repeatedKey } from './repeated-key.js';

export interface VerifyAttestationOptions {
  /** The attestation file's bytes (bundle, DSSE envelope, npm attestations, JSON Lines). */
  attestation: Uint8Array;
  /**
   * The artifact that must be a subject of the statement, as bytes to hash, or as a digest (hex) when
   * only that is at hand: a container image, a file published elsewhere, an npm tarball's sha512.
   */
  artifact: ArtifactSource | ArtifactDigest | undefined;
  keyring?: Keyring;
  trustedRoot?: TrustedRoot;
  identity?: IdentityPolicy;
  expectations: AttestationExpectations;
  now: Date;
}

export interface ArtifactDigest {
  algorithm: 'sha256' | 'sha512';
  hex: string;
}

export interface AttestationVerification {
  /** True only when every check ran and passed: the signature, the subject, and every expectation. */
  verified: boolean;
  /** Which attestation in the file the result is for (`file`, `line 2`, `attestations[0]`). */
  attestation: string;
  checks: (CheckResult | ContentCheck)[];
  /** What the statement says; read from the payload even when verification failed, for diagnosis. */
  facts: AttestationFacts | undefined;
}

/**
 * Verifies an attestation for an artifact: the signature and subject through `verifyBundle` (every
 * Sigstore check), then the statement against the expectations. When a file holds several attestations,
 * the first one that verifies wins; if none does, the one with the fewest failed checks is reported.
 */
export async function verifyAttestation(options: VerifyAttestationOptions): Promise<AttestationVerification> {
  const candidates = readAttestationCandidates(options.attestation);
  let best: AttestationVerification | undefined;
  for (const candidate of candidates) {
    const result = await verifyCandidate(candidate, options);
    if (result.verified) return result;
    if (!best || failures(result) < failures(best)) best = result;
  }
  return (
    best ?? {
      verified: false,
      attestation: 'file',
      checks: [{ check: 'statement-parse', passed: false, reason: 'the file holds no attestation' }],
      facts: undefined,
    }
  );
}

function failures(result: AttestationVerification): number {
  return result.checks.filter((check) => !check.passed).length;
}

async function verifyCandidate(
  candidate: AttestationCandidate,
  options: VerifyAttestationOptions,
): Promise<AttestationVerification> {
  const artifact = options.artifact;
  const byDigest = artifact !== undefined && 'algorithm' in artifact ? artifact : undefined;
  const signature = await verifyBundle({
    bundle: candidate.bundle,
    // Without an artifact (library only) the subject is not checked: the caller matches `facts.subjects`.
    artifact: artifact !== undefined && !('algorithm' in artifact) ? artifact : undefined,
    keyring: options.keyring,
    trustedRoot: options.trustedRoot,
    identity: options.identity,
    now: options.now,
  });
  const checks: (CheckResult | ContentCheck)[] = [...signature.checks];
  const statement = statementOf(candidate);
  let facts: AttestationFacts | undefined;
  if (statement === undefined) {
    checks.push({
      check: 'statement-parse',
      passed: false,
      reason: 'no in-toto statement could be read from the envelope payload',
    });
  } else {
    facts = statementFacts(statement);
    const repeated = repeatedKey(payloadTextOf(candidate) as string);
    checks.push(
      repeated === undefined
        ? { check: 'statement-parse', passed: true }
        : {
            check: 'statement-parse',
            passed: false,
            reason: `the statement repeats the member ${JSON.stringify(repeated)} in one object, so its meaning depends on the JSON parser`,
          },
    );
    if (byDigest !== undefined) checks.push(subjectCheck(facts, byDigest));
    checks.push(...checkContent(statement, facts, options.expectations, options.now));
  }
  // Backstop: the signature verdict and every content check the expectations ask for must be present.
  const required = [
    ...(byDigest !== undefined ? ['dsse-subject'] : []),
    'statement-parse',
    'statement-type',
    'predicate-type',
    'statement-schema',
  ];
  if (options.expectations.builderId !== undefined) required.push('builder-id');
  if (options.expectations.sourceUri !== undefined) required.push('source-uri');
  if (options.expectations.sourceRef !== undefined || options.expectations.sourceVersionedTag !== undefined) {
    required.push('source-ref');
  }
  if (options.expectations.maxAgeMs !== undefined) required.push('max-age');
  const present = new Set<string>(checks.map((check) => check.check));
  const complete = required.every((name) => present.has(name));
  const verified = signature.verified && complete && checks.every((check) => check.passed);
  return { verified, attestation: candidate.label, checks, facts };
}

/** The digest form of `verifyBundle`'s `dsse-subject` check, for an artifact known only by its digest. */
function subjectCheck(facts: AttestationFacts, digest: ArtifactDigest): CheckResult {
  const hex = digest.hex.toLowerCase();
  const subject = facts.subjects.find((item) => item.digest[digest.algorithm]?.toLowerCase() === hex);
  const named = `${digest.algorithm} ${hex}`;
  return subject
    ? {
        check: 'dsse-subject',
        passed: true,
        reason: `${named} is a subject of the statement (${subject.name})`,
      }
    : { check: 'dsse-subject', passed: false, reason: `no subject of the statement has ${named}` };
}
