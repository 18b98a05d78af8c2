import { posix } from 'node:path';
import { PackageURL } from 'packageurl-js';
import type {
  Component,
  Distribution,
  Extraction,
  ExtractionWarning,
  Hash,
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
  unsupported,
  utf8Text,
} from './extractor.js';
import { parseLockfileYaml } from './lockfile-yaml.js';
import { readPackageManifest } from './package-manifest.js';
import { developmentOnly, reachable } from './reachability.js';

/**
 * pnpm `pnpm-lock.yaml`, lockfile formats 5.x, 6.x and 9.x (https://github.com/pnpm/spec/tree/master/lockfile).
 *
 * - 5.x: packages keyed `/name/1.2.3_peer@1.0.0`; importers list `specifiers` beside name → version maps
 *   (`5.4-inlineSpecifiers` already writes 6.x-style `{specifier, version}` importers).
 * - 6.x: packages keyed `/name@1.2.3(peer@1.0.0)`.
 * - 9.x: `packages` holds one entry per name@version (resolution, engines…), `snapshots` one per
 *   peer-resolved variant with its dependency edges; no `dev` flag is stored any more.
 *
 * Peer-suffix variants of one name@version are one component (one PURL) whose edges are the union of the
 * variants'. Each importer other than `.` is a workspace package of the project: it becomes a component
 * (unqualified PURL, as a release of it would carry) with its own edges, and `link:` references resolve to
 * it. The project depends on every workspace package as well as on the `.` importer's dependencies, as npm's
 * root has a `workspace` edge to each workspace: otherwise a package nothing links to would hang off nothing.
 * pnpm locks record no licence, so `license` stays undefined.
 */
export const pnpmLockExtractor: Extractor = {
  id: 'pnpm-lock',
  ecosystem: 'npm',
  matches: (fileName) => fileName === 'pnpm-lock.yaml',
  extract: extractPnpmLock,
};

/** The lockfile's major format; 7 and 8 were never written by a released pnpm. */
type Generation = 5 | 6 | 9;

const DEPENDENCY_KINDS = ['dependencies', 'optionalDependencies', 'devDependencies'] as const;
type DependencyKind = (typeof DEPENDENCY_KINDS)[number];

interface Dependency {
  name: string;
  /** As the lockfile writes it: `1.2.3_peer@1`, `/alias/1.0.0`, `link:../x`, `real@1.0.0(peer@1)`. */
  reference: string;
  kind: DependencyKind;
}

/** One `packages` key (5.x, 6.x) or `snapshots` key (9.x): one peer-resolved variant of a package. */
interface Variant {
  ref: string;
  dependencies: Dependency[];
  /** 5.x/6.x `dev`: true = only devDependencies lead here, false = only prod, absent = both. */
  developmentFlag: unknown;
  optional: boolean;
}

interface Identity {
  name: string;
  version: string;
  purl: string;
  hashes: Hash[];
  distributions: Distribution[];
}

class PnpmLockfile {
  readonly warnings: ExtractionWarning[] = [];
  readonly components = new Map<string, Component>();
  readonly variants = new Map<string, Variant>();
  /** 9.x: `packages` key (no peer suffix) → ref, for references to a package no snapshot describes. */
  readonly packageRefs = new Map<string, string>();
  /** Importer path (`packages/core`) → the workspace package's ref; `.` → the project's, when known. */
  readonly workspaceRefs = new Map<string, string>();
  /** From the package.json beside the lockfile; pnpm locks do not name the project. */
  project: ProjectComponent | undefined;

  constructor(
    readonly path: string,
    readonly generation: Generation,
  ) {}

  warn(message: string): void {
    this.warnings.push({ file: this.path, message });
  }

