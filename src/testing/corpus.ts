import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is src/testing/corpus.ts). */
export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The shared corpus of real files lives beside the repository as `../shared/corpus/`
 * (VERISHIP_CORPUS overrides). Tests read it in place; nothing is copied into the repo.
 */
export const corpusRoot = process.env.VERISHIP_CORPUS ?? resolve(repositoryRoot, '..', 'shared', 'corpus');

export function corpusPath(...segments: string[]): string {
  return join(corpusRoot, ...segments);
}

export function hasCorpus(): boolean {
  return existsSync(corpusRoot);
}

/** `lockfiles/<format>/<project>/<file>` for every project of a format whose file name matches. */
export function corpusLockfiles(format: string, fileName: (name: string) => boolean): string[] {
  const formatDirectory = corpusPath('lockfiles', format);
  const found: string[] = [];
  for (const project of readdirSync(formatDirectory).sort()) {
    const projectDirectory = join(formatDirectory, project);
    for (const name of readdirSync(projectDirectory).sort()) {
      if (fileName(name)) found.push(join(projectDirectory, name));
    }
  }
  return found;
}
