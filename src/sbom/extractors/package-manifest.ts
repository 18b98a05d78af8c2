import { posix } from 'node:path';
import type { ProjectComponent } from '../model/component.js';
import { readPackageJson } from '../root/project-manifest.js';
import type { ExtractorInput } from './extractor.js';
import { isRecord, utf8Text } from './extractor.js';

/** The parts of a `package.json` beside a lockfile that say which dependencies are for development. */
export interface PackageManifest {
  project: ProjectComponent;
  dependencies: Map<string, string>;
  devDependencies: Map<string, string>;
  optionalDependencies: Map<string, string>;
  peerDependencies: Map<string, string>;
  /** Yarn `resolutions` (overrides), pattern → range. */
  resolutions: Map<string, string>;
}

export type ManifestRead = { manifest: PackageManifest } | { problem: string };

function stringMap(value: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (!isRecord(value)) return map;
  for (const [name, range] of Object.entries(value)) if (typeof range === 'string') map.set(name, range);
  return map;
}

/**
 * Reads `relativePath` (a package.json) next to the lockfile. A manifest that cannot be read or parsed is a
 * reason, not an error: the lockfile alone still describes every package, only less precisely.
 */
export async function readPackageManifest(
  input: ExtractorInput,
  relativePath: string,
): Promise<ManifestRead> {
  const shown = posix.join(posix.dirname(input.path.replace(/\\/g, '/')), relativePath);
  let content: Buffer;
  try {
    content = await input.readRelative(relativePath);
  } catch (error) {
    return { problem: `${shown} could not be read (${(error as Error).message})` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(utf8Text(content));
  } catch (error) {
    return { problem: `${shown} is not valid JSON (${(error as Error).message})` };
  }
  if (!isRecord(raw)) return { problem: `${shown} is not a JSON object` };
  return {
    manifest: {
      project: readPackageJson(shown, content),
      dependencies: stringMap(raw.dependencies),
      devDependencies: stringMap(raw.devDependencies),
      optionalDependencies: stringMap(raw.optionalDependencies),
      peerDependencies: stringMap(raw.peerDependencies),
      resolutions: stringMap(raw.resolutions),
    },
  };
}