  /** An optional dependency may be absent (skipped on this platform); anything else is an inconsistency. */
  unresolved(holder: string, dependency: Dependency): void {
    if (dependency.kind === 'optionalDependencies') return;
    const spec = `${dependency.name}@${dependency.reference}`;
    this.warn(
      dependency.reference.startsWith('link:')
        ? `${holder} links ${spec} to the project itself, whose package.json could not be read: edge left out`
        : `${holder} depends on ${spec}, which the lockfile does not list`,
    );
  }

  /**
   * The ref of a `packages` entry. A `directory` resolution of a workspace folder (a `file:` dependency on
   * it, or pnpm's `injected` copies) is that workspace package, and of the lockfile's own folder the project:
   * not a second component for the same source.
   */
  refOf(key: string, entry: Record<string, unknown>): string {
    const resolution = entry.resolution;
    if (isRecord(resolution) && resolution.type === 'directory' && typeof resolution.directory === 'string') {
      const workspace = this.workspaceRefs.get(normalizeFolder(resolution.directory));
      if (workspace !== undefined) return workspace;
    }
    return this.addComponent(identify(this, key, entry));
  }

  addComponent(identity: Identity, properties: Property[] = []): string {
    const known = this.components.get(identity.purl);
    if (known !== undefined) {
      // A workspace package whose release is also locked from the registry: one PURL, one component, which
      // keeps the registry's integrity and the workspace's path.
      if (known.hashes.length === 0) known.hashes = identity.hashes;
      if (known.distributions.length === 0) known.distributions = identity.distributions;
      known.properties.push(...properties);
    } else {
      this.components.set(identity.purl, {
        ref: identity.purl,
        ecosystem: 'npm',
        name: identity.name,
        version: identity.version,
        purl: identity.purl,
        development: false,
        optional: false,
        hashes: identity.hashes,
        distributions: identity.distributions,
        properties,
      });
    }
    return identity.purl;
  }

  /**
   * The variant key a dependency reference points at: pnpm's `refToRelative` (`@pnpm/dependency-path`).
   * A reference without a `/` (before any peer suffix) is a version of the dependency's own name; anything
   * else (`/alias/1.0.0`, `github.com/…`, `file:…`) is already a key.
   */
  variantKey(name: string, reference: string): string {
    if (this.generation === 9) {
      if (reference.startsWith('@')) return reference;
      const at = reference.indexOf('@');
      if (at < 0) return `${name}@${reference}`;
      const colon = reference.indexOf(':');
      const bracket = reference.indexOf('(');
      // `real@1.0.0` is an alias; the `@` in `file:../a@b` or `(peer@1.0.0)` is not.
      const isAlias = (colon < 0 || at < colon) && (bracket < 0 || at < bracket);
      return isAlias ? reference : `${name}@${reference}`;
    }
    if (reference.startsWith('file:')) return reference;
    const bracket = reference.indexOf('(');
    const slash = reference.lastIndexOf('/', bracket < 0 ? reference.length : bracket);
    if (slash >= 0) return reference;
    return this.generation === 5 ? `/${name}/${reference}` : `/${name}@${reference}`;
  }

  /**
   * The ref a dependency resolves to; `from` is the folder `link:` paths are relative to. A link to a folder
   * that is no importer (`link:../tool` outside the workspace) is a local package the lock names only by the
   * alias it is linked under: a component with that name, no version, and the folder as `download_url`.
   */
  resolve(from: string, dependency: Dependency): string | undefined {
    if (dependency.reference.startsWith('link:')) {
      const folder = folderOf(from, dependency.reference.slice('link:'.length));
      const workspace = this.workspaceRefs.get(folder);
      if (workspace !== undefined || folder === '.') return workspace;
      let purl: string;
      try {
        purl = npmPurl(dependency.name, '', { download_url: `link:${folder}` });
      } catch (error) {
        throw malformed(
          this.path,
          `link to ${folder} names no valid package (${JSON.stringify(dependency.name)})`,
          error,
        );
      }
      return this.addComponent({ name: dependency.name, version: '', purl, hashes: [], distributions: [] });
    }
    const key = this.variantKey(dependency.name, dependency.reference);
    return this.variants.get(key)?.ref ?? this.packageRefs.get(removeSuffix(key));
  }
}

