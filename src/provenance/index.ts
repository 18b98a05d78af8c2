export { type Attestation, attest, attestProvenance, bundlePathFor, serializeStatement } from './attest.js';
export { type ConformanceIssue, checkSlsaProvenanceV1, checkStatementV1 } from './conformance.js';
export type { BuildContext, SourceFacts } from './context/build-context.js';
export { type BuildContextOverrides, detectBuildContext } from './context/detect.js';
export { systemGit } from './context/git-runner.js';
export { type GitRunner, repositoryUrl } from './context/local-git.js';
export {
  type Predicate,
  type PredicateKind,
  predicateFor,
  predicateKinds,
  predicateTypes,
} from './predicates.js';
export { buildProvenancePredicate, type ProvenanceTimes, rfc3339, type SlsaProvenanceV1 } from './slsa-v1.js';
export * from './statement.js';
export { subjectsFromFiles } from './subjects.js';
export { type AttestationFacts, statementFacts } from './verify/attestation-facts.js';
export { parseDuration } from './verify/duration.js';
export {
  type AttestationExpectations,
  type ContentCheck,
  normalizeSourceUri,
  versionedTagMatches,
} from './verify/expectations.js';
export { readAttestationCandidates } from './verify/read-attestation.js';
export {
  type ArtifactDigest,
  type AttestationVerification,
  type VerifyAttestationOptions,
  verifyAttestation,
} from './verify/verify-attestation.js';
