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
import { normalizePypiName, pypiPurl, type Qualifiers } from '../model/purl.js';
import { type Extractor, type ExtractorInput, isRecord, malformed, unsupported } from './extractor.js';
import {
  addComponent,
  isPypiFileUrl,
  PYTHON_PROPERTIES,
  parseToml,
  pypiComponent,
  vcsLocation,
  withoutCredentials,
} from './python-common.js';
import { reachable } from './reachability.js';

/**
 * uv `uv.lock` (uv docs, "Lockfile"; the format is uv's `crates/uv-resolver/src/lock/mod.rs`).
 *
 * One `[[package]]` per locked name/version/source. The project is the package whose source is
 * `{ editable = "." }` or `{ virtual = "." }` (uv `Lock::root`); other workspace members (named in
 * `[manifest] members`) are components with the PURL a release of them would carry, as pnpm workspace
 * packages are. A dependency entry names its package by name alone unless the lock holds that name more
 * than once (different versions for different markers), in which case it adds `version` and/or `source`.
 *
 * Markers are not evaluated: the lock is universal (every platform's packages), and so is the SBOM.
 * Licences are not in the lock, so `license` stays undefined.
 */
export const uvLockExtractor: Extractor = {
  id: 'uv-lock',
  ecosystem: 'pypi',
  matches: (fileName) => fileName === 'uv.lock',
  extract: extractUvLock,
};

/** uv `VERSION`: the only schema version uv has written; a new one would be a breaking change. */
const SUPPORTED_VERSION = 1;
/**
 * uv `REVISION`: revisions are backwards compatible ("versions of uv that only support revision 1 will be
 * able to read lockfiles with a revision greater than 1, though they may ignore newer fields").
 */
const NEWEST_KNOWN_REVISION = 3;

type SourceTreeKind = 'path' | 'directory' | 'editable' | 'virtual';
const SOURCE_TREE_KINDS: readonly SourceTreeKind[] = ['path', 'directory', 'editable', 'virtual'];

type UvSource =
  | { kind: 'registry'; location: string }
  | { kind: 'git'; url: string }
  | { kind: 'url'; url: string; subdirectory: string | undefined }
  | { kind: SourceTreeKind; path: string };

interface Requirement {
  name: string;
  version: string | undefined;
  source: UvSource | undefined;
  extras: string[];
}

interface UvPackage {
  name: string;
  version: string | undefined;
  source: UvSource;
  /** name, version and source: uv's `PackageId`, unique in a valid lock. */
  key: string;
  table: Record<string, unknown>;
  dependencies: Requirement[];
  optionalDependencies: Map<string, Requirement[]>;
  groups: Map<string, Requirement[]>;
  /** The component's ref, or the project's PURL for the root. */
  ref: string;
}

/**
 * @throws SbomError SBOM_LOCKFILE_MALFORMED (empty, invalid TOML, missing fields) /
 *   SBOM_LOCKFILE_UNSUPPORTED (a `version` other than 1)
 */