async function extractPnpmLock(input: ExtractorInput): Promise<Extraction> {
  const { path } = input;
  const documents = await parseLockfileYaml(path, utf8Text(input.content), 'core');
  const lock = pickLockfileDocument(documents);
  if (lock === undefined || lock.lockfileVersion === undefined || lock.lockfileVersion === null) {
    throw malformed(path, 'no lockfileVersion: not a pnpm lockfile (or empty)');
  }
  const generation = generationOf(path, lock.lockfileVersion);
  const lockfile = new PnpmLockfile(path, generation);

  // 5.x lockfiles of a single project keep the importer's maps at the top level.
  const importers = isRecord(lock.importers) ? lock.importers : { '.': lock };
  const importerDependencies = new Map<string, Dependency[]>();
  for (const [importerPath, importer] of Object.entries(importers)) {
    importerDependencies.set(normalizeFolder(importerPath), dependenciesOf(importer));
  }
  const packages = recordField(path, lock, 'packages');
  await addWorkspacePackages(input, lockfile, importerDependencies, packages);

  if (generation === 9) readSnapshots(lockfile, packages, recordField(path, lock, 'snapshots'));
  else readPackages(lockfile, packages);

  const edges = new Map<string, Set<string>>();
  const addEdge = (from: string, to: string) => {
    let set = edges.get(from);
    if (set === undefined) {
      set = new Set();
      edges.set(from, set);
    }
    if (to !== from) set.add(to);
  };
  // A `link:` inside a package or snapshot entry is relative to the lockfile's folder.
  const variantTargets = new Map<string, string[]>();
  for (const [key, variant] of lockfile.variants) {
    addEdge(variant.ref, variant.ref);
    const targets: string[] = [];
    for (const dependency of variant.dependencies) {
      const ref = lockfile.resolve('.', dependency);
      if (ref !== undefined) {
        addEdge(variant.ref, ref);
        if (!dependency.reference.startsWith('link:'))
          targets.push(lockfile.variantKey(dependency.name, dependency.reference));
      } else {
        lockfile.unresolved(key, dependency);
      }
    }
    variantTargets.set(key, targets);
  }

  const productionRoots: string[] = [];
  const developmentRoots: string[] = [];
  const direct = new Set<string>(
    [...lockfile.workspaceRefs].filter(([importerPath]) => importerPath !== '.').map(([, ref]) => ref),
  );
  for (const [importerPath, dependencies] of importerDependencies) {
    const owner = importerPath === '.' ? undefined : lockfile.workspaceRefs.get(importerPath);
    for (const dependency of dependencies) {
      const ref = lockfile.resolve(importerPath, dependency);
      if (ref === undefined) {
        lockfile.unresolved(`importer ${importerPath}`, dependency);
        continue;
      }
      if (owner === undefined) direct.add(ref);
      else addEdge(owner, ref);
      if (!dependency.reference.startsWith('link:')) {
        const key = lockfile.variantKey(dependency.name, dependency.reference);
        (dependency.kind === 'devDependencies' ? developmentRoots : productionRoots).push(key);
      }
    }
  }

  markFlags(lockfile, productionRoots, developmentRoots, variantTargets);

  return {
    ...(lockfile.project === undefined ? {} : { project: lockfile.project }),
    components: [...lockfile.components.values()],
    dependencies: [...edges].map(([ref, targets]) => ({ ref, dependsOn: [...targets].sort() })),
    directDependencies: [...direct].sort(),
    warnings: lockfile.warnings,
  };
}

/**
 * pnpm ≥10 may put a `packageManagerDependencies` lockfile (the pnpm binary it manages itself) in front of
 * the project's, as a separate YAML document (pnpm/pnpm `lockfile/fs` `readEnvLockfile`). The project's is
 * the last document with importers or packages; a lock with neither (no dependencies) is the last one that
 * at least states a lockfileVersion.
 */
