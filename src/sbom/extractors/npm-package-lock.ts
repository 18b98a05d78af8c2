import type {
  Component,
  DependencyEdges,
  Extraction,
  ExtractionWarning,
  ProjectComponent,
  Property,
} from '../model/component.js';
import { hashesFromIntegrity } from '../model/hashes.js';
import { npmPurl, type Qualifiers } from '../model/purl.js';
import {
  type Extractor,
  type ExtractorInput,
  isRecord,
  malformed,
  parseJson,
  unsupported,
  utf8Text,
} from './extractor.js';

/**
 * npm `package-lock.json` / `npm-shrinkwrap.json`, lockfileVersion 1, 2 and 3
 * (https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json).
 *
 * v2 carries both the v3 `packages` map and the v1 `dependencies` tree for old npm; only `packages` is read,
 * as npm ≥7 does. One Component is emitted per lockfile entry (nested copies included); the graph builder
 * merges duplicates by ref.
 */
export const npmPackageLockExtractor: Extractor = {
  id: 'npm-package-lock',
  ecosystem: 'npm',
  matches: (fileName) => fileName === 'package-lock.json' || fileName === 'npm-shrinkwrap.json',
  extract: extractNpmPackageLock,
};

/** What the project itself declares, from the lock's root entry or (v1) the sibling package.json. */
interface DeclaredDependencies {
  dependencies?: unknown;
  devDependencies?: unknown;
  optionalDependencies?: unknown;
  peerDependencies?: unknown;
}

type Resolve = (name: string) => string | null;

/** Accumulates the extraction so the v1 and v2/v3 walkers share the edge and warning rules. */
class ExtractionBuilder {
  readonly components: Component[] = [];
  readonly dependencies: DependencyEdges[] = [];
  readonly warnings: ExtractionWarning[] = [];

  constructor(readonly path: string) {}

  /**
   * Resolves each name of a `{name: range}` map into `refs`. An unresolved name is a lockfile
   * inconsistency worth a warning unless npm may leave it out (`mayBeAbsent`).
   */
  resolveMap(
    from: string,
    map: unknown,
    mayBeAbsent: (name: string) => boolean,
    resolve: Resolve,
    refs: Set<string>,
  ): void {
    if (!isRecord(map)) return;
    for (const name of Object.keys(map)) {
      const ref = resolve(name);
      if (ref !== null) refs.add(ref);
      else if (!mayBeAbsent(name)) {
        const spec = typeof map[name] === 'string' ? map[name] : '*';
        this.warnings.push({
          file: this.path,
          message: `${from} depends on ${name}@${spec}, which the lockfile does not list`,
        });
      }
    }
  }
}

const never = () => false;
const always = () => true;

async function extractNpmPackageLock(input: ExtractorInput): Promise<Extraction> {
  const lock = parseJson(input.path, input.content);
  if (!isRecord(lock)) throw malformed(input.path, 'expected a JSON object');
  const version = lock.lockfileVersion;
  if (version !== 1 && version !== 2 && version !== 3) {
    throw unsupported(
      input.path,
      `lockfileVersion ${version === undefined ? 'is missing' : JSON.stringify(version)}; supported: 1, 2, 3`,
    );
  }
  const builder = new ExtractionBuilder(input.path);
  if (lock.packages !== undefined) {
    if (!isRecord(lock.packages)) throw malformed(input.path, '"packages" is not an object');
    return extractPackagesMap(lock, lock.packages, builder);
  }
  // A v3 lock always has `packages` (at least the root entry "").
  if (version === 3) throw malformed(input.path, 'lockfileVersion 3 without "packages"');
  return extractDependencyTree(lock, builder, await readSiblingManifest(input));
}

// ---------------------------------------------------------------------------------------------------------
// Shared: sources, components, declared edges

const GIT_SOURCE = /^(git\+[a-z]+:|git:|github:|gitlab:|bitbucket:|gist:)/i;

interface Source {
  qualifiers?: Qualifiers;
  /** A URL someone else can fetch the same artifact from (never a local path). */
  url?: string;
}

/**
 * Classifies `resolved` (v2/v3) or a v1 non-semver `version`. Registry tarballs keep the bare PURL so the
 * component matches advisories for that release; anything else gets a qualifier (PURL spec `vcs_url`,
 * `download_url`), so a git or local build of `foo@1.0.0` never merges with the registry's `foo@1.0.0`.
 */
