import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { FileSystem } from '../io/file-system.js';
import { manifestBundleName, manifestName } from './manifest.js';
import { ReleaseError } from './release-error.js';

/** Folders inside dist that veriship writes and owns. */
export const outputFolders = ['sbom', 'provenance', 'scan', 'policy', 'badges'] as const;

/** Whether a top-level dist file is one of ours (a signature, the checksums, the manifest, the summary). */
export function isReleaseOutput(name: string): boolean {
  return (
    name.endsWith('.sigstore.json') ||
    name === 'checksums.txt' ||
    name === manifestName ||
    name === manifestBundleName ||
    name === 'summary.md' ||
    name.startsWith('.')
  );
}

/** `*` matches any run of characters but `/`; everything else is literal. */
function patternMatcher(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  return new RegExp(`^${escaped}$`);
}

/**
 * The artifacts: files directly in dist that veriship did not write, or those matching the configured
 * patterns. Sorted by name, so the release does not depend on directory order.
 */
export async function findArtifacts(
  dist: string,
  patterns: string[] | undefined,
  fileSystem: FileSystem,
): Promise<string[]> {
  if ((await fileSystem.kind(dist)) !== 'directory') {
    throw new ReleaseError({
      code: 'RELEASE_NO_ARTIFACTS',
      file: dist,
      message: 'the dist folder does not exist: build the artifacts first (or set build: in veriship.yaml)',
    });
  }
  const matchers = patterns?.map(patternMatcher);
  const names = (await fileSystem.readDirectory(dist))
    .filter((entry) => entry.isFile && !isReleaseOutput(entry.name))
    .map((entry) => entry.name)
    .filter((name) => matchers === undefined || matchers.some((matcher) => matcher.test(name)))
    .sort();
  if (names.length === 0) {
    throw new ReleaseError({
      code: 'RELEASE_NO_ARTIFACTS',
      file: dist,
      message: patterns
        ? `no file matches artifacts: ${patterns.join(', ')}`
        : 'no artifacts in the dist folder',
    });
  }
  return names.map((name) => join(dist, name));
}

/**
 * Removes what an earlier release wrote (never the artifacts), so a re-run cannot leave a stale signed
 * manifest or a signature of a file that is gone.
 */
export async function removeEarlierOutputs(dist: string, fileSystem: FileSystem): Promise<void> {
  for (const entry of await fileSystem.readDirectory(dist)) {
    const owned = entry.isFile
      ? isReleaseOutput(entry.name) && !entry.name.startsWith('.')
      : (outputFolders as readonly string[]).includes(entry.name);
    if (owned) await rm(join(dist, entry.name), { recursive: true, force: true });
  }
}

/**
 * Refuses a dist folder holding anything besides the artifacts (once earlier outputs are gone): a dotfile
 * (`.gitkeep`), a folder, a link, a file the `artifacts:` patterns leave out. The manifest would not list
 * it, so the published folder would fail verify-release's coverage check; better to stop before signing.
 */
export async function checkNothingElseInDist(
  dist: string,
  artifacts: readonly string[],
  fileSystem: FileSystem,
): Promise<void> {
  const names = new Set(artifacts.map((path) => basename(path)));
  const stray = (await fileSystem.readDirectory(dist))
    .filter((entry) => !(entry.isFile && names.has(entry.name)))
    .map((entry) => (entry.isDirectory ? `${entry.name}/` : entry.name))
    .sort();
  if (stray.length > 0) {
    throw new ReleaseError({
      code: 'RELEASE_DIST_UNCLEAN',
      file: dist,
      message: `${stray.join(', ')}: neither an artifact nor a veriship output, so not in the signed manifest, and verify-release would fail on it; remove it (or match it with artifacts:)`,
    });
  }
}