async function extractUvLock(input: ExtractorInput): Promise<Extraction> {
  const { path } = input;
  const lock = parseToml(path, input.content);
  const warnings: ExtractionWarning[] = [];
  const warn = (message: string) => warnings.push({ file: path, message });
  checkVersion(path, lock, warn);

  // uv ≤0.2 wrote `[[distribution]]`; uv still reads it (`alias = "distribution"`).
  const rawPackages = lock.package ?? lock.distribution ?? [];
  if (!Array.isArray(rawPackages)) throw malformed(path, '`package` is not an array of tables');
  const packages = rawPackages.map((table, index) => readPackage(path, table, index));

  const byName = new Map<string, UvPackage[]>();
  for (const uvPackage of packages) {
    const name = normalizePypiName(uvPackage.name);
    byName.set(name, [...(byName.get(name) ?? []), uvPackage]);
  }
  const members = new Set(
    (isRecord(lock.manifest) && Array.isArray(lock.manifest.members) ? lock.manifest.members : [])
      .filter((member): member is string => typeof member === 'string')
      .map(normalizePypiName),
  );

  const root = packages.find(isRoot);
  let project: ProjectComponent | undefined;
  if (root !== undefined) {
    try {
      root.ref = pypiPurl(root.name, root.version);
    } catch (error) {
      throw malformed(path, `package ${JSON.stringify(root.name)} has no valid PURL`, error);
    }
    project = {
      ecosystem: 'pypi',
      name: root.name,
      ...(root.version ? { version: root.version } : {}),
      purl: root.ref,
    };
  }
  // Workspace members other than the root are part of the project: components nothing must hang off.
  const workspace = packages.filter(
    (uvPackage) =>
      uvPackage !== root &&
      (uvPackage.source.kind === 'editable' || uvPackage.source.kind === 'virtual') &&
      members.has(normalizePypiName(uvPackage.name)),
  );

  const components = new Map<string, Component>();
  const componentOf = new Map<UvPackage, Component>();
  for (const uvPackage of packages) {
    if (uvPackage === root) continue;
    const component = addComponent(components, toComponent(path, uvPackage, workspace.includes(uvPackage)));
    uvPackage.ref = component.ref;
    componentOf.set(uvPackage, component);
  }

  const resolved = new Map<Requirement, UvPackage[]>();
  const resolve = (holder: UvPackage, requirement: Requirement): UvPackage[] => {
    const known = resolved.get(requirement);
    if (known !== undefined) return known;
    let candidates = byName.get(normalizePypiName(requirement.name)) ?? [];
    if (requirement.version !== undefined) {
      candidates = candidates.filter((candidate) => candidate.version === requirement.version);
    }
    if (requirement.source !== undefined) {
      const wanted = sourceKey(requirement.source);
      candidates = candidates.filter((candidate) => sourceKey(candidate.source) === wanted);
    }
    if (candidates.length === 0) {
      warn(
        `${describe(holder)} depends on ${describeRequirement(requirement)}, which the lock does not list`,
      );
    } else if (candidates.length > 1) {
      // uv itself refuses such a lock (`MissingDependencySource`); keeping every candidate loses no package.
      warn(
        `${describe(holder)} depends on ${requirement.name} without saying which of its ${candidates.length} locked versions: linked to all`,
      );
    }
    resolved.set(requirement, candidates);
    return candidates;
  };

  // Graph nodes are packages (`key`) and package extras (`key[extra]`): an extra brings in the package
  // itself and its `optional-dependencies` entry for that extra (PEP 508 extras, uv `Dependency::extra`).
  const successors = new Map<string, string[]>();
  const edges = new Map<string, Set<string>>();
  const addSuccessors = (node: string, targets: string[]) =>
    successors.set(node, [...(successors.get(node) ?? []), ...targets]);
  const nodesOf = (holder: UvPackage, requirements: Requirement[]): string[] => {
    const nodes: string[] = [];
    for (const requirement of requirements) {
      for (const target of resolve(holder, requirement)) {
        nodes.push(target.key, ...requirement.extras.map((extra) => extraNode(target, extra)));
        if (holder !== root && target.ref !== holder.ref) {
          const set = edges.get(holder.ref) ?? new Set<string>();
          set.add(target.ref);
          edges.set(holder.ref, set);
        }
      }
    }
    return nodes;
  };
  const direct = new Set<string>();
  const productionRoots: string[] = [];
  const optionalRoots: string[] = [];
  const developmentRoots: string[] = [];
  for (const uvPackage of packages) {
    if (componentOf.has(uvPackage)) edges.set(uvPackage.ref, edges.get(uvPackage.ref) ?? new Set());
    const required = nodesOf(uvPackage, uvPackage.dependencies);
    addSuccessors(uvPackage.key, required);
    const extras: string[] = [];
    for (const [extra, requirements] of uvPackage.optionalDependencies) {
      const nodes = nodesOf(uvPackage, requirements);
      addSuccessors(extraNode(uvPackage, extra), [uvPackage.key, ...nodes]);
      extras.push(...nodes);
    }
    const groups = [...uvPackage.groups.values()].flatMap((requirements) => nodesOf(uvPackage, requirements));
    if (uvPackage === root || workspace.includes(uvPackage)) {
      // The project's own dependencies decide the flags; its dev groups (PEP 735 / `tool.uv.dev-dependencies`)
      // are development, its extras optional. A workspace member's are the project's too.
      productionRoots.push(...required, ...(uvPackage === root ? [] : [uvPackage.key]));
      optionalRoots.push(...extras);
      developmentRoots.push(...groups);
    }
  }
  if (root !== undefined) {
    const rootRequirements = [
      ...root.dependencies,
      ...[...root.optionalDependencies.values()].flat(),
      ...[...root.groups.values()].flat(),
    ];
    for (const requirement of rootRequirements) {
      for (const target of resolve(root, requirement)) if (target !== root) direct.add(target.ref);
    }
  }
  for (const member of workspace) direct.add(member.ref);

  const next = (node: string) => successors.get(node) ?? [];
  const production = reachable(productionRoots, next);
  const optional = reachable(optionalRoots, next);
  const development = reachable(developmentRoots, next);
  // Unreached packages (left over in the lock) are treated as shipped: without proof otherwise.
  const flags = new Map<Component, { development: boolean; optional: boolean }>();
  for (const [uvPackage, component] of componentOf) {
    const isProduction = production.has(uvPackage.key);
    const isOptional = !isProduction && optional.has(uvPackage.key);
    const isDevelopment = !isProduction && !isOptional && development.has(uvPackage.key);
    // Two packages with one ref (one release from two indexes) keep a flag only if both have it.
    const known = flags.get(component);
    flags.set(component, {
      development: (known?.development ?? true) && isDevelopment,
      optional: (known?.optional ?? true) && isOptional,
    });
  }
  for (const [component, flag] of flags) {
    component.development = flag.development;
    component.optional = flag.optional;
  }

  return {
    ...(project === undefined ? {} : { project }),
    components: [...components.values()],
    dependencies: [...edges].map(([ref, targets]) => ({ ref, dependsOn: [...targets].sort() })),
    directDependencies: [...direct].sort(),
    warnings,
  };
}

