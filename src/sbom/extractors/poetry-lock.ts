import type {
  Component,
  Distribution,
  Extraction,
  ExtractionWarning,
  Hash,
  ProjectComponent,
  Property,
} from '../model/component.js';
import { hashFromPrefixedHex } from '../model/hashes.js';
import { normalizePypiName, type Qualifiers } from '../model/purl.js';
import { readPyprojectToml } from '../root/project-manifest.js';
import { type Extractor, type ExtractorInput, isRecord, malformed, unsupported } from './extractor.js';
import {
  indexProjectPage,
  isPypiFileUrl,
  isSdistFileName,
  PYPI_SIMPLE_URL,
  PYTHON_PROPERTIES,
  parseRequirementHead,
  parseToml,
  pypiComponent,
  readSibling,
  vcsLocation,
  withoutCredentials,
} from './python-common.js';
import { developmentOnly } from './reachability.js';

/**
 * Poetry `poetry.lock`, lock-version 1.x and 2.x (Poetry `src/poetry/packages/locker.py`, which reads
 * `>=1,<3`; a missing `lock-version` is 1.0).
 *
 * - 1.x: file digests in `[metadata.files]` keyed by package name (`{file, hash}` lists), or, oldest, in
 *   `[metadata.hashes]` without file names; `category = "main" | "dev"`.
 * - 2.0 (Poetry 1.3+): `files = [{file, hash}]` on each package; still `category`.
 * - 2.1 (Poetry 2.0+): `groups = [...]` (the dependency groups that lead to the package) replace `category`.
 *
 * The lock does not list the project itself: it comes from the pyproject.toml beside the lock
 * (`[project]`, else `[tool.poetry]`), as do the direct dependencies. Licences are not in the lock.
 */
export const poetryLockExtractor: Extractor = {
  id: 'poetry-lock',
  ecosystem: 'pypi',
  matches: (fileName) => fileName === 'poetry.lock',
  extract: extractPoetryLock,
};

/** Poetry's `cdx:poetry` taxonomy name (cyclonedx-property-taxonomy `cdx/poetry.md`), as cyclonedx-py writes it. */
const GROUP_PROPERTY = 'cdx:poetry:group';
/** Poetry's production group: `poetry install --only main` installs exactly these (Poetry docs, "Dependency groups"). */
const MAIN_GROUP = 'main';

type Generation = 1 | 2;

interface Constraint {
  /** A version constraint (`>=1.2,<2`, `^1.2`, `1.2.3`), when the dependency is on a registry release. */
  version: string | undefined;
  /** Limited by `markers` or `python`: the lock may rightly not hold it. */
  conditional: boolean;
  optional: boolean;
  extras: string[];
  /** `git`, `url` or `path` dependencies name their source instead of a version. */
  location: string | undefined;
}

interface Dependency {
  name: string;
  constraints: Constraint[];
}

interface PoetryPackage {
  name: string;
  version: string;
  table: Record<string, unknown>;
  source: Record<string, unknown> | undefined;
  dependencies: Dependency[];
  /** Extra name → normalised names of the optional dependencies it brings in. */
  extras: Map<string, string[]>;
  component: Component;
}

type DependencyKind = 'production' | 'optional' | 'development';

interface RootDependency {
  name: string;
  kind: DependencyKind;
  extras: string[];
  conditional: boolean;
}

/**
 * @throws SbomError SBOM_LOCKFILE_MALFORMED (empty, invalid TOML, no `[metadata]`, a package without
 *   name or version) / SBOM_LOCKFILE_UNSUPPORTED (a lock-version outside 1.x and 2.x)
 */
