import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError, SbomError, UsageError } from '../errors.js';
import type { FileSystem } from '../io/file-system.js';
import { discoverLockfiles } from './discover.js';
import type { Extractor } from './extractors/extractor.js';
import { extractors as allExtractors } from './extractors/registry.js';
import { buildComponentGraph } from './model/build-graph.js';
import type { ComponentGraph, Ecosystem, Extraction, ProjectComponent } from './model/component.js';
import { manifestNames, readProjectManifest } from './root/project-manifest.js';

export interface CollectOptions {
  /** Project directories or explicit lockfiles/wheels, as the user named them. */
  paths: string[];
  recursive: boolean;
  omitDevelopment: boolean;
  fileSystem: FileSystem;
  extractors?: readonly Extractor[];
  /**
   * Extractor id for explicitly named files whose name does not say their format (`common.txt` holding
   * pinned requirements). Folders are still searched by file name.
   */
  type?: string;
  /** Called after each input is read, for a progress indicator. */
  onProgress?: (done: number, total: number, path: string) => void;
}

interface Input {
  path: string;
  directory: string;
  extractor: Extractor;
  /** The folder `readRelative` may read in (see `readBoundary`). */
  boundary: string;
}

/**
 * Where an input's includes may be read from (pip `-r ../base.txt`): the folder the user named, or for a
 * file named outright, the current folder when the file is in it, else the file's own folder. Beyond it
 * lie files that are not the project's (`-r ../../../.env`), and a line that does not parse would be
 * quoted in an error: a CI log of an untrusted change must not show them.
 */
function readBoundary(scanned: string, isDirectory: boolean): string {
  if (isDirectory) return resolve(scanned);
  const folder = resolve(dirname(scanned));
  return isWithin(resolve('.'), folder) ? resolve('.') : folder;
}

function isWithin(folder: string, path: string): boolean {
  const fromFolder = relative(folder, path);
  return fromFolder === '' || (!fromFolder.startsWith('..') && !isAbsolute(fromFolder));
}

async function resolveInputs(options: CollectOptions, extractors: readonly Extractor[]): Promise<Input[]> {
  const inputs: Input[] = [];
  for (const path of options.paths) {
    const kind = await options.fileSystem.kind(path);
    if (kind === 'directory') {
      const found = await discoverLockfiles(options.fileSystem, path, extractors, options.recursive);
      if (found.length === 0) {
        throw new SbomError({
          code: 'SBOM_NO_LOCKFILE',
          file: path,
          message: `no supported lockfile found${options.recursive ? '' : ' (use --recursive to search subfolders)'}`,
        });
      }
      const boundary = readBoundary(path, true);
      inputs.push(...found.map((lockfile) => ({ ...lockfile, boundary })));
    } else if (kind === 'file') {
      const extractor = options.type
        ? extractors.find((candidate) => candidate.id === options.type)
        : extractors.find((candidate) => candidate.matches(basename(path)));
      if (options.type && !extractor) {
        throw new UsageError(
          `sbom: --type must be one of ${extractors.map((entry) => entry.id).join(', ')} (got ${options.type})`,
        );
      }
      if (!extractor) {
        throw new SbomError({
          code: 'SBOM_LOCKFILE_UNSUPPORTED',
          file: path,
          message: `not a supported input by its name; name its format with --type (${extractors.map((entry) => entry.id).join(', ')})`,
        });
      }
      inputs.push({ path, directory: dirname(path), extractor, boundary: readBoundary(path, false) });
    } else {
      throw new SbomError({ code: 'SBOM_NO_LOCKFILE', file: path, message: 'no such file or folder' });
    }
  }
  return inputs;
}

/** The manifest of a folder for an ecosystem (package.json for npm, pyproject.toml for PyPI). */
async function readManifest(
  fileSystem: FileSystem,
  directory: string,
  ecosystem: Ecosystem | undefined,
): Promise<ProjectComponent | undefined> {
  const names =
    ecosystem === 'pypi' ? ['pyproject.toml'] : ecosystem === 'npm' ? ['package.json'] : manifestNames;
  for (const name of names) {
    const path = join(directory, name);
    if ((await fileSystem.kind(path)) === 'file') {
      return readProjectManifest(path, await fileSystem.readFile(path));
    }
  }
  return undefined;
}