function checkVersion(path: string, lock: Record<string, unknown>, warn: (message: string) => void): void {
  const { version, revision } = lock;
  if (version === undefined) throw malformed(path, 'no `version`: not a uv lockfile');
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw malformed(path, `\`version\` ${JSON.stringify(version)} is not an integer`);
  }
  if (version !== SUPPORTED_VERSION) {
    throw unsupported(path, `uv.lock version ${version} is not supported (supported: ${SUPPORTED_VERSION})`);
  }
  if (revision === undefined) return;
  if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 0) {
    throw malformed(path, `\`revision\` ${JSON.stringify(revision)} is not a non-negative integer`);
  }
  if (revision > NEWEST_KNOWN_REVISION) {
    warn(
      `uv.lock revision ${revision} is newer than revision ${NEWEST_KNOWN_REVISION}, the newest this reader knows: fields added since are ignored`,
    );
  }
}

function readPackage(path: string, table: unknown, index: number): UvPackage {
  const where = `package #${index + 1}`;
  if (!isRecord(table)) throw malformed(path, `${where} is not a table`);
  if (typeof table.name !== 'string' || table.name === '') throw malformed(path, `${where} has no name`);
  const label = `package ${table.name}`;
  if (table.version !== undefined && typeof table.version !== 'string') {
    throw malformed(path, `${label}: \`version\` is not a string`);
  }
  const source = readSource(path, table.source, label);
  if (source === undefined) throw malformed(path, `${label} has no \`source\``);
  // uv writes no version only for source trees whose version is dynamic (uv `PackageId`).
  if (table.version === undefined && source.kind === 'registry') {
    throw malformed(path, `${label} comes from a registry but has no version`);
  }
  const name = table.name;
  const version = table.version;
  const groupTables = table['dev-dependencies'] ?? table['dependency-groups'];
  return {
    name,
    version,
    source,
    key: `${normalizePypiName(name)}\u0000${version ?? ''}\u0000${sourceKey(source)}`,
    table,
    dependencies: readRequirements(path, table.dependencies, `${label} dependencies`),
    optionalDependencies: readRequirementMap(
      path,
      table['optional-dependencies'],
      `${label} optional-dependencies`,
    ),
    groups: readRequirementMap(path, groupTables, `${label} dev-dependencies`),
    ref: '',
  };
}

