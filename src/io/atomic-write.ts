import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { pathProblem } from './path-problems.js';

/**
 * Writes `content` to `path` so that readers see either the old file or the whole new one, never a
 * part: write a temp file in the same directory (same filesystem, so rename is atomic), then rename.
 *
 * Only a regular file (or a new path) is replaced that way. `-o /dev/null`, `-o /dev/stdout` or a named pipe
 * is written through: renaming onto it would replace the device node or the FIFO with a plain file (as root,
 * `/dev/null` itself), and there is no "old content" a reader could see half of. A symbolic link keeps
 * pointing where it did: the file it points to is the one replaced. The new file is never readable by more
 * people than the one it replaces (`mode` narrowed by the old file's permissions: a report the user made
 * private stays private).
 * @throws InputError OUTPUT_UNWRITABLE, naming the path, when it cannot be written for a reason the user can
 *   fix (a folder, a path under a file, no permission, a full disk)
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  mode = 0o644,
): Promise<void> {
  try {
    writeSync(path, content, mode);
  } catch (error) {
    throw unwritable(path, error);
  }
}

/** The codes that make an output path unwritable for a reason the user can fix. */
const unwritableCodes = new Set(['EISDIR', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT']);

/**
 * An fs error on an output path as InputError OUTPUT_UNWRITABLE when the user can fix its cause; any other
 * error is returned as it is. `code` overrides the error's own (mkdir's EEXIST means ENOTDIR to the user).
 */
export function unwritable(
  path: string,
  error: unknown,
  code = (error as NodeJS.ErrnoException).code,
): unknown {
  const problem = code !== undefined && unwritableCodes.has(code) ? pathProblem(code) : undefined;
  if (problem === undefined) return error;
  return new InputError({
    code: 'OUTPUT_UNWRITABLE',
    file: path,
    message: `cannot write: ${problem}${code === 'EISDIR' ? '; name a file' : ''}`,
    cause: error,
  });
}

function writeSync(path: string, content: string | Uint8Array, mode: number): void {
  // Synchronous calls: outputs are written one at a time, and a thread-pool round trip per call costs
  // more than the write (see io/file-system.ts).
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) {
    throw new InputError({
      code: 'OUTPUT_UNWRITABLE',
      file: path,
      message: 'cannot write: is a folder; name a file',
    });
  }
  if (existing !== undefined && !existing.isFile()) {
    writeFileSync(path, content);
    return;
  }
  const target = existing === undefined ? path : realpathSync(path);
  const directory = dirname(target);
  mkdirSync(directory, { recursive: true });
  const temporary = join(directory, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const permissions = existing === undefined ? mode : mode & existing.mode & 0o777;
  try {
    // fsync before the rename: otherwise, after a crash or power loss, the rename can be on disk before the
    // data, and the path holds an empty or partial file, the one thing this function promises it never does.
    const descriptor = openSync(temporary, 'wx', permissions);
    try {
      writeFileSync(descriptor, content);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