async function extractPoetryLock(input: ExtractorInput): Promise<Extraction> {
  const { path } = input;
  const lock = parseToml(path, input.content);
  const warnings: ExtractionWarning[] = [];
  const warn = (message: string) => warnings.push({ file: path, message });
  if (!isRecord(lock.metadata)) throw malformed(path, 'no [metadata] table: not a poetry.lock');
  const metadata = lock.metadata;
  generationOf(path, metadata['lock-version']);

  const rawPackages = lock.package ?? [];
  if (!Array.isArray(rawPackages)) throw malformed(path, '`package` is not an array of tables');
  const tables = rawPackages.map((table, index) => {
    if (!isRecord(table)) throw malformed(path, `package #${index + 1} is not a table`);
    if (typeof table.name !== 'string' || table.name === '') {
      throw malformed(path, `package #${index + 1} has no name`);
    }
    if (typeof table.version !== 'string') throw malformed(path, `package ${table.name} has no version`);
    return table as Record<string, unknown> & { name: string; version: string };
  });
  const nameCounts = new Map<string, number>();
  for (const table of tables) {
    const name = normalizePypiName(table.name);
    nameCounts.set(name, (nameCounts.get(name) ?? 0) + 1);
  }
  const packages = tables.map((table) =>
    readPackage(path, table, metadata, (nameCounts.get(normalizePypiName(table.name)) ?? 0) > 1),
  );
  const byName = new Map<string, PoetryPackage[]>();
  for (const poetryPackage of packages) {
    const name = normalizePypiName(poetryPackage.name);
    byName.set(name, [...(byName.get(name) ?? []), poetryPackage]);
  }

  const manifest = await readManifest(input, warn);
  const rootDependencies = manifest?.dependencies ?? [];

  // Extras anyone asks for: only those bring in a package's optional dependencies (PEP 508 extras).
  const requestedExtras = new Map<string, Set<string>>();
  const requestExtras = (name: string, extras: string[]) => {
    const key = normalizePypiName(name);
    const set = requestedExtras.get(key) ?? new Set<string>();
    for (const extra of extras) set.add(extra);
    requestedExtras.set(key, set);
  };
  for (const dependency of rootDependencies) requestExtras(dependency.name, dependency.extras);
  for (const poetryPackage of packages) {
    for (const dependency of poetryPackage.dependencies) {
      requestExtras(
        dependency.name,
        dependency.constraints.flatMap((constraint) => constraint.extras),
      );
    }
  }

  const projectName = manifest?.project === undefined ? undefined : normalizePypiName(manifest.project.name);
  const edges = new Map<string, Set<string>>();
  const dependedOn = new Set<string>();
  for (const poetryPackage of packages) {
    const from = poetryPackage.component.ref;
    const targets = edges.get(from) ?? new Set<string>();
    edges.set(from, targets);
    const wanted = new Set(
      [...(requestedExtras.get(normalizePypiName(poetryPackage.name)) ?? [])].flatMap(
        (extra) => poetryPackage.extras.get(extra) ?? [],
      ),
    );
    for (const dependency of poetryPackage.dependencies) {
      const isOptional = dependency.constraints.every((constraint) => constraint.optional);
      // An optional dependency is installed only through an extra somebody requested.
      if (isOptional && !wanted.has(normalizePypiName(dependency.name))) continue;
      const found = resolve(byName, dependency);
      if (
        found.length === 0 &&
        projectName !== undefined &&
        normalizePypiName(dependency.name) === projectName
      ) {
        // A plugin locked for the project depends on the project itself (gino-starlette → gino).
        if (manifest?.project?.purl !== undefined) targets.add(manifest.project.purl);
        continue;
      }
      if (found.length === 0) {
        if (!dependency.constraints.some((constraint) => constraint.conditional || constraint.optional)) {
          warn(
            `${poetryPackage.name} ${poetryPackage.version} depends on ${dependency.name}, which the lock does not list`,
          );
        }
        continue;
      }
      for (const target of found) {
        if (target.component.ref === from) continue;
        targets.add(target.component.ref);
        dependedOn.add(target.component.ref);
      }
    }
  }

  const direct = new Set<string>();
  const rootsByKind: Record<DependencyKind, string[]> = { production: [], optional: [], development: [] };
  if (manifest !== undefined) {
    for (const dependency of rootDependencies) {
      const found = resolve(byName, {
        name: dependency.name,
        constraints: [
          { version: undefined, conditional: false, optional: false, extras: [], location: undefined },
        ],
      });
      if (found.length === 0 && dependency.kind !== 'optional' && !dependency.conditional) {
        warn(
          `pyproject.toml depends on ${dependency.name}, which the lock does not list (lock out of date?)`,
        );
      }
      for (const target of found) {
        direct.add(target.component.ref);
        rootsByKind[dependency.kind].push(target.component.ref);
      }
    }
  } else {
    for (const poetryPackage of packages) {
      if (!dependedOn.has(poetryPackage.component.ref)) direct.add(poetryPackage.component.ref);
    }
  }

  markDevelopment(packages, edges, rootsByKind, manifest !== undefined);

  const components = new Map<string, Component>();
  for (const poetryPackage of packages) {
    const known = components.get(poetryPackage.component.ref);
    if (known === undefined) components.set(poetryPackage.component.ref, poetryPackage.component);
    else {
      known.development &&= poetryPackage.component.development;
      known.optional &&= poetryPackage.component.optional;
    }
  }
  return {
    ...(manifest?.project === undefined ? {} : { project: manifest.project }),
    components: [...components.values()],
    dependencies: [...edges].map(([ref, targets]) => ({ ref, dependsOn: [...targets].sort() })),
    directDependencies: [...direct].sort(),
    warnings,
  };
}