function pickLockfileDocument(documents: unknown[]): Record<string, unknown> | undefined {
  const records = documents.filter(isRecord);
  return (
    records.findLast((document) => document.importers !== undefined || document.packages !== undefined) ??
    records.findLast((document) => document.lockfileVersion !== undefined)
  );
}

/** @throws SbomError SBOM_LOCKFILE_UNSUPPORTED for formats other than 5.x, 6.x and 9.x. */
function generationOf(path: string, lockfileVersion: unknown): Generation {
  // 5.x was written unquoted (a YAML number), later ones quoted: `lockfileVersion: '6.0'`.
  const version = String(lockfileVersion);
  const major = /^(\d+)(?:\.\d+)?(?:-[\w.-]+)?$/.exec(version)?.[1];
  if (major === '5' || major === '6' || major === '9') return Number(major) as Generation;
  throw unsupported(
    path,
    `lockfileVersion ${JSON.stringify(version)} is not supported (supported: 5.x, 6.x, 9.x)`,
  );
}

function recordField(path: string, lock: Record<string, unknown>, field: string): Record<string, unknown> {
  const value = lock[field];
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw malformed(path, `"${field}" is not a mapping`);
  return value;
}

/**
 * An importer's or package's dependencies. 5.x writes `name: version`, 5.4-inlineSpecifiers and later
 * importers `name: {specifier, version}`.
 */
function dependenciesOf(holder: unknown): Dependency[] {
  if (!isRecord(holder)) return [];
  const dependencies: Dependency[] = [];
  for (const kind of DEPENDENCY_KINDS) {
    const map = holder[kind];
    if (!isRecord(map)) continue;
    for (const [name, value] of Object.entries(map)) {
      const reference = isRecord(value) ? value.version : value;
      if (typeof reference === 'string' || typeof reference === 'number') {
        dependencies.push({ name, reference: String(reference), kind });
      }
    }
  }
  return dependencies;
}

/** 5.x / 6.x: every `packages` key is a variant, and its own dev/optional flags. */
function readPackages(lockfile: PnpmLockfile, packages: Record<string, unknown>): void {
  for (const [key, entry] of Object.entries(packages)) {
    if (!isRecord(entry)) throw malformed(lockfile.path, `packages["${key}"] is not a mapping`);
    const ref = lockfile.refOf(key, entry);
    lockfile.variants.set(key, {
      ref,
      dependencies: dependenciesOf(entry),
      developmentFlag: entry.dev,
      optional: entry.optional === true,
    });
  }
}

/** 9.x: `snapshots` keys are the variants; their package's metadata is `packages[key without suffix]`. */
function readSnapshots(
  lockfile: PnpmLockfile,
  packages: Record<string, unknown>,
  snapshots: Record<string, unknown>,
): void {
  for (const [key, entry] of Object.entries(packages)) {
    if (!isRecord(entry)) throw malformed(lockfile.path, `packages["${key}"] is not a mapping`);
    lockfile.packageRefs.set(key, lockfile.refOf(key, entry));
  }
  for (const [key, entry] of Object.entries(snapshots)) {
    const snapshot = isRecord(entry) ? entry : {};
    const packageKey = removeSuffix(key);
    let ref = lockfile.packageRefs.get(packageKey);
    if (ref === undefined) {
      lockfile.warn(`snapshots["${key}"] has no packages["${packageKey}"] entry: no resolution or integrity`);
      ref = lockfile.addComponent(identify(lockfile, packageKey, {}));
      lockfile.packageRefs.set(packageKey, ref);
    }
    lockfile.variants.set(key, {
      ref,
      dependencies: dependenciesOf(snapshot),
      developmentFlag: undefined,
      optional: snapshot.optional === true,
    });
  }
}