function readSource(path: string, value: unknown, label: string): UvSource | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    // uv 0.2 previews wrote `source = "registry+https://…"`; no released uv reads that any more.
    throw unsupported(path, `${label}: a \`source\` string is from a preview uv; run \`uv lock\` again`);
  }
  if (!isRecord(value)) throw malformed(path, `${label}: \`source\` is not a table`);
  if (typeof value.registry === 'string') return { kind: 'registry', location: value.registry };
  if (typeof value.git === 'string') return { kind: 'git', url: value.git };
  if (typeof value.url === 'string') {
    const subdirectory = typeof value.subdirectory === 'string' ? value.subdirectory : undefined;
    return { kind: 'url', url: value.url, subdirectory };
  }
  for (const kind of SOURCE_TREE_KINDS) {
    const location = value[kind];
    if (typeof location === 'string') return { kind, path: location };
  }
  throw malformed(path, `${label}: unknown \`source\` ${JSON.stringify(value)}`);
}

function readRequirements(path: string, value: unknown, label: string): Requirement[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw malformed(path, `${label} is not an array`);
  return value.map((entry) => {
    if (!isRecord(entry) || typeof entry.name !== 'string') {
      throw malformed(path, `${label}: an entry has no name`);
    }
    const extras = Array.isArray(entry.extra)
      ? entry.extra.filter((extra): extra is string => typeof extra === 'string').map(normalizePypiName)
      : [];
    return {
      name: entry.name,
      version: typeof entry.version === 'string' ? entry.version : undefined,
      source: readSource(path, entry.source, label),
      extras,
    };
  });
}

function readRequirementMap(path: string, value: unknown, label: string): Map<string, Requirement[]> {
  const map = new Map<string, Requirement[]>();
  if (value === undefined) return map;
  if (!isRecord(value)) throw malformed(path, `${label} is not a table`);
  for (const [group, requirements] of Object.entries(value)) {
    map.set(normalizePypiName(group), readRequirements(path, requirements, `${label}.${group}`));
  }
  return map;
}

function sourceKey(source: UvSource): string {
  switch (source.kind) {
    case 'registry':
      return `registry:${source.location}`;
    case 'git':
      return `git:${source.url}`;
    case 'url':
      return `url:${source.url}#${source.subdirectory ?? ''}`;
    default:
      return `${source.kind}:${normalizeFolder(source.path)}`;
  }
}

function normalizeFolder(folder: string): string {
  const normalized = folder
    .replace(/\\/g, '/')
    .replace(/^(?:\.\/)+/, '')
    .replace(/\/+$/, '');
  return normalized === '' ? '.' : normalized;
}

/** uv `Lock::root`: the source tree at the workspace root, editable or virtual. */
function isRoot(uvPackage: UvPackage): boolean {
  const { source } = uvPackage;
  return (source.kind === 'editable' || source.kind === 'virtual') && normalizeFolder(source.path) === '.';
}

function extraNode(uvPackage: UvPackage, extra: string): string {
  return `${uvPackage.key}[${extra}]`;
}

function describe(uvPackage: UvPackage): string {
  return uvPackage.version === undefined ? uvPackage.name : `${uvPackage.name} ${uvPackage.version}`;
}

function describeRequirement(requirement: Requirement): string {
  return requirement.version === undefined ? requirement.name : `${requirement.name} ${requirement.version}`;
}

interface LockedFile {
  url: string | undefined;
  hash: Hash | undefined;
}

/** `sdist = {url|path, hash, size}` and `wheels = [{url|path|filename, hash, size}]` (uv `SourceDist`, `Wheel`). */
function lockedFiles(table: Record<string, unknown>): {
  sdist: LockedFile | undefined;
  wheels: LockedFile[];
} {
  const read = (entry: unknown): LockedFile | undefined =>
    isRecord(entry)
      ? {
          url: typeof entry.url === 'string' ? withoutCredentials(entry.url) : undefined,
          hash: typeof entry.hash === 'string' ? hashFromPrefixedHex(entry.hash) : undefined,
        }
      : undefined;
  const wheels = Array.isArray(table.wheels) ? table.wheels.map(read) : [];
  return { sdist: read(table.sdist), wheels: wheels.filter((wheel) => wheel !== undefined) };
}

/**
 * Git sources are `https://host/repo?rev=…&subdirectory=…#<commit>` (uv `GitSource`): the fragment is
 * the commit the lock pinned, the query what was asked for.
 */