/** @throws SbomError SBOM_LOCKFILE_UNSUPPORTED outside Poetry's own read range `>=1,<3` */
function generationOf(path: string, lockVersion: unknown): Generation {
  const version = lockVersion === undefined ? '1.0' : String(lockVersion);
  const major = /^(\d+)(?:\.\d+)*$/.exec(version)?.[1];
  if (major === '1' || major === '2') return Number(major) as Generation;
  throw unsupported(path, `lock-version ${JSON.stringify(version)} is not supported (supported: 1.x, 2.x)`);
}

function readPackage(
  path: string,
  table: Record<string, unknown> & { name: string; version: string },
  metadata: Record<string, unknown>,
  nameRepeats: boolean,
): PoetryPackage {
  const { name, version } = table;
  const label = `package ${name} ${version}`;
  const source = isRecord(table.source) ? table.source : undefined;
  const files = lockedFiles(table, metadata, nameRepeats);

  const properties: Property[] = [];
  const groups = Array.isArray(table.groups)
    ? table.groups.filter((group): group is string => typeof group === 'string')
    : typeof table.category === 'string'
      ? [table.category]
      : [];
  for (const group of groups) properties.push({ name: GROUP_PROPERTY, value: group });

  const distributions: Distribution[] = [];
  let qualifiers: Qualifiers | undefined;
  const fileHashes = files.flatMap((file) => (file.hash ? [file.hash] : []));
  const sourceType = typeof source?.type === 'string' ? source.type : 'legacy';
  const url = typeof source?.url === 'string' ? source.url : undefined;
  if (sourceType === 'legacy' || sourceType === 'pypi') {
    // Registry releases keep the bare PURL whatever the index. The lock names files but not their URLs:
    // their digests go on the index's PEP 503 project page they are picked from (as cyclonedx-py's Poetry
    // builder does), never on an invented file URL.
    if (fileHashes.length > 0) {
      distributions.push({
        url: indexProjectPage(withoutCredentials(url ?? PYPI_SIMPLE_URL), name),
        hashes: fileHashes,
      });
    }
  } else if (url === undefined) {
    throw malformed(path, `${label}: [package.source] of type ${sourceType} has no url`);
  } else if (sourceType === 'url') {
    const location = withoutCredentials(url);
    if (!isPypiFileUrl(location)) qualifiers = { download_url: location };
    distributions.push({ url: location, hashes: fileHashes });
  } else if (sourceType === 'file' || sourceType === 'directory') {
    qualifiers = { download_url: `file:${url}` };
    if (table.develop === true) properties.push({ name: PYTHON_PROPERTIES.editable, value: 'true' });
  } else {
    // VCS (Poetry supports git; hg/svn/bzr would be written the same way).
    const reference = typeof source?.reference === 'string' ? source.reference : undefined;
    const resolved = typeof source?.resolved_reference === 'string' ? source.resolved_reference : undefined;
    const location = vcsLocation(sourceType, url, resolved ?? reference);
    qualifiers = { vcs_url: location };
    distributions.push({ url: location, hashes: [] });
    if (reference) properties.push({ name: PYTHON_PROPERTIES.requestedRevision, value: reference });
    if (resolved) properties.push({ name: PYTHON_PROPERTIES.commitId, value: resolved });
  }
  if (typeof source?.subdirectory === 'string') {
    properties.push({ name: PYTHON_PROPERTIES.subdirectory, value: source.subdirectory });
  }

  let component: Component;
  try {
    component = pypiComponent({
      name,
      version,
      qualifiers,
      hashes: componentHashes(files),
      distributions,
      properties,
      description: typeof table.description === 'string' ? table.description : undefined,
      development: developmentFromGroups(table, groups),
      optional: table.optional === true,
    });
  } catch (error) {
    throw malformed(path, `${label}: no valid PURL`, error);
  }
  return {
    name,
    version,
    table,
    source,
    dependencies: readDependencies(path, table.dependencies, label),
    extras: readExtras(table.extras),
    component,
  };
}

