import { checkStatementV1 } from '../conformance.js';
import { slsaProvenanceV02, statementTypeV1 } from '../statement.js';
import type { AttestationFacts } from './attestation-facts.js';

/**
 * Structural problems of a statement: v1 statements are checked field by field against the in-toto and
 * SLSA v1 specs (`conformance.ts`); pre-v1 statements only for what verification reads (subjects, and a
 * builder id for SLSA v0.2), since their schemas are superseded.
 */
export function conformanceProblems(statement: unknown, facts: AttestationFacts): string[] {
  if (facts.statementType === statementTypeV1) {
    return checkStatementV1(statement).map((issue) => `${issue.path} ${issue.message}`);
  }
  const problems: string[] = [];
  if (facts.subjects.length === 0) problems.push('$.subject has no subject with a digest');
  if (facts.predicateType === slsaProvenanceV02 && facts.builderId === undefined) {
    problems.push('$.predicate.builder.id is required');
  }
  return problems;
}
