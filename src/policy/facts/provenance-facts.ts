import { normalizeSourceUri } from '../../provenance/verify/expectations.js';
import type { AttestationVerification } from '../../provenance/verify/verify-attestation.js';
import type { ProvenanceFact } from '../input-document.js';

/** What the provenance verifier hands the gate: its verdict, every check, and what the statement says. */
export type ProvenanceVerification = Pick<AttestationVerification, 'verified' | 'checks' | 'facts'>;

/**
 * The `provenance` fact. Missing statement fields become empty strings or null, never absent, so a rule
 * comparing `builderId` with an allowlist fails instead of erroring; `verified` is false unless the
 * verifier said so and ran at least one check.
 */
export function provenanceFacts(verification: ProvenanceVerification): ProvenanceFact {
  const facts = verification.facts;
  const sourceUri = facts?.sourceUri ?? '';
  return {
    verified: verification.verified && verification.checks.length > 0,
    checks: verification.checks.map((check) => ({
      check: check.check,
      passed: check.passed,
      reason: check.reason ?? null,
    })),
    predicateType: facts?.predicateType ?? '',
    builderId: facts?.builderId ?? '',
    buildType: facts?.buildType ?? '',
    sourceUri,
    sourceRepository: sourceUri === '' ? '' : normalizeSourceUri(sourceUri),
    sourceRef: facts?.sourceRef ?? null,
    sourceDigest: { ...(facts?.sourceDigest ?? {}) },
    subjects: (facts?.subjects ?? []).map((subject) => ({
      name: subject.name,
      digest: { ...subject.digest },
    })),
    invocationId: facts?.invocationId ?? null,
    startedOn: facts?.startedOn ?? null,
    finishedOn: facts?.finishedOn ?? null,
  };
}
