import { basename } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { computeChecksums, formatChecksums } from '../../signing/checksums/create.js';
import { recordFile } from '../record-file.js';
import { inDist, type ReleaseContext } from '../release-context.js';

/** Step 1: `dist/checksums.txt` in sha256sum format, names relative to dist so `sha256sum -c` works there. */
export async function checksumsStep(context: ReleaseContext): Promise<string> {
  const checksums = await computeChecksums(context.artifacts);
  const path = inDist(context, 'checksums.txt');
  await writeFileAtomic(
    path,
    formatChecksums(checksums.map((item) => ({ ...item, name: basename(item.name) }))),
  );
  for (const artifact of context.artifacts) await recordFile(context, artifact, 'artifact');
  await recordFile(context, path, 'checksums');
  return `${context.artifacts.length} artifact(s)`;
}