/**
 * The lock's own development flag: 1.x/2.0 `category = "dev"`; 2.1 `groups` without `main`. Every group
 * but `main` is installed only on request (`poetry install --only main` leaves them out), so it counts as
 * development. `undefined` when the lock says neither.
 */
function developmentFromGroups(table: Record<string, unknown>, groups: string[]): boolean {
  if (Array.isArray(table.groups)) return !groups.includes(MAIN_GROUP);
  if (typeof table.category === 'string') return table.category !== MAIN_GROUP;
  return false;
}

function markDevelopment(
  packages: PoetryPackage[],
  edges: Map<string, Set<string>>,
  roots: Record<DependencyKind, string[]>,
  hasManifest: boolean,
): void {
  // A lock whose packages carry neither `category` nor `groups` (hand-trimmed): recompute as Poetry
  // would, from the pyproject's groups.
  const unflagged = packages.filter(
    (poetryPackage) =>
      !Array.isArray(poetryPackage.table.groups) && typeof poetryPackage.table.category !== 'string',
  );
  if (unflagged.length === 0 || !hasManifest) return;
  const developmentRefs = developmentOnly(
    [...roots.production, ...roots.optional],
    roots.development,
    (ref) => edges.get(ref) ?? [],
  );
  for (const poetryPackage of unflagged) {
    poetryPackage.component.development = developmentRefs.has(poetryPackage.component.ref);
  }
}

interface LockedFile {
  file: string;
  hash: Hash | undefined;
}

/**
 * The package's files: its own `files` (2.x), else `[metadata.files]` by name (1.x), else the oldest
 * `[metadata.hashes]` (digests without file names). 1.x lists the files of every locked version of a
 * name together, so when a name repeats, only the files named for this version are kept (Poetry itself
 * cannot tell them apart either: "we have no chance to always determine which are the correct files").
 */
function lockedFiles(
  table: Record<string, unknown> & { name: string; version: string },
  metadata: Record<string, unknown>,
  nameRepeats: boolean,
): LockedFile[] {
  const read = (entries: unknown): LockedFile[] =>
    Array.isArray(entries)
      ? entries.flatMap((entry) => {
          if (!isRecord(entry) || typeof entry.file !== 'string') return [];
          const hash = typeof entry.hash === 'string' ? hashFromPrefixedHex(entry.hash) : undefined;
          return [{ file: entry.file, hash }];
        })
      : [];
  if (Array.isArray(table.files)) return read(table.files);
  if (isRecord(metadata.files)) {
    const files = read(lookupByName(metadata.files, table.name));
    if (!nameRepeats) return files;
    return files.filter((file) => fileNameHasVersion(file.file, table.version));
  }
  if (isRecord(metadata.hashes)) {
    const hashes = lookupByName(metadata.hashes, table.name);
    if (!Array.isArray(hashes) || nameRepeats) return [];
    return hashes.flatMap((value) => {
      if (typeof value !== 'string') return [];
      const hash = hashFromPrefixedHex(value.includes(':') ? value : `sha256:${value}`);
      return [{ file: '', hash }];
    });
  }
  return [];
}

