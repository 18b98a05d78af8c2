import { basename, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { digestFile } from '../signing/digest.js';
import type { Subject } from './statement.js';

/**
 * Subjects for files: each file's name and SHA-256, read in constant memory. The name is the file's base
 * name, as release assets are published (slsa-github-generator and `gh attestation` name subjects so):
 * the statement then does not depend on the directory it was made in. Two files with the same base name
 * would be indistinguishable to a consumer, so that is an error.
 */
export async function subjectsFromFiles(paths: readonly string[]): Promise<Subject[]> {
  const subjects: Subject[] = [];
  const seen = new Map<string, string>();
  for (const path of paths) {
    const name = basename(path);
    const earlier = seen.get(name);
    // `dist/a.tgz` and `./dist/a.tgz` are one file given twice, not two files with one name.
    if (earlier !== undefined && resolve(earlier) !== resolve(path)) {
      throw new InputError({
        code: 'INPUT_UNSUPPORTED',
        file: path,
        message: `has the same name as ${earlier}; subjects are named by file name, so rename one`,
      });
    }
    if (earlier !== undefined) continue;
    seen.set(name, path);
    const { sha256 } = await digestFile(path);
    subjects.push({ name, digest: { sha256: sha256.toString('hex') } });
  }
  return subjects;
}