function parseGitSource(url: string): {
  base: string;
  commit?: string;
  requested?: string;
  subdirectory?: string;
} {
  const hash = url.indexOf('#');
  const withoutFragment = hash < 0 ? url : url.slice(0, hash);
  const commit = hash < 0 ? undefined : url.slice(hash + 1);
  const question = withoutFragment.indexOf('?');
  const base = question < 0 ? withoutFragment : withoutFragment.slice(0, question);
  const query = new URLSearchParams(question < 0 ? '' : withoutFragment.slice(question + 1));
  const requested = query.get('rev') ?? query.get('tag') ?? query.get('branch') ?? undefined;
  const subdirectory = query.get('subdirectory') ?? undefined;
  return {
    base,
    ...(commit ? { commit } : {}),
    ...(requested ? { requested } : {}),
    ...(subdirectory ? { subdirectory } : {}),
  };
}

function toComponent(path: string, uvPackage: UvPackage, isWorkspaceMember: boolean): Component {
  const { name, source } = uvPackage;
  const version = uvPackage.version ?? '';
  const { sdist, wheels } = lockedFiles(uvPackage.table);
  const properties: Property[] = [];
  const distributions: Distribution[] = [];
  let qualifiers: Qualifiers | undefined;

  // Every file the lock names with a URL is a distribution with its own digest; a direct-URL source's
  // sdist has no URL of its own (uv `SourceDist::Metadata`): the source URL is that archive.
  const sdistUrl = sdist?.url ?? (source.kind === 'url' && wheels.length === 0 ? source.url : undefined);
  if (sdist !== undefined && sdistUrl !== undefined) {
    distributions.push({ url: withoutCredentials(sdistUrl), hashes: sdist.hash ? [sdist.hash] : [] });
  }
  for (const wheel of wheels) {
    if (wheel.url !== undefined)
      distributions.push({ url: wheel.url, hashes: wheel.hash ? [wheel.hash] : [] });
  }

  switch (source.kind) {
    case 'registry':
      // Registry releases keep the bare PURL whatever the index (a mirror or proxy of PyPI serves the same
      // release, and advisories must match it); the files' URLs say where they came from.
      break;
    case 'git': {
      const git = parseGitSource(source.url);
      const location = vcsLocation('git', git.base, git.commit ?? git.requested);
      qualifiers = { vcs_url: location };
      distributions.push({ url: location, hashes: [] });
      if (git.commit) properties.push({ name: PYTHON_PROPERTIES.commitId, value: git.commit });
      if (git.requested) properties.push({ name: PYTHON_PROPERTIES.requestedRevision, value: git.requested });
      if (git.subdirectory)
        properties.push({ name: PYTHON_PROPERTIES.subdirectory, value: git.subdirectory });
      break;
    }
    case 'url': {
      const url = withoutCredentials(source.url);
      if (!isPypiFileUrl(url)) qualifiers = { download_url: url };
      if (distributions.length === 0) distributions.push({ url, hashes: [] });
      if (source.subdirectory)
        properties.push({ name: PYTHON_PROPERTIES.subdirectory, value: source.subdirectory });
      break;
    }
    default:
      if (source.kind === 'editable') properties.push({ name: PYTHON_PROPERTIES.editable, value: 'true' });
      // A workspace member is the project's own code, named as its release would be; any other local
      // source must not share a registry release's identity (PURL spec, `download_url`).
      if (!isWorkspaceMember) qualifiers = { download_url: `file:${normalizeFolder(source.path)}` };
  }

  try {
    return pypiComponent({
      name,
      version,
      qualifiers,
      hashes: componentHashes(sdist, wheels),
      distributions,
      properties,
    });
  } catch (error) {
    throw malformed(path, `package ${JSON.stringify(name)} has no valid PURL`, error);
  }
}

/** CycloneDX keeps one hash per algorithm: the sdist's, else the only file's; several wheels name none. */
function componentHashes(sdist: LockedFile | undefined, wheels: LockedFile[]): Hash[] {
  if (sdist !== undefined) return sdist.hash ? [sdist.hash] : [];
  const only = wheels.length === 1 ? wheels[0] : undefined;
  return only?.hash ? [only.hash] : [];
}
