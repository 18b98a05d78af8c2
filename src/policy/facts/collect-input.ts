/**
 * Builds the input document from the files `policy eval` names. The only I/O of the gate: everything
 * after this is pure (house style §2). File access goes through the injected FileSystem, the time comes
 * from the caller's Clock.
 */
import type { FileSystem } from '../../io/file-system.js';
import type { PolicyInput } from '../input-document.js';
import { readArtifactFact, type SignatureTrust } from './artifact-facts.js';
import { provenanceFacts } from './provenance-facts.js';
import { readSbomFacts } from './sbom-facts.js';
import { scanFacts } from './scan-facts.js';
import { supplierFacts } from './supplier-facts.js';
import { verifyProvenanceInput } from './verify-provenance-input.js';

export interface CollectInputOptions extends SignatureTrust {
  sbom?: string;
  scan?: string;
  artifacts: readonly string[];
  /** Where the artifacts' `NAME.sigstore.json` bundles are, when not beside them. */
  bundleDirectory?: string;
  provenance?: string;
  provenanceBundle?: string;
  supplierFacts?: string;
  fileSystem: FileSystem;
  now: Date;
}

/**
 * @throws InputError / PolicyError when a named file cannot be read or is not what it should be (exit 3);
 *   failed signatures are facts (`verified: false`), not errors
 */
export async function collectPolicyInput(options: CollectInputOptions): Promise<PolicyInput> {
  const { fileSystem, now } = options;
  const artifacts = [];
  for (const path of [...options.artifacts].sort()) {
    artifacts.push(await readArtifactFact(path, { ...options, fileSystem, now }));
  }
  const sbom = options.sbom
    ? await readSbomFacts(options.sbom, await fileSystem.readFile(options.sbom))
    : null;
  const scan = options.scan ? scanFacts(options.scan, await fileSystem.readFile(options.scan), now) : null;
  const provenance = options.provenance
    ? provenanceFacts(
        await verifyProvenanceInput({
          provenance: options.provenance,
          bundle: options.provenanceBundle,
          artifacts: options.artifacts,
          keyring: options.keyring,
          trustedRoot: options.trustedRoot,
          identity: options.identity,
          fileSystem,
          now,
        }),
      )
    : null;
  const suppliers = options.supplierFacts
    ? supplierFacts(options.supplierFacts, await fileSystem.readFile(options.supplierFacts))
    : [];
  return { artifacts, sbom, provenance, scan, suppliers };
}