/** The manifest says what the project is; the lockfile fills in what the manifest leaves out. */
function combineProject(
  manifest: ProjectComponent | undefined,
  fromLock: ProjectComponent | undefined,
): ProjectComponent | undefined {
  if (!manifest?.name) return fromLock ?? manifest;
  if (!fromLock) return manifest;
  return { ...fromLock, ...manifest, version: manifest.version ?? fromLock.version };
}

/**
 * An SBOM of one wheel describes that wheel: its package (from METADATA) is `metadata.component`, not
 * the folder the wheel happens to be in, and it carries the wheel file's digest.
 */
function wheelAsRoot(
  inputs: readonly Input[],
  extractions: readonly { extraction: Extraction }[],
): ProjectComponent | undefined {
  const wheel =
    inputs.length === 1 && inputs[0]?.extractor.id === 'python-wheel'
      ? extractions[0]?.extraction.components[0]
      : undefined;
  if (!wheel) return undefined;
  return {
    ecosystem: wheel.ecosystem,
    name: wheel.name,
    version: wheel.version,
    purl: wheel.purl,
    hashes: wheel.hashes,
    ...(wheel.license === undefined ? {} : { license: wheel.license }),
    ...(wheel.description === undefined ? {} : { description: wheel.description }),
  };
}

/**
 * Reads every input, runs its extractor, and merges the results into one graph whose root is the
 * project of the first path. Inputs are read one after another so memory stays bounded.
 */
export async function collectComponentGraph(options: CollectOptions): Promise<ComponentGraph> {
  const extractors = options.extractors ?? allExtractors;
  const inputs = await resolveInputs(options, extractors);
  const rootDirectory = resolve(
    (await options.fileSystem.kind(options.paths[0] ?? '.')) === 'directory'
      ? (options.paths[0] ?? '.')
      : dirname(options.paths[0] ?? '.'),
  );

  const extractions: { source: string; extraction: Extraction; project: ProjectComponent | undefined }[] = [];
  const manifests = new Map<string, ProjectComponent | undefined>();
  for (const [index, input] of inputs.entries()) {
    const content = await options.fileSystem.readFile(input.path);
    const extraction = await input.extractor.extract({
      path: input.path,
      content,
      readRelative: async (relativePath) => {
        const target = join(input.directory, relativePath);
        if (!isWithin(input.boundary, resolve(target))) {
          throw new InputError({
            code: 'INPUT_UNSAFE',
            file: target,
            message: `outside ${input.boundary}, the folder being read; not read`,
          });
        }
        return options.fileSystem.readFile(target);
      },
    });
    const manifestKey = `${resolve(input.directory)}\u0000${input.extractor.ecosystem}`;
    if (!manifests.has(manifestKey)) {
      manifests.set(
        manifestKey,
        await readManifest(options.fileSystem, input.directory, input.extractor.ecosystem),
      );
    }
    const project =
      input.extractor.id === 'python-wheel'
        ? undefined
        : combineProject(manifests.get(manifestKey), extraction.project);
    extractions.push({ source: input.path, extraction, project });
    options.onProgress?.(index + 1, inputs.length, input.path);
  }

  const rootCandidates = extractions.filter(
    (entry) => entry.project && resolve(dirname(entry.source)) === rootDirectory,
  );
  const root: ProjectComponent = rootCandidates[0]?.project ??
    wheelAsRoot(inputs, extractions) ??
    (await readManifest(options.fileSystem, rootDirectory, undefined)) ?? {
      ecosystem: extractions[0]?.extraction.components[0]?.ecosystem ?? 'npm',
      name: basename(rootDirectory),
    };
  const namedRoot = root.name ? root : { ...root, name: basename(rootDirectory) };
  const rootKey = `${namedRoot.ecosystem}:${namedRoot.name}@${namedRoot.version ?? ''}`;

  return buildComponentGraph({
    root: namedRoot,
    extractions: extractions.map(({ source, extraction, project }) => ({
      // Named from the project folder, not as typed: `sbom .`, `sbom app` and `sbom /home/me/app` must give
      // the same bytes, and an absolute path would put the machine's folder layout into the SBOM.
      source: relative(rootDirectory, resolve(source)).split(sep).join('/'),
      extraction,
      project:
        project === undefined ||
        resolve(dirname(source)) === rootDirectory ||
        `${project.ecosystem}:${project.name}@${project.version ?? ''}` === rootKey
          ? null
          : project,
    })),
    omitDevelopment: options.omitDevelopment,
  });
}