function lookupByName(map: Record<string, unknown>, name: string): unknown {
  if (map[name] !== undefined) return map[name];
  const wanted = normalizePypiName(name);
  return Object.entries(map).find(([key]) => normalizePypiName(key) === wanted)?.[1];
}

/** `{name}-{version}.tar.gz` / `{name}-{version}-{tags}.whl` (PEP 625, binary distribution format). */
function fileNameHasVersion(file: string, version: string): boolean {
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`-${escaped}(?:-|\\.(?:tar|zip|tgz|tbz|txz|whl|egg)|$)`, 'i').test(file);
}

/** One hash per algorithm (CycloneDX): the sdist's, else the only file's; several wheels name none. */
function componentHashes(files: LockedFile[]): Hash[] {
  const sdists = files.filter((file) => isSdistFileName(file.file));
  if (sdists.length === 1) return sdists[0]?.hash ? [sdists[0].hash] : [];
  if (files.length === 1) return files[0]?.hash ? [files[0].hash] : [];
  return [];
}

/**
 * `[package.dependencies]`: name → `">=1.0"`, `{version, markers, python, optional, extras}`,
 * `{git|url|path …}`, or a list of such tables for marker-dependent constraints.
 */
function readDependencies(path: string, value: unknown, label: string): Dependency[] {
  if (value === undefined) return [];
  if (!isRecord(value)) throw malformed(path, `${label}: [package.dependencies] is not a table`);
  return Object.entries(value).map(([name, raw]) => ({ name, constraints: readConstraints(raw) }));
}

function readConstraints(raw: unknown): Constraint[] {
  const entries = Array.isArray(raw) ? raw : [raw];
  return entries.map((entry) => {
    if (typeof entry === 'string') {
      return { version: entry, conditional: false, optional: false, extras: [], location: undefined };
    }
    const table = isRecord(entry) ? entry : {};
    const location = [table.git, table.url, table.path].find((value) => typeof value === 'string') as
      | string
      | undefined;
    return {
      version: typeof table.version === 'string' ? table.version : undefined,
      conditional: table.markers !== undefined || table.python !== undefined || table.platform !== undefined,
      optional: table.optional === true,
      extras: Array.isArray(table.extras)
        ? table.extras.filter((extra): extra is string => typeof extra === 'string').map(normalizePypiName)
        : [],
      location,
    };
  });
}

/** `[package.extras]`: extra → PEP 508 requirement strings (`"pysocks (>=1.5.6,!=1.5.7)"`). */
function readExtras(value: unknown): Map<string, string[]> {
  const extras = new Map<string, string[]>();
  if (!isRecord(value)) return extras;
  for (const [extra, requirements] of Object.entries(value)) {
    if (!Array.isArray(requirements)) continue;
    const names = requirements.flatMap((requirement) => {
      const head = typeof requirement === 'string' ? parseRequirementHead(requirement) : undefined;
      return head ? [normalizePypiName(head.name)] : [];
    });
    extras.set(normalizePypiName(extra), names);
  }
  return extras;
}

/**
 * The locked packages a dependency is satisfied by. One locked version of the name is the answer; with
 * several (marker-dependent versions), the ones its constraints allow, or all of them when that cannot be
 * told: an extra edge is better than a missing package.
 */
function resolve(byName: Map<string, PoetryPackage[]>, dependency: Dependency): PoetryPackage[] {
  const candidates = byName.get(normalizePypiName(dependency.name)) ?? [];
  if (candidates.length <= 1) return candidates;
  const chosen = candidates.filter((candidate) =>
    dependency.constraints.some((constraint) => {
      if (constraint.location !== undefined) {
        const url = typeof candidate.source?.url === 'string' ? candidate.source.url : undefined;
        return url !== undefined && sameLocation(url, constraint.location);
      }
      if (candidate.source !== undefined && candidate.source.type !== 'legacy') return false;
      return constraint.version === undefined || allows(constraint.version, candidate.version) !== false;
    }),
  );
  return chosen.length > 0 ? chosen : candidates;
}

