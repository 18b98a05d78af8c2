import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { FileSystem } from '../io/file-system.js';
import { manifestBundleName, manifestName, manifestSchema } from './manifest.js';
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
  // verify-release refuses such names on every OS (Windows reads `\` as a separator, `C:` as a drive):
  // better not to make a release that cannot be verified.
  const unportable = (await fileSystem.readDirectory(dist))
    .map((entry) => entry.name)
    .filter((name) => name.includes('\\') || /^[A-Za-z]:/.test(name));
  if (unportable.length > 0) {
    throw new ReleaseError({
      code: 'RELEASE_DIST_UNCLEAN',
      file: dist,
      message: `${unportable.sort().join(', ')}: a name with a backslash or a drive prefix cannot be verified on Windows; rename it`,
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
 * Marks a dist folder whose release is under way: written before the first output, removed just before the
 * signed manifest (which then vouches for the outputs instead). Only with one of the two present does a
 * re-run delete what looks like veriship's outputs.
 */
export const releaseInProgressMarker = '.veriship-release-in-progress';

/** Whether `release.json` in dist is a veriship manifest (not another tool's file of that name). */
async function holdsOurManifest(dist: string, fileSystem: FileSystem): Promise<boolean> {
  try {
    const manifest = JSON.parse((await fileSystem.readFile(join(dist, manifestName))).toString('utf8'));
    return typeof manifest === 'object' && manifest !== null && manifest.schema === manifestSchema;
  } catch {
    return false;
  }
}

/**
 * Removes what an earlier release wrote (never the artifacts), so a re-run cannot leave a stale signed
 * manifest or a signature of a file that is gone. Files and folders with the names veriship writes are
 * deleted only when an earlier veriship release (its manifest, or the marker of one that stopped) says
 * they are veriship's: another tool's `checksums.txt`, a cosign `x.sigstore.json` or the user's own
 * `sbom/` folder are never deleted; the release stops instead, naming them.
 *
 * @throws ReleaseError RELEASE_DIST_UNCLEAN when such names are there without an earlier veriship release
 */
export async function removeEarlierOutputs(dist: string, fileSystem: FileSystem): Promise<void> {
  const entries = await fileSystem.readDirectory(dist);
  const marked = entries.some((entry) => entry.isFile && entry.name === releaseInProgressMarker);
  const owned = entries.filter((entry) =>
    entry.isFile
      ? isReleaseOutput(entry.name) && !entry.name.startsWith('.')
      : (outputFolders as readonly string[]).includes(entry.name),
  );
  if (owned.length > 0 && !marked && !(await holdsOurManifest(dist, fileSystem))) {
    throw new ReleaseError({
      code: 'RELEASE_DIST_UNCLEAN',
      file: dist,
      message: `${owned
        .map((entry) => (entry.isDirectory ? `${entry.name}/` : entry.name))
        .sort()
        .join(
          ', ',
        )}: names veriship writes, but no earlier veriship release is here to say they are its own; veriship does not delete what it did not write: move them out of the dist folder`,
    });
  }
  for (const entry of owned) await rm(join(dist, entry.name), { recursive: true, force: true });
  if (marked) await rm(join(dist, releaseInProgressMarker), { force: true });
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
