import type { FileSystem } from '../../io/file-system.js';
import { bundlePathFor } from '../../provenance/attest.js';
import { slsaProvenanceV1, slsaProvenanceV02 } from '../../provenance/statement.js';
import {
  type AttestationVerification,
  verifyAttestation,
} from '../../provenance/verify/verify-attestation.js';
import { artifactFromFile } from '../../signing/verify/artifact.js';
import type { SignatureTrust } from './artifact-facts.js';
import type { ProvenanceVerification } from './provenance-facts.js';

export interface ProvenanceInputOptions extends SignatureTrust {
  /** `--provenance F`: the attestation (a bundle, DSSE envelope or JSON Lines), or the plain statement. */
  provenance: string;
  /** `--bundle B`: the bundle carrying the attestation's signature, when it is a separate file. */
  bundle: string | undefined;
  /** The `--artifact` files: the attestation must name them as subjects. */
  artifacts: readonly string[];
  fileSystem: FileSystem;
  now: Date;
}

/**
 * The one place the gate calls the provenance verifier (`verifyAttestation`). The signed attestation is
 * `--bundle`, else the bundle `veriship attest provenance` writes beside a plain statement
 * (`provenance.json` → `provenance.sigstore.json`), else `--provenance` itself. Each artifact must be a
 * subject: the verification passes only if it passes for every one of them. The gate's rules judge the
 * builder and source, so no expectation beyond SLSA provenance is imposed here.
 */
export async function verifyProvenanceInput(
  options: ProvenanceInputOptions,
): Promise<ProvenanceVerification> {
  const beside = bundlePathFor(options.provenance);
  const signed =
    options.bundle ?? ((await options.fileSystem.kind(beside)) === 'file' ? beside : options.provenance);
  const attestation = await options.fileSystem.readFile(signed);
  const verify = (artifact: string | undefined): Promise<AttestationVerification> =>
    verifyAttestation({
      attestation,
      artifact: artifact === undefined ? undefined : artifactFromFile(artifact),
      keyring: options.keyring,
      trustedRoot: options.trustedRoot,
      identity: options.identity,
      expectations: { predicateTypes: [slsaProvenanceV1, slsaProvenanceV02], statementType: 'any' },
      now: options.now,
    });
  if (options.artifacts.length === 0) return verify(undefined);
  const results = [];
  for (const artifact of options.artifacts) results.push(await verify(artifact));
  const [first] = results as [AttestationVerification, ...AttestationVerification[]];
  const subjectChecks = results
    .slice(1)
    .flatMap((result) => result.checks.filter((check) => check.check === 'dsse-subject'));
  return {
    verified: results.every((result) => result.verified),
    checks: [...first.checks, ...subjectChecks],
    facts: first.facts,
  };
}
