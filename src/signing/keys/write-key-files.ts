import { randomBytes } from 'node:crypto';
import { access, chmod, link, mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../../errors.js';
import { unwritable } from '../../io/atomic-write.js';

export interface NewFile {
  path: string;
  content: string;
  mode: number;
}

/**
 * Creates each file with `mode`, never replacing an existing one, all or nothing: key files are not
 * something to overwrite by accident. Each is written to a temporary name in the same directory, given
 * its mode, then hard-linked to its final name — `link` fails with EEXIST where `rename` would replace, so
 * the no-clobber check cannot race and a reader never sees a partial key. File systems without hard links
 * fall back to an exclusive create (`wx`).
 * @throws InputError INPUT_UNSAFE when a file already exists; OUTPUT_UNWRITABLE, naming the path, when it
 *   cannot be written for a reason the user can fix (a path under a file, no permission, a full disk)
 */
export async function writeNewFiles(files: readonly NewFile[]): Promise<void> {
  for (const file of files) {
    if (await exists(file.path)) throw alreadyExists(file.path);
  }
  const written: string[] = [];
  for (const file of files) {
    try {
      await writeNewFile(file);
      written.push(file.path);
    } catch (error) {
      await Promise.all(written.map((path) => rm(path, { force: true })));
      throw unwritable(file.path, error);
    }
  }
}

async function writeNewFile(file: NewFile): Promise<void> {
  const directory = dirname(file.path);
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    // A file where a folder is needed: EEXIST when it is the last part of the path, ENOTDIR before that.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw unwritable(file.path, error, 'ENOTDIR');
    throw error;
  }
  const temporary = join(directory, `.${basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, file.content, { mode: file.mode, flag: 'wx' });
    // The mode given to open() is filtered by the umask; set it exactly.
    await chmod(temporary, file.mode);
    try {
      await link(temporary, file.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw alreadyExists(file.path);
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
      await writeExclusive(file);
    }
  } finally {
    await rm(temporary, { force: true });
  }
}

async function writeExclusive(file: NewFile): Promise<void> {
  try {
    await writeFile(file.path, file.content, { mode: file.mode, flag: 'wx' });
    await chmod(file.path, file.mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw alreadyExists(file.path);
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function alreadyExists(path: string): InputError {
  return new InputError({
    code: 'INPUT_UNSAFE',
    file: path,
    message: 'already exists; refusing to overwrite it (remove it or choose another --out)',
  });
}