function sameLocation(a: string, b: string): boolean {
  const clean = (location: string) =>
    withoutCredentials(location)
      .replace(/^git\+/, '')
      .replace(/\.git$|\/+$/g, '')
      .replace(/^\.\//, '');
  return clean(a) === clean(b);
}

// --- pyproject.toml -------------------------------------------------------------------------------

interface Manifest {
  project: ProjectComponent | undefined;
  dependencies: RootDependency[];
}

async function readManifest(
  input: ExtractorInput,
  warn: (message: string) => void,
): Promise<Manifest | undefined> {
  const fallback =
    'the project is unknown, and the packages no other package depends on are taken as its direct dependencies';
  const read = await readSibling(input, 'pyproject.toml');
  if ('missing' in read) {
    warn(`no pyproject.toml beside the lock: ${fallback}`);
    return undefined;
  }
  if ('problem' in read) {
    warn(`${read.problem}: ${fallback}`);
    return undefined;
  }
  let document: Record<string, unknown>;
  let project: ProjectComponent | undefined;
  try {
    document = parseToml('pyproject.toml', read.content);
    project = readPyprojectToml('pyproject.toml', read.content);
  } catch (error) {
    warn(`pyproject.toml: ${(error as Error).message}: ${fallback}`);
    return undefined;
  }
  return { project: project.name === '' ? undefined : project, dependencies: manifestDependencies(document) };
}

/**
 * The project's direct dependencies: PEP 621 `[project].dependencies` and `optional-dependencies`,
 * PEP 735 `[dependency-groups]`, and Poetry's `[tool.poetry.dependencies]` (an `optional = true` entry is
 * installed only through an extra), `[tool.poetry.dev-dependencies]` (Poetry < 1.2) and
 * `[tool.poetry.group.<name>.dependencies]` (every group but `main` is development).
 */
function manifestDependencies(document: Record<string, unknown>): RootDependency[] {
  const dependencies: RootDependency[] = [];
  const fromRequirements = (requirements: unknown, kind: DependencyKind) => {
    if (!Array.isArray(requirements)) return;
    for (const requirement of requirements) {
      const head = typeof requirement === 'string' ? parseRequirementHead(requirement) : undefined;
      if (head)
        dependencies.push({ name: head.name, kind, extras: head.extras, conditional: head.conditional });
    }
  };
  const fromPoetryTable = (table: unknown, kind: DependencyKind) => {
    if (!isRecord(table)) return;
    for (const [name, raw] of Object.entries(table)) {
      if (name.toLowerCase() === 'python') continue;
      const constraints = readConstraints(raw);
      const optional = constraints.length > 0 && constraints.every((constraint) => constraint.optional);
      dependencies.push({
        name,
        kind: kind === 'production' && optional ? 'optional' : kind,
        extras: constraints.flatMap((constraint) => constraint.extras),
        conditional: constraints.every((constraint) => constraint.conditional),
      });
    }
  };

  const project = isRecord(document.project) ? document.project : {};
  fromRequirements(project.dependencies, 'production');
  if (isRecord(project['optional-dependencies'])) {
    for (const requirements of Object.values(project['optional-dependencies'])) {
      fromRequirements(requirements, 'optional');
    }
  }
  if (isRecord(document['dependency-groups'])) {
    for (const requirements of Object.values(document['dependency-groups'])) {
      fromRequirements(requirements, 'development');
    }
  }
  const tool = isRecord(document.tool) ? document.tool : {};
  const poetry = isRecord(tool.poetry) ? tool.poetry : {};
  fromPoetryTable(poetry.dependencies, 'production');
  fromPoetryTable(poetry['dev-dependencies'], 'development');
  if (isRecord(poetry.group)) {
    for (const [group, table] of Object.entries(poetry.group)) {
      if (isRecord(table))
        fromPoetryTable(table.dependencies, group === MAIN_GROUP ? 'production' : 'development');
    }
  }
  return dependencies;
}

// --- version constraints --------------------------------------------------------------------------

/**
 * PEP 440 "Public version identifiers" (with the normalisations of "Normalization" accepted); the local
 * label is ignored, as it is when comparing against a specifier without one.
 */
const VERSION_PATTERN =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\d*))?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d*))?(?:[-_.]?(dev)[-_.]?(\d*))?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$/i;