/**
 * A 6.x/9.x key without its `(peer@1.0.0)` groups (nesting allowed) and `(patch_hash=…)`, as
 * `@pnpm/dependency-path` `indexOfDepPathSuffix` finds them. 5.x's `_peer@1.0.0` suffix is `parseKey`'s.
 */
function removeSuffix(key: string): string {
  if (!key.endsWith(')')) return key;
  let open = 1;
  for (let index = key.length - 2; index >= 0; index--) {
    if (key[index] === '(') open--;
    else if (key[index] === ')') open++;
    else if (open === 0) return key.slice(0, index + 1);
  }
  return key;
}

/** Name and version from a key: `/@scope/name/1.2.3_x` (5.x), `/name@1.2.3(x)` (6.x), `name@1.2.3` (9.x). */
function parseKey(generation: Generation, key: string): { name: string; version: string } {
  const bare = removeSuffix(key.startsWith('/') ? key.slice(1) : key);
  if (generation === 5 && key.startsWith('/')) {
    const parts = bare.split('/');
    const nameLength = parts[0]?.startsWith('@') ? 2 : 1;
    const version = parts.slice(nameLength).join('/');
    const underscore = version.indexOf('_');
    return {
      name: parts.slice(0, nameLength).join('/'),
      version: underscore < 0 ? version : version.slice(0, underscore),
    };
  }
  const at = bare.indexOf('@', 1);
  return at < 0 ? { name: bare, version: '' } : { name: bare.slice(0, at), version: bare.slice(at + 1) };
}

const GIT_URL = /^(?:git\+|git:|ssh:|git@)/;

/**
 * The component a `packages` entry describes. Registry packages (integrity only, or a registry key with an
 * explicit tarball) keep the bare PURL so advisories for that release match; git, tarball-URL and local
 * sources get a `vcs_url` / `download_url` qualifier (PURL spec) so they never merge with the registry's.
 */
function identify(lockfile: PnpmLockfile, key: string, entry: Record<string, unknown>): Identity {
  const parsed = parseKey(lockfile.generation, key);
  const name = typeof entry.name === 'string' && entry.name !== '' ? entry.name : parsed.name;
  const declaredVersion = typeof entry.version === 'string' ? entry.version : undefined;
  const resolution = isRecord(entry.resolution) ? entry.resolution : {};
  const hashes = hashesFromIntegrity(
    typeof resolution.integrity === 'string' ? resolution.integrity : undefined,
  );
  const tarball = typeof resolution.tarball === 'string' ? resolution.tarball : undefined;
  // 5.x/6.x registry keys start with `/`; a 9.x registry key's version is a plain version, never a URL/spec.
  const isRegistryKey =
    lockfile.generation === 9
      ? !/[:/]/.test(parsed.version)
      : key.startsWith('/') && !parsed.version.includes(':');

  let qualifiers: Qualifiers | undefined;
  const distributions: Distribution[] = [];
  let version = declaredVersion ?? (isRegistryKey ? parsed.version : '');
  if (resolution.type === 'git' && typeof resolution.repo === 'string') {
    const repository = GIT_URL.test(resolution.repo) ? resolution.repo : `git+${resolution.repo}`;
    const commit = typeof resolution.commit === 'string' ? `#${resolution.commit}` : '';
    qualifiers = { vcs_url: `${repository}${commit}` };
  } else if (resolution.type === 'directory') {
    const directory = typeof resolution.directory === 'string' ? resolution.directory : '';
    qualifiers = { download_url: `file:${directory === '' ? '.' : directory}` };
  } else if (
    resolution.type === 'variations' ||
    resolution.type === 'binary' ||
    parsed.version.startsWith('runtime:')
  ) {
    try {
      return runtimeIdentity(name, declaredVersion ?? parsed.version.replace(/^runtime:/, ''), resolution);
    } catch (error) {
      throw malformed(
        lockfile.path,
        `packages["${key}"] names no valid package (${JSON.stringify(name)})`,
        error,
      );
    }
  } else if (tarball?.startsWith('file:')) {
    qualifiers = { download_url: tarball };
  } else if (tarball !== undefined) {
    distributions.push({ url: tarball, hashes });
    if (!isRegistryKey) qualifiers = { download_url: tarball };
  } else if (!isRegistryKey) {
    // A source pnpm did not describe (old `registry.example.com/…` keys): keep the key so it stays distinct.
    qualifiers = { download_url: key };
    version = declaredVersion ?? parsed.version;
  }
  let purl: string;
  try {
    purl = npmPurl(name, version, qualifiers);
  } catch (error) {
    throw malformed(
      lockfile.path,
      `packages["${key}"] names no valid package (${JSON.stringify(name)})`,
      error,
    );
  }
  return { name, version, purl, hashes, distributions };
}

