/**
 * The input document a policy's CEL expressions see (docs/policy.md "Input document"). Every field is
 * always present: an absent optional value is `null`, an absent list is `[]`, so that a rule tests
 * `x == null` instead of erroring on a missing key. Only the facts builders create it, and `--explain`
 * prints it as JSON.
 */

export interface CheckFact {
  check: string;
  passed: boolean;
  reason: string | null;
}

export interface ArtifactFact {
  /** The file name (no directory). */
  name: string;
  path: string;
  digest: { sha256: string };
  signature: {
    /** A bundle exists beside the artifact (or was given). */
    present: boolean;
    /** True only when the bundle verified: every check ran and passed. */
    verified: boolean;
    bundle: string | null;
    checks: CheckFact[];
    /** Key-based bundles: the SHA-256 key id of the key that verified the signature. */
    keyId: string | null;
    /** Keyless bundles: the certificate identity (SAN) that passed the identity check. */
    identity: string | null;
  };
}

export interface ComponentFact {
  /** The PURL when there is one, else `name@version`: a stable label for messages and exceptions. */
  id: string;
  bomRef: string | null;
  name: string;
  group: string | null;
  version: string | null;
  purl: string | null;
  type: string;
  scope: string | null;
  /** SPDX ids or expressions, as the SBOM states them. */
  licenses: string[];
  /** Algorithm (CycloneDX spelling: `SHA-256`, `SHA-512`…) to lowercase hex. */
  hashes: Record<string, string>;
  /**
   * Digests of the files the component installs from (each wheel and sdist a pip `--hash` pins), by
   * algorithm; empty when the SBOM records none.
   */
  distributionHashes: Record<string, string[]>;
}

export interface SbomFact {
  file: string;
  format: string;
  specVersion: string;
  /** Schema and reference validation passed (sbom validate). */
  valid: boolean;
  validationErrors: { path: string; message: string }[];
  components: ComponentFact[];
}

export interface ProvenanceFact {
  verified: boolean;
  checks: CheckFact[];
  predicateType: string;
  builderId: string;
  buildType: string;
  /** As the provenance states it, e.g. `git+https://github.com/org/repo@refs/heads/main`. */
  sourceUri: string;
  /** `sourceUri` without `git+`, the `@ref` suffix and a trailing `.git`: `https://github.com/org/repo`. */
  sourceRepository: string;
  sourceRef: string | null;
  sourceDigest: Record<string, string>;
  subjects: { name: string; digest: Record<string, string> }[];
  invocationId: string | null;
  startedOn: string | null;
  finishedOn: string | null;
}

export interface SuppressionFact {
  kind: string;
  status: string;
  justification: string | null;
  detail: string | null;
  document: string;
  statement: string;
  expires: string | null;
  /** An ignore entry whose `expires` is at or before the evaluation time: it no longer suppresses. */
  expired: boolean;
}

export interface FindingFact {
  id: string;
  aliases: string[];
  severity: string;
  score: number | null;
  package: { name: string; ecosystem: string; purl: string; version: string };
  fixedVersions: string[];
  suppressed: SuppressionFact | null;
}

export interface ScanFact {
  file: string;
  source: string;
  findings: FindingFact[];
  notScanned: { name: string; version: string | null; reason: string }[];
}

export interface SupplierFact {
  name: string;
  sbom: string | null;
  signature: { verified: boolean; signer: string | null };
}

export interface PolicyInput {
  artifacts: ArtifactFact[];
  sbom: SbomFact | null;
  provenance: ProvenanceFact | null;
  scan: ScanFact | null;
  suppliers: SupplierFact[];
}

/** The top-level variables of every expression, besides `params`, `now` and (in messages) `item`. */
export const inputVariables = ['artifacts', 'sbom', 'provenance', 'scan', 'suppliers'] as const;

export function emptyPolicyInput(): PolicyInput {
  return { artifacts: [], sbom: null, provenance: null, scan: null, suppliers: [] };
}
