import { digestFile } from '../signing/digest.js';
import type { FileRole, ManifestFile } from './manifest.js';
import { type ReleaseContext, releasePath } from './release-context.js';

/** Hashes a written file and records it for the manifest (replacing an earlier record of the same path). */
export async function recordFile(
  context: ReleaseContext,
  path: string,
  role: FileRole,
  links: Pick<ManifestFile, 'signature' | 'signs'> = {},
): Promise<ManifestFile> {
  const { sha256, size } = await digestFile(path);
  const entry: ManifestFile = {
    path: releasePath(context, path),
    role,
    sha256: sha256.toString('hex'),
    size,
    ...links,
  };
  const index = context.files.findIndex((file) => file.path === entry.path);
  if (index >= 0) context.files[index] = entry;
  else context.files.push(entry);
  return entry;
}

/** Signs `path` into `<path>.sigstore.json`, records both, and links them. */
export async function signAndRecord(context: ReleaseContext, path: string, role: FileRole): Promise<void> {
  const { writeFileAtomic } = await import('../io/atomic-write.js');
  const { serializeBundle } = await import('../signing/sign/bundle-json.js');
  const bundlePath = `${path}.sigstore.json`;
  await writeFileAtomic(bundlePath, serializeBundle(await context.signer.signFile(path)));
  const bundle = await recordFile(context, bundlePath, 'signature', { signs: releasePath(context, path) });
  await recordFile(context, path, role, { signature: bundle.path });
  context.facts.signed += 1;
}