/**
 * pnpm ≥10 `runtime:` dependencies (`node@runtime:22.0.0`) are Node.js/Deno/Bun binaries downloaded from
 * the runtime's own site, one archive per platform (`resolution.variants`), not npm packages: a generic
 * PURL, so npm advisories for an unrelated `node` package on the registry never match it.
 */
function runtimeIdentity(name: string, version: string, resolution: Record<string, unknown>): Identity {
  const distributions: Distribution[] = [];
  const resolutions = Array.isArray(resolution.variants)
    ? resolution.variants.map((variant) => (isRecord(variant) ? variant.resolution : undefined))
    : [resolution];
  for (const variant of resolutions) {
    if (!isRecord(variant) || typeof variant.url !== 'string') continue;
    const integrity = typeof variant.integrity === 'string' ? variant.integrity : undefined;
    distributions.push({ url: variant.url, hashes: hashesFromIntegrity(integrity) });
  }
  const purl = new PackageURL(
    'generic',
    undefined,
    name,
    version || undefined,
    undefined,
    undefined,
  ).toString();
  return { name, version, purl, hashes: [], distributions };
}

/** `packages/core/` → `packages/core`; `.` and `` → `.`. */
function normalizeFolder(folder: string): string {
  const normalized = posix.normalize(folder.replace(/\\/g, '/')).replace(/\/+$/, '');
  return normalized === '' ? '.' : normalized;
}

/** A `link:` target relative to the importer that holds it, as an importer path. */
function folderOf(from: string, target: string): string {
  return normalizeFolder(posix.join(from, target === '' ? '.' : target));
}

/**
 * One component per workspace importer. pnpm locks do not name importers, so the name and version come from
 * the importer's package.json when it can be read, else from the name a `directory` package of that folder
 * or a `link:` to it gives, else from the folder name (with a warning: that PURL is a guess).
 */