interface ParsedVersion {
  epoch: number;
  release: number[];
  /** PEP 440 "Summary of permitted suffixes and relative ordering": `.devN` < `aN` < `bN` < `rcN` < final < `.postN`. */
  order: number[];
  /** A pre- or dev-release, and a post-release (PEP 440 "Exclusive ordered comparison"). */
  prerelease: boolean;
  postrelease: boolean;
}

function parseVersion(version: string): ParsedVersion | undefined {
  const match = VERSION_PATTERN.exec(version.trim());
  if (!match) return undefined;
  const [, epoch, release, preKind, preNumber, postImplicit, postKind, postNumber, devKind, devNumber] =
    match;
  const hasPost = postImplicit !== undefined || postKind !== undefined;
  const hasDev = devKind !== undefined;
  const preRank = preKind === undefined ? undefined : /^a/i.test(preKind) ? 0 : /^b/i.test(preKind) ? 1 : 2;
  // A dev release of a final version (`1.0.dev1`) sorts before that version's pre-releases.
  const pre =
    preRank !== undefined ? [preRank, Number(preNumber || 0)] : hasDev && !hasPost ? [-1, 0] : [3, 0];
  const post = hasPost ? [1, Number(postImplicit ?? (postNumber || 0))] : [0, 0];
  const dev = hasDev ? [0, Number(devNumber || 0)] : [1, 0];
  return {
    epoch: Number(epoch ?? 0),
    release: (release ?? '0').split('.').map(Number),
    order: [...pre, ...post, ...dev],
    prerelease: preKind !== undefined || hasDev,
    postrelease: hasPost,
  };
}