function classifySource(resolved: string | undefined): Source {
  if (resolved === undefined || resolved === '') return {};
  // npm writes git sources as `git+ssh://…#<sha>`: kept verbatim so the commit stays in the ref.
  if (GIT_SOURCE.test(resolved)) return { qualifiers: { vcs_url: resolved }, url: resolved };
  if (/^https?:\/\//i.test(resolved)) {
    // Every npm registry (npmjs, GitHub Packages, Artifactory, Verdaccio) serves tarballs as
    // `<registry>/<name>/-/<file>.tgz` (npm registry API "Tarball URL"); other URLs are direct tarball specs.
    return isRegistryTarball(resolved)
      ? { url: resolved }
      : { qualifiers: { download_url: resolved }, url: resolved };
  }
  // `file:` tarballs and folders: local to the machine that wrote the lock, so no distribution URL.
  return { qualifiers: { download_url: resolved.startsWith('file:') ? resolved : `file:${resolved}` } };
}

function isRegistryTarball(url: string): boolean {
  const pathname = url.replace(/^https?:\/\/[^/]*/i, '').split(/[?#]/)[0] ?? '';
  return pathname.includes('/-/') && pathname.endsWith('.tgz');
}

interface ComponentFields {
  /** Where the entry is, for error messages: `packages["node_modules/foo"]`. */
  where: string;
  name: string;
  version: string;
  source: Source;
  integrity: unknown;
  license?: unknown;
  entry: Record<string, unknown>;
}

/** @throws SbomError SBOM_LOCKFILE_MALFORMED when the entry names no valid package. */
function makeComponent(path: string, fields: ComponentFields): Component {
  const { entry } = fields;
  const development = entry.dev === true;
  const properties: Property[] = [];
  if (development) properties.push({ name: 'cdx:npm:package:development', value: 'true' });
  // v1 writes `bundled`, v2/v3 `inBundle`: shipped inside the parent's tarball, not fetched on its own.
  if (entry.inBundle === true || entry.bundled === true) {
    properties.push({ name: 'cdx:npm:package:bundled', value: 'true' });
  }
  if (entry.extraneous === true) properties.push({ name: 'cdx:npm:package:extraneous', value: 'true' });
  const hashes = hashesFromIntegrity(typeof fields.integrity === 'string' ? fields.integrity : undefined);
  let purl: string;
  try {
    purl = npmPurl(fields.name, fields.version, fields.source.qualifiers);
  } catch (error) {
    throw malformed(path, `${fields.where}: no valid package name (${JSON.stringify(fields.name)})`, error);
  }
  const license = licenseOf(fields.license);
  return {
    ref: purl,
    ecosystem: 'npm',
    name: fields.name,
    version: fields.version,
    purl,
    development,
    // package-lock.json docs: `devOptional` = "both a dev dependency and an optional dependency of a non-dev
    // dependency". A non-dev path leads to it, so it is not development-only, and every non-dev path is
    // optional: Arborist `Node#shouldOmit` drops it only when both `dev` and `optional` are omitted.
    optional: entry.optional === true || entry.devOptional === true,
    hashes,
    distributions: fields.source.url === undefined ? [] : [{ url: fields.source.url, hashes }],
    properties,
    ...(license === undefined ? {} : { license }),
  };
}

/** npm ≥7 copies package.json `license` into v2/v3 entries; very old packages wrote `{type}` objects. */
function licenseOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (isRecord(value) && typeof value.type === 'string' && value.type.trim() !== '') return value.type.trim();
  return undefined;
}

/**
 * The refs a manifest-like record's dependencies resolve to. npm's package.json normalisation lets an
 * `optionalDependencies` entry override the same name in `dependencies`, so that name may be absent.
 * Peers (optional per `peerDependenciesMeta` or not) are edges when present; npm ≤6 and
 * `legacy-peer-deps` never install them, so an absent one is no inconsistency.
 */
function resolveDeclared(
  builder: ExtractionBuilder,
  from: string,
  record: DeclaredDependencies,
  includeDevelopment: boolean,
  resolve: Resolve,
): string[] {
  const refs = new Set<string>();
  const { optionalDependencies } = record;
  const isOptional = isRecord(optionalDependencies)
    ? (name: string) => Object.hasOwn(optionalDependencies, name)
    : never;
  builder.resolveMap(from, record.dependencies, isOptional, resolve, refs);
  if (includeDevelopment) builder.resolveMap(from, record.devDependencies, isOptional, resolve, refs);
  builder.resolveMap(from, optionalDependencies, always, resolve, refs);
  builder.resolveMap(from, record.peerDependencies, always, resolve, refs);
  return [...refs];
}

/** @throws SbomError SBOM_LOCKFILE_MALFORMED when the lock names the project with no valid name. */
function projectFrom(
  path: string,
  name: unknown,
  version: unknown,
  license?: unknown,
): ProjectComponent | undefined {
  if (typeof name !== 'string' || name === '') return undefined;
  const projectVersion = typeof version === 'string' && version !== '' ? version : undefined;
  const projectLicense = licenseOf(license);
  let purl: string;
  try {
    purl = npmPurl(name, projectVersion);
  } catch (error) {
    throw malformed(path, `the project has no valid package name (${JSON.stringify(name)})`, error);
  }
  return {
    ecosystem: 'npm',
    name,
    purl,
    ...(projectVersion === undefined ? {} : { version: projectVersion }),
    ...(projectLicense === undefined ? {} : { license: projectLicense }),
  };
}

function finish(
  builder: ExtractionBuilder,
  project: ProjectComponent | undefined,
  direct: string[],
): Extraction {
  return {
    ...(project === undefined ? {} : { project }),
    components: builder.components,
    dependencies: builder.dependencies,
    directDependencies: [...new Set(direct)],
    warnings: builder.warnings,
  };
}

// ---------------------------------------------------------------------------------------------------------
// lockfileVersion 2 and 3: the flat `packages` map keyed by install path

const NODE_MODULES = 'node_modules/';

/** `packages/a`, `../lib`: a folder of the project or beside it, not something installed in node_modules. */
function isFolderPath(key: string): boolean {
  return !key.startsWith(NODE_MODULES) && !key.includes(`/${NODE_MODULES}`);
}

function extractPackagesMap(
  lock: Record<string, unknown>,
  packages: Record<string, unknown>,
  builder: ExtractionBuilder,
): Extraction {
  const entries = new Map<string, Record<string, unknown>>();
  for (const [key, entry] of Object.entries(packages)) {
    if (!isRecord(entry)) throw malformed(builder.path, `"packages"["${key}"] is not an object`);
    entries.set(key, entry);
  }
  const root = entries.get('');
  entries.delete('');

  // Links (`link: true`) are symlinks in node_modules; the package lives at the folder entry they point to.
  const linkTargets = new Map<string, string>();
  const linkedNames = new Map<string, string>();
  for (const [key, entry] of entries) {
    if (entry.link !== true) continue;
    const target = typeof entry.resolved === 'string' ? normalizeFolder(entry.resolved) : undefined;
    if (target === undefined) {
      throw malformed(builder.path, `"packages"["${key}"] is a link without "resolved"`);
    }
    linkTargets.set(key, target);
    if (!linkedNames.has(target)) linkedNames.set(target, nameFromPath(key));
  }
  const workspaces = workspaceMatcher(root?.workspaces);

  const refs = new Map<string, string>();
  const workspaceRefs: string[] = [];
  for (const [key, entry] of entries) {
    if (entry.link === true) continue;
    const isFolder = isFolderPath(key);
    // An alias (`"foo": "npm:bar@1"`) installs at node_modules/foo with `name: "bar"`: the PURL names bar.
    const name =
      typeof entry.name === 'string' && entry.name !== ''
        ? entry.name
        : isFolder
          ? (linkedNames.get(key) ?? key.slice(key.lastIndexOf('/') + 1))
          : nameFromPath(key);
    const version = typeof entry.version === 'string' ? entry.version : '';
    // Workspaces are the project's own packages: the PURL a release of them carries, with no qualifier, so
    // advisories against the published package apply. Other folders (`file:../lib`) are local builds.
    const isWorkspace = isFolder && workspaces(key);
    const source = isWorkspace
      ? {}
      : classifySource(
          isFolder ? `file:${key}` : typeof entry.resolved === 'string' ? entry.resolved : undefined,
        );
    const component = makeComponent(builder.path, {
      where: `packages["${key}"]`,
      name,
      version,
      source,
      integrity: entry.integrity,
      license: entry.license,
      entry,
    });
    builder.components.push(component);
    refs.set(key, component.ref);
    if (isWorkspace) workspaceRefs.push(component.ref);
  }

  // Node's module resolution: a package at `a/b` finds `x` at `a/b/node_modules/x`, else `a/node_modules/x`,
  // and so on up to the project's `node_modules/x`. Index each folder's node_modules by name once, so
  // resolving an edge is a few Map lookups (linear overall, however deep the nesting).
  const installedIn = new Map<string, Map<string, string>>();
  for (const key of entries.keys()) {
    const start = key.lastIndexOf(NODE_MODULES);
    if (start !== 0 && key[start - 1] !== '/') continue;
    const folder = start === 0 ? '' : key.slice(0, start - 1);
    let installed = installedIn.get(folder);
    if (installed === undefined) {
      installed = new Map();
      installedIn.set(folder, installed);
    }
    // A link resolves to the folder it points at.
    installed.set(key.slice(start + NODE_MODULES.length), refs.get(linkTargets.get(key) ?? key) ?? '');
  }
  // The node_modules folders a package at `folder` searches, nearest first; shared by every package below
  // the same folder, so each chain is built once.
  const scopesBelow = new Map<string, Map<string, string>[]>();
  const scopesOf = (folder: string): Map<string, string>[] => {
    let scopes = scopesBelow.get(folder);
    if (scopes !== undefined) return scopes;
    // A folder outside the project (`../lib`) resolves in its own ancestors, never in the project's.
    const outermost = folder === '' || folder === '..' || folder.endsWith('/..');
    const slash = folder.lastIndexOf('/');
    const outer = outermost ? [] : scopesOf(slash < 0 ? '' : folder.slice(0, slash));
    const installed = installedIn.get(folder);
    scopes = installed === undefined ? outer : [installed, ...outer];
    scopesBelow.set(folder, scopes);
    return scopes;
  };
  const resolveFrom = (from: string): Resolve => {
    const scopes = scopesOf(from);
    return (name) => {
      for (const installed of scopes) {
        const ref = installed.get(name);
        // '' is a link whose target the lock lacks: reported once below, resolved to nothing here.
        if (ref !== undefined) return ref === '' ? null : ref;
      }
      return null;
    };
  };

  for (const [key, entry] of entries) {
    const ref = refs.get(key);
    if (ref === undefined) {
      const target = linkTargets.get(key);
      if (target !== undefined && !entries.has(target)) {
        builder.warnings.push({
          file: builder.path,
          message: `${key} links to ${target}, which the lockfile does not list`,
        });
      }
      continue;
    }
    // devDependencies are installed only for the project, workspaces and linked folders (Arborist loads dev
    // edges of top-level nodes only); npm writes them into no other entry.
    const dependsOn = resolveDeclared(builder, ref, entry, isFolderPath(key), resolveFrom(key));
    builder.dependencies.push({ ref, dependsOn });
  }

  const project = projectFrom(
    builder.path,
    root?.name ?? lock.name,
    root?.version ?? lock.version,
    root?.license,
  );
  let direct: string[];
  if (root !== undefined) {
    direct = resolveDeclared(builder, project?.name ?? '(project)', root, true, resolveFrom(''));
  } else {
    const topLevel = [...entries.keys()].filter((key) => key.lastIndexOf(NODE_MODULES) === 0);
    direct = unrequired(
      topLevel
        .map((key) => refs.get(linkTargets.get(key) ?? key))
        .filter((ref): ref is string => ref !== undefined),
      builder.dependencies,
    );
  }
  // npm's root has a `workspace` edge to each workspace (Arborist `edgesOut`), though `packages[""]` lists
  // them only as globs; without it the workspaces and their trees would hang off nothing.
  return finish(builder, project, [...direct, ...workspaceRefs]);
}

/** `node_modules/@scope/name/node_modules/foo` → `foo`; `node_modules/@scope/name` → `@scope/name`. */
function nameFromPath(key: string): string {
  const start = key.lastIndexOf(NODE_MODULES);
  return start < 0 ? key.slice(key.lastIndexOf('/') + 1) : key.slice(start + NODE_MODULES.length);
}

/** A link's `resolved` is the target folder relative to the lockfile, as its `packages` key spells it. */
function normalizeFolder(resolved: string): string {
  const parts: string[] = [];
  for (const part of resolved
    .replace(/^file:/, '')
    .replace(/\\/g, '/')
    .split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/**
 * `packages[""].workspaces` globs (`packages/*`, `docs`) as @npmcli/map-workspaces reads them: an array,
 * or Yarn's `{packages: […]}`; `*` matches within one path segment, `**` across segments; `!` excludes.
 */
function workspaceMatcher(value: unknown): (folder: string) => boolean {
  const patterns = Array.isArray(value)
    ? value
    : isRecord(value) && Array.isArray(value.packages)
      ? value.packages
      : [];
  const include: RegExp[] = [];
  const exclude: RegExp[] = [];
  for (const pattern of patterns) {
    if (typeof pattern !== 'string') continue;
    const negated = pattern.startsWith('!');
    const segments = normalizeFolder(negated ? pattern.slice(1) : pattern).split('/');
    const source = segments
      .map((segment) =>
        segment === '**'
          ? '.*'
          : segment
              .replace(/[.+^${}()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '[^/]*')
              .replace(/\?/g, '[^/]'),
      )
      .join('/');
    (negated ? exclude : include).push(new RegExp(`^${source}$`));
  }
  return (folder) =>
    include.some((regex) => regex.test(folder)) && !exclude.some((regex) => regex.test(folder));
}

/**
 * Without the project's declared dependencies, the best the lock can say: a top-level package that no
 * other package requires is there only because the project asked for it (or it is extraneous).
 */
function unrequired(topLevel: string[], edges: DependencyEdges[]): string[] {
  const required = new Set<string>();
  for (const edge of edges) {
    for (const target of edge.dependsOn) if (target !== edge.ref) required.add(target);
  }
  return topLevel.filter((ref) => !required.has(ref));
}

// ---------------------------------------------------------------------------------------------------------
// lockfileVersion 1: the nested `dependencies` tree

interface TreeNode {
  entry: Record<string, unknown>;
  ref: string;
  parent: TreeNode | undefined;
  children: Map<string, TreeNode>;
}

/** v1 has no record of the project's own dependencies; npm reads them from package.json beside the lock. */
async function readSiblingManifest(input: ExtractorInput): Promise<DeclaredDependencies | undefined> {
  try {
    const manifest: unknown = JSON.parse(utf8Text(await input.readRelative('package.json')));
    return isRecord(manifest) ? manifest : undefined;
  } catch {
    return undefined;
  }
}

function extractDependencyTree(
  lock: Record<string, unknown>,
  builder: ExtractionBuilder,
  manifest: DeclaredDependencies | undefined,
): Extraction {
  const top: TreeNode = { entry: {}, ref: '', parent: undefined, children: new Map() };
  const nodes: TreeNode[] = [];
  const pending: [TreeNode, unknown, string][] = [[top, lock.dependencies, 'dependencies']];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const [parent, dependencies, where] = item;
    if (dependencies === undefined) continue;
    if (!isRecord(dependencies)) throw malformed(builder.path, `${where} is not an object`);
    for (const [key, entry] of Object.entries(dependencies)) {
      if (!isRecord(entry)) throw malformed(builder.path, `${where}["${key}"] is not an object`);
      const component = componentFromTreeEntry(builder.path, `${where}["${key}"]`, key, entry);
      builder.components.push(component);
      const node: TreeNode = { entry, ref: component.ref, parent, children: new Map() };
      parent.children.set(key, node);
      nodes.push(node);
      pending.push([node, entry.dependencies, `${where}["${key}"].dependencies`]);
    }
  }

  /** npm 5/6 placed each dependency in the nearest ancestor's `dependencies` (Node's resolution order). */
  const resolveFrom =
    (from: TreeNode): Resolve =>
    (name) => {
      for (let scope: TreeNode | undefined = from; scope !== undefined; scope = scope.parent) {
        const found = scope.children.get(name);
        if (found !== undefined) return found.ref;
      }
      return null;
    };

  for (const node of nodes) {
    // v1 `requires` merges dependencies and optionalDependencies without saying which; npm 5/6 still
    // wrote failed optional packages into the lock, so a missing one is a real inconsistency.
    const dependsOn = new Set<string>();
    builder.resolveMap(node.ref, node.entry.requires, never, resolveFrom(node), dependsOn);
    builder.dependencies.push({ ref: node.ref, dependsOn: [...dependsOn] });
  }

  const project = projectFrom(builder.path, lock.name, lock.version);
  const direct =
    manifest === undefined
      ? unrequired(
          [...top.children.values()].map((node) => node.ref),
          builder.dependencies,
        )
      : resolveDeclared(builder, project?.name ?? '(project)', manifest, true, resolveFrom(top));
  return finish(builder, project, direct);
}

/**
 * A v1 `version` is semver for registry packages and the source otherwise: `git+https://…#<sha>`, a tarball
 * URL, `file:<folder or tarball>`, or `npm:<real-name>@<version>` for an alias.
 */
function componentFromTreeEntry(
  path: string,
  where: string,
  key: string,
  entry: Record<string, unknown>,
): Component {
  const written = typeof entry.version === 'string' ? entry.version : '';
  const resolved = typeof entry.resolved === 'string' ? entry.resolved : undefined;
  const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@(.+)$/.exec(written);
  const isRelease = written === '' || /^[0-9]/.test(written);
  return makeComponent(path, {
    where,
    name: alias?.[1] ?? key,
    // Not a registry release: the lock does not record the package's own version, so none is claimed
    // (npm 11 reading a v1 lock reports these with no version too).
    version: alias?.[2] ?? (isRelease ? written : ''),
    source: classifySource(alias || isRelease ? resolved : written),
    integrity: entry.integrity,
    entry,
  });
}