async function addWorkspacePackages(
  input: ExtractorInput,
  lockfile: PnpmLockfile,
  importerDependencies: Map<string, Dependency[]>,
  packages: Record<string, unknown>,
): Promise<void> {
  const linkedNames = new Map<string, string>();
  for (const [key, entry] of Object.entries(packages)) {
    const resolution = isRecord(entry) ? entry.resolution : undefined;
    if (
      !isRecord(resolution) ||
      resolution.type !== 'directory' ||
      typeof resolution.directory !== 'string'
    ) {
      continue;
    }
    const name =
      isRecord(entry) && typeof entry.name === 'string'
        ? entry.name
        : parseKey(lockfile.generation, key).name;
    if (name !== '') linkedNames.set(normalizeFolder(resolution.directory), name);
  }
  for (const [importerPath, dependencies] of importerDependencies) {
    for (const dependency of dependencies) {
      if (!dependency.reference.startsWith('link:')) continue;
      const target = folderOf(importerPath, dependency.reference.slice('link:'.length));
      if (!linkedNames.has(target)) linkedNames.set(target, dependency.name);
    }
  }
  const workspaces = [...importerDependencies.keys()].filter((importerPath) => importerPath !== '.');
  const [root, ...manifests] = await Promise.all(
    ['.', ...workspaces].map((importerPath) =>
      readPackageManifest(input, posix.join(importerPath, 'package.json')),
    ),
  );
  // The project itself: a workspace package may link back to it (`link:../..`), and its PURL is the root's ref.
  if (root !== undefined && 'manifest' in root && root.manifest.project.purl !== undefined) {
    lockfile.project = root.manifest.project;
    lockfile.workspaceRefs.set('.', root.manifest.project.purl);
  }
  const guessed: string[] = [];
  for (const [index, importerPath] of workspaces.entries()) {
    const read = manifests[index];
    const project = read !== undefined && 'manifest' in read ? read.manifest.project : undefined;
    let name = project?.name || linkedNames.get(importerPath);
    if (name === undefined) {
      name = posix.basename(importerPath);
      guessed.push(importerPath);
    }
    const version = project?.version ?? '';
    let purl: string;
    try {
      purl = npmPurl(name, version);
    } catch (error) {
      throw malformed(
        lockfile.path,
        `importer ${importerPath}: no valid package name (${JSON.stringify(name)})`,
        error,
      );
    }
    const ref = lockfile.addComponent({ name, version, purl, hashes: [], distributions: [] }, [
      { name: 'cdx:npm:package:path', value: importerPath },
    ]);
    lockfile.workspaceRefs.set(importerPath, ref);
  }
  if (guessed.length > 0) {
    lockfile.warn(
      `workspace package name not known (no readable package.json, nothing links to it), named by its folder: ${guessed.join(', ')}`,
    );
  }
}

/**
 * Development and optional flags, per component the AND over its variants (one production or required
 * variant makes the package so). 5.x/6.x store pnpm's own `dev` flag; 9.x dropped it, so it is recomputed
 * as pnpm computed it (`@pnpm/prune-lockfile` `copyDependencySubGraph`): every importer's `dependencies` and
 * `optionalDependencies` are production roots, its `devDependencies` development roots. The tests check that
 * this reproduces the stored flags of every 5.x/6.x lock in the corpus. `optional` is pnpm's own flag.
 */
function markFlags(
  lockfile: PnpmLockfile,
  productionRoots: string[],
  developmentRoots: string[],
  variantTargets: Map<string, string[]>,
): void {
  // A 5.x/6.x lock whose packages carry no `dev` flag at all (hand-trimmed, or every package shared) gets
  // the same recomputation, which then agrees with what pnpm would have written.
  const hasStoredFlags = [...lockfile.variants.values()].some(
    (variant) => variant.developmentFlag !== undefined,
  );
  const recompute = lockfile.generation === 9 || !hasStoredFlags;
  const successors = (key: string) => variantTargets.get(key) ?? [];
  const developmentVariants = recompute
    ? developmentOnly(productionRoots, developmentRoots, successors)
    : undefined;
  // A variant no importer reaches (left over in the lock) has no say in its package's flags.
  const reached = recompute ? reachable([...productionRoots, ...developmentRoots], successors) : undefined;
  const development = new Map<string, boolean>();
  const optional = new Map<string, boolean>();
  for (const [key, variant] of lockfile.variants) {
    if (reached !== undefined && !reached.has(key)) continue;
    const isDevelopment =
      developmentVariants === undefined ? variant.developmentFlag === true : developmentVariants.has(key);
    development.set(variant.ref, (development.get(variant.ref) ?? true) && isDevelopment);
    optional.set(variant.ref, (optional.get(variant.ref) ?? true) && variant.optional);
  }
  const workspaceRefs = new Set(lockfile.workspaceRefs.values());
  for (const component of lockfile.components.values()) {
    // A workspace package is part of the project, never a development-only dependency of it.
    component.development = !workspaceRefs.has(component.ref) && (development.get(component.ref) ?? false);
    component.optional = optional.get(component.ref) ?? false;
    if (component.development)
      component.properties.push({ name: 'cdx:npm:package:development', value: 'true' });
  }
}
