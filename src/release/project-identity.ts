import { join } from 'node:path';
import type { FileSystem } from '../io/file-system.js';
import { readProjectManifest } from '../sbom/root/project-manifest.js';
import { ReleaseError } from './release-error.js';

/** The release's name and version: from the config, else package.json, else pyproject.toml. */
export async function projectIdentity(
  project: string,
  configured: { name?: string; version?: string },
  fileSystem: FileSystem,
): Promise<{ name: string; version: string }> {
  let name = configured.name;
  let version = configured.version;
  for (const manifest of ['package.json', 'pyproject.toml']) {
    if (name && version) break;
    const path = join(project, manifest);
    if ((await fileSystem.kind(path)) !== 'file') continue;
    const component = readProjectManifest(path, await fileSystem.readFile(path));
    // A manifest without a name reads as `name: ''` (a tooling-only package.json beside pyproject.toml):
    // empty is missing, so the next manifest still gets its say.
    if (!name) name = component.name;
    if (!version) version = component.version;
  }
  if (!name || !version) {
    throw new ReleaseError({
      code: 'RELEASE_CONFIG_INVALID',
      file: project,
      message:
        'no release name and version: give name and version in veriship.yaml, or a package.json / pyproject.toml that has them',
    });
  }
  return { name, version };
}
