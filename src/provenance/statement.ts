/**
 * in-toto Attestation Framework, Statement layer
 * (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md).
 */
export const statementTypeV1 = 'https://in-toto.io/Statement/v1';
/** The pre-v1 statement type, still written by SLSA v0.2 generators and older npm provenance. */
export const statementTypeV01 = 'https://in-toto.io/Statement/v0.1';

export const slsaProvenanceV1 = 'https://slsa.dev/provenance/v1';
export const slsaProvenanceV02 = 'https://slsa.dev/provenance/v0.2';

/** A digest set: algorithm name (lower case, e.g. `sha256`, `gitCommit`) → lower-case hex. */
export type DigestSet = Record<string, string>;

/** spec/v1/resource_descriptor.md: at least one of uri, digest, content must be set. */
export interface ResourceDescriptor {
  name?: string;
  uri?: string;
  digest?: DigestSet;
  content?: string;
  downloadLocation?: string;
  mediaType?: string;
  annotations?: Record<string, unknown>;
}

export interface Subject {
  name: string;
  digest: DigestSet;
}

export interface Statement<Predicate = unknown> {
  _type: string;
  subject: Subject[];
  predicateType: string;
  predicate: Predicate;
}

/**
 * A Statement v1 with its fields in the spec's order. Subjects are sorted by name, then digest, so the
 * statement does not depend on the order files were given in.
 */
export function buildStatement<Predicate>(
  subjects: readonly Subject[],
  predicateType: string,
  predicate: Predicate,
): Statement<Predicate> {
  const sorted = [...subjects].sort(
    (a, b) => compareCodePoints(a.name, b.name) || compareCodePoints(digestKey(a), digestKey(b)),
  );
  return { _type: statementTypeV1, subject: sorted, predicateType, predicate };
}

function digestKey(subject: Subject): string {
  return Object.entries(subject.digest)
    .map(([algorithm, value]) => `${algorithm}:${value}`)
    .sort()
    .join(',');
}

export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
