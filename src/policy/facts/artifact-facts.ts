import { basename } from 'node:path';
import type { FileSystem } from '../../io/file-system.js';
import { digestFile } from '../../signing/digest.js';
import type { Keyring } from '../../signing/keyring/keyring.js';
import { artifactFromFile } from '../../signing/verify/artifact.js';
import type { VerificationResult } from '../../signing/verify/checks.js';
import type { IdentityPolicy } from '../../signing/verify/identity.js';
import type { TrustedRoot } from '../../signing/verify/trusted-root.js';
import { verifyBundle } from '../../signing/verify/verify-bundle.js';
import type { ArtifactFact } from '../input-document.js';

/** The trust material a signature must chain to, as `veriship verify` takes it. */
export interface SignatureTrust {
  keyring?: Keyring;
  trustedRoot?: TrustedRoot;
  identity?: IdentityPolicy;
}

/** The verifier's structured signer: set only when the bundle verified. */
function signerOf(result: VerificationResult): { keyId: string | null; identity: string | null } {
  const signer = result.verified ? result.signer : undefined;
  if (!signer) return { keyId: null, identity: null };
  return 'keyId' in signer
    ? { keyId: signer.keyId, identity: null }
    : { keyId: null, identity: signer.identity };
}

/** The `artifacts[]` fact of one file from its digest and, when given, its bundle's verification. */
export function artifactFact(
  path: string,
  sha256: string,
  bundle: { path: string; result: VerificationResult } | undefined,
): ArtifactFact {
  const signer = bundle ? signerOf(bundle.result) : { keyId: null, identity: null };
  return {
    name: basename(path),
    path,
    digest: { sha256 },
    signature: {
      present: bundle !== undefined,
      verified: bundle?.result.verified ?? false,
      bundle: bundle?.path ?? null,
      checks: (bundle?.result.checks ?? []).map((check) => ({
        check: check.check,
        passed: check.passed,
        reason: check.reason ?? null,
      })),
      ...(bundle?.result.verified ? signer : { keyId: null, identity: null }),
    },
  };
}

/**
 * Digests an artifact and verifies `PATH.sigstore.json` beside it (or in `bundleDirectory`) with the
 * Sigstore verifier. A missing bundle is `present: false`, not an error: the rule decides.
 *
 * @throws InputError when the artifact cannot be read
 */
export async function readArtifactFact(
  path: string,
  options: SignatureTrust & { fileSystem: FileSystem; now: Date; bundleDirectory?: string },
): Promise<ArtifactFact> {
  const digest = await digestFile(path);
  const bundlePath = options.bundleDirectory
    ? `${options.bundleDirectory.replace(/\/+$/, '')}/${basename(path)}.sigstore.json`
    : `${path}.sigstore.json`;
  if ((await options.fileSystem.kind(bundlePath)) !== 'file') {
    return artifactFact(path, digest.sha256.toString('hex'), undefined);
  }
  const result = await verifyBundle({
    bundle: await options.fileSystem.readFile(bundlePath),
    artifact: artifactFromFile(path),
    keyring: options.keyring,
    trustedRoot: options.trustedRoot,
    identity: options.identity,
    now: options.now,
  });
  return artifactFact(path, digest.sha256.toString('hex'), { path: bundlePath, result });
}