/** Only what choosing among locked versions needs; the vulnerability matcher has its own ordering. */
function compareVersions(a: string, b: string): number | undefined {
  const left = parseVersion(a);
  const right = parseVersion(b);
  if (left === undefined || right === undefined) return undefined;
  if (left.epoch !== right.epoch) return left.epoch - right.epoch;
  // Release segments compare padded with zeros (PEP 440 "Final releases"): 1.0 == 1.0.0.
  for (let index = 0; index < Math.max(left.release.length, right.release.length); index++) {
    const difference = (left.release[index] ?? 0) - (right.release[index] ?? 0);
    if (difference !== 0) return difference;
  }
  for (let index = 0; index < left.order.length; index++) {
    const difference = (left.order[index] ?? 0) - (right.order[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * PEP 440 "Version matching" with a trailing `.*`: the release segments start with `prefix` (the
 * candidate padded with zeros), whatever its pre-, post- or dev-release: `1.0a1` matches `1.0.*`,
 * `1.1.dev1` does not.
 */
function matchesPrefix(version: ParsedVersion, epoch: number, prefix: number[]): boolean {
  return (
    version.epoch === epoch && prefix.every((segment, index) => (version.release[index] ?? 0) === segment)
  );
}

/** Same epoch and release segments (zero-padded): packaging's `base_version` equality. */
function sameRelease(a: ParsedVersion, b: ParsedVersion): boolean {
  return (
    matchesPrefix(a, b.epoch, b.release) &&
    a.release.slice(b.release.length).every((segment) => segment === 0)
  );
}

/**
 * PEP 440 "Exclusive ordered comparison": `<V` allows no pre-release of V unless V is one itself, `>V` no
 * post-release of V unless V is one itself (`<2.0` excludes `2.0rc1`, `>1.0` excludes `1.0.post1`).
 */
function lessThan(version: string, bound: string): boolean | undefined {
  const left = parseVersion(version);
  const right = parseVersion(bound);
  const difference = compareVersions(version, bound);
  if (left === undefined || right === undefined || difference === undefined) return undefined;
  return difference < 0 && !(left.prerelease && !right.prerelease && sameRelease(left, right));
}

function greaterThan(version: string, bound: string): boolean | undefined {
  const left = parseVersion(version);
  const right = parseVersion(bound);
  const difference = compareVersions(version, bound);
  if (left === undefined || right === undefined || difference === undefined) return undefined;
  return difference > 0 && !(left.postrelease && !right.postrelease && sameRelease(left, right));
}

/** The first version past a prefix: `1.2` → `1.3` (for `^`, `~`). */
function bump(release: number[], keep: number): string {
  const kept = release.slice(0, Math.max(1, keep));
  kept[kept.length - 1] = (kept[kept.length - 1] ?? 0) + 1;
  return kept.join('.');
}

/**
 * Whether `version` satisfies a Poetry/PEP 440 constraint (`>=1,<2`, `^1.2`, `~1.2`, `~=1.2`, `1.2.*`,
 * `1.2.3`, `a || b`); `undefined` when it cannot be told.
 */
function allows(constraint: string, version: string): boolean | undefined {
  const alternatives = constraint.split(/\s*\|\|?\s*/);
  let unknown = false;
  for (const alternative of alternatives) {
    const clauses = alternative.split(/\s*,\s*|\s+(?=[<>=!~^])/).filter((clause) => clause.trim() !== '');
    let result: boolean | undefined = true;
    for (const clause of clauses) {
      const verdict = allowsClause(clause.trim(), version);
      if (verdict === false) {
        result = false;
        break;
      }
      if (verdict === undefined) result = undefined;
    }
    if (result === true) return true;
    if (result === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}

function allowsClause(clause: string, version: string): boolean | undefined {
  if (clause === '*' || clause === '') return true;
  const match = /^(===|==|!=|~=|<=|>=|<|>|\^|~)?\s*(.+)$/.exec(clause);
  if (!match) return undefined;
  const operator = match[1] ?? '==';
  const target = (match[2] ?? '').trim();
  if (target.endsWith('.*')) {
    const prefix = /^(?:(\d+)!)?(\d+(?:\.\d+)*)$/.exec(target.slice(0, -2));
    const candidate = parseVersion(version);
    if (!prefix || candidate === undefined) return undefined;
    const inside = matchesPrefix(candidate, Number(prefix[1] ?? 0), (prefix[2] ?? '').split('.').map(Number));
    return operator === '!=' ? !inside : operator === '==' ? inside : undefined;
  }
  const comparison = compareVersions(version, target);
  if (comparison === undefined) return operator === '===' ? version === target : undefined;
  const release = (/^v?(?:\d+!)?(\d+(?:\.\d+)*)/i.exec(target)?.[1] ?? '0').split('.').map(Number);
  const below = (upper: string) => lessThan(version, upper);
  switch (operator) {
    case '==':
    case '===':
      return comparison === 0;
    case '!=':
      return comparison !== 0;
    case '<':
      return lessThan(version, target);
    case '<=':
      return comparison <= 0;
    case '>':
      return greaterThan(version, target);
    case '>=':
      return comparison >= 0;
    case '~=': {
      // PEP 440 "Compatible release": `~=1.4.5` is `>=1.4.5, ==1.4.*`.
      const candidate = parseVersion(version);
      const epoch = Number(/^v?(\d+)!/i.exec(target)?.[1] ?? 0);
      if (candidate === undefined || release.length < 2) return undefined;
      return comparison >= 0 && matchesPrefix(candidate, epoch, release.slice(0, -1));
    }
    case '~':
      // Poetry "Tilde requirements": `~1.2.3` is `>=1.2.3,<1.3.0`; `~1` is `>=1,<2`.
      return comparison >= 0 && below(bump(release, release.length === 1 ? 1 : 2));
    default: {
      // Poetry "Caret requirements": up to the next change of the leftmost non-zero segment.
      const firstNonZero = release.findIndex((segment) => segment !== 0);
      const keep = firstNonZero < 0 ? release.length : firstNonZero + 1;
      return comparison >= 0 && below(bump(release, keep));
    }
  }
}
