import { signAndRecord } from '../record-file.js';
import { inDist, type ReleaseContext } from '../release-context.js';

/** Step 4: a Sigstore bundle beside each artifact, each SBOM and the checksums file. */
export async function signaturesStep(context: ReleaseContext): Promise<string> {
  const targets: [string, 'artifact' | 'sbom' | 'checksums'][] = [
    ...context.artifacts.map((path) => [path, 'artifact'] as [string, 'artifact']),
    ...[context.facts.projectSbom, ...context.facts.wheelSboms]
      .filter((path): path is string => path !== undefined)
      .map((path) => [path, 'sbom'] as [string, 'sbom']),
    [inDist(context, 'checksums.txt'), 'checksums'],
  ];
  for (const [path, role] of targets) await signAndRecord(context, path, role);
  return `${targets.length} file(s) signed (${describeSigner(context)})`;
}

export function describeSigner(context: ReleaseContext): string {
  const signer = context.signer.describe();
  return 'keyId' in signer ? `key ${signer.keyId.slice(0, 16)}…` : `keyless ${signer.identity}`;
}
