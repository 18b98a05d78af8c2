import { randomBytes } from 'node:crypto';
import { mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `content` to `path` so that readers see either the old file or the whole new one, never a
 * part: write a temp file in the same directory (same filesystem, so rename is atomic), then rename.
 *
 * Only a regular file (or a new path) is replaced that way. `-o /dev/null`, `-o /dev/stdout` or a named pipe
 * is written through: renaming onto it would replace the device node or the FIFO with a plain file (as root,
 * `/dev/null` itself), and there is no "old content" a reader could see half of. A symbolic link keeps
 * pointing where it did: the file it points to is the one replaced.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  mode = 0o644,
): Promise<void> {
  // Synchronous calls: outputs are written one at a time, and a thread-pool round trip per call costs
  // more than the write (see io/file-system.ts).
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing !== undefined && !existing.isFile() && !existing.isDirectory()) {
    writeFileSync(path, content);
    return;
  }
  const target = existing === undefined ? path : realpathSync(path);
  const directory = dirname(target);
  mkdirSync(directory, { recursive: true });
  const temporary = join(directory, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, content, { mode, flag: 'wx' });
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
