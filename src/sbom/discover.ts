import { join } from 'node:path';
import type { FileSystem } from '../io/file-system.js';
import type { Extractor } from './extractors/extractor.js';

/**
 * Folders that never hold the project's own lockfiles: installed dependencies, VCS metadata, Python
 * virtual environments and tool caches. Scanning them would report what happens to be installed,
 * not what the project locks.
 */
const skippedDirectories = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '__pycache__',
  '__pypackages__',
  '.yarn',
  '.pnpm-store',
  'site-packages',
]);

export interface DiscoveredLockfile {
  path: string;
  directory: string;
  extractor: Extractor;
}

/** Wheels are packages, not lockfiles: read when named explicitly, never picked up from a folder. */
const explicitOnly = new Set(['python-wheel']);

/**
 * Finds the lockfiles in `directory` (and below it with `recursive`), sorted by path.
 * npm docs (npm-shrinkwrap.json): when both exist, npm-shrinkwrap.json wins and package-lock.json is ignored.
 */
export async function discoverLockfiles(
  fileSystem: FileSystem,
  directory: string,
  extractors: readonly Extractor[],
  recursive: boolean,
): Promise<DiscoveredLockfile[]> {
  const found: DiscoveredLockfile[] = [];
  const pending = [directory];
  while (pending.length > 0) {
    const current = pending.shift() as string;
    const entries = (await fileSystem.readDirectory(current)).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (current !== directory && entries.some((entry) => entry.name === 'pyvenv.cfg')) continue;
    const names = new Set(entries.map((entry) => entry.name));
    for (const entry of entries) {
      if (entry.isDirectory) {
        if (recursive && !skippedDirectories.has(entry.name)) pending.push(join(current, entry.name));
        continue;
      }
      if (!entry.isFile) continue;
      if (entry.name === 'package-lock.json' && names.has('npm-shrinkwrap.json')) continue;
      const extractor = extractors.find((candidate) => candidate.matches(entry.name));
      if (extractor && !explicitOnly.has(extractor.id)) {
        found.push({ path: join(current, entry.name), directory: current, extractor });
      }
    }
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : 1));
}
