export { type EvaluateOptions, evaluatePolicies } from './evaluate-policy.js';
export { artifactFact, readArtifactFact, type SignatureTrust } from './facts/artifact-facts.js';
export { type CollectInputOptions, collectPolicyInput } from './facts/collect-input.js';
export { policyInputFromJson } from './facts/input-from-json.js';
export { type ProvenanceVerification, provenanceFacts } from './facts/provenance-facts.js';
export { readSbomFacts, sbomFacts } from './facts/sbom-facts.js';
export { scanFacts } from './facts/scan-facts.js';
export { supplierFacts } from './facts/supplier-facts.js';
export { type ProvenanceInputOptions, verifyProvenanceInput } from './facts/verify-provenance-input.js';
export type * from './input-document.js';
export { emptyPolicyInput } from './input-document.js';
export {
  type CompiledPolicy,
  checkPolicySet,
  loadPolicy,
  type PolicyException,
  type PolicyRule,
  policyApiVersion,
  type RuleAction,
} from './load-policy.js';
export { builtinPackYaml } from './packs/builtin.js';
export { PolicyError, type PolicyErrorCode } from './policy-error.js';
export {
  type PolicyResult,
  policyResultSchema,
  type RuleDecision,
  type RuleResult,
} from './policy-result.js';
export { builtinPolicy, readPolicies } from './read-policies.js';
export { formatPolicyTable, formatPolicyTestReport } from './render-result.js';
export {
  type PolicyTestExpectation,
  type PolicyTestOutcome,
  type PolicyTestReport,
  runPolicyTestFile,
  runPolicyTests,
} from './run-policy-tests.js';
