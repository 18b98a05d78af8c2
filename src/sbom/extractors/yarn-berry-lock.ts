import { posix } from 'node:path';
import type {
  Component,
  Distribution,
  Extraction,
  ExtractionWarning,
  ProjectComponent,
  Property,
} from '../model/component.js';
import { npmPurl, type Qualifiers } from '../model/purl.js';
import { type ExtractorInput, isRecord, malformed, unsupported, utf8Text } from './extractor.js';
import { parseLockfileYaml } from './lockfile-yaml.js';
import { type PackageManifest, readPackageManifest } from './package-manifest.js';
import { developmentOnly, reachable } from './reachability.js';

/**
 * Yarn berry (v2+) `yarn.lock`: YAML whose `__metadata.version` is the format (4 for yarn 2, 6 for 3, 8 and
 * later for 4). Each entry is keyed by the descriptors that resolved to it
 * (`"@babel/core@npm:^7.0.0, @babel/core@npm:7.12.3"`) and holds the `resolution` locator
 * (`name@npm:1.2.3`, `name@workspace:packages/x`, `name@patch:…`, `name@https://…#commit=…`), `version`,
 * `dependencies` (name → range, itself a descriptor of some entry), `dependenciesMeta`, `peerDependencies`,
 * `checksum`, `languageName` and `linkType` (https://yarnpkg.com/advanced/lockfile).
 *
 * Workspace entries are the project (`@workspace:.`) and its workspace packages; each of the latter is a
 * component (unqualified PURL, as its release would carry) and the project depends on all of them, as for
 * npm and pnpm workspaces. Peer dependencies are not edges: the lockfile records the ranges asked for, not
 * what provided them (that lives in yarn's virtual packages, which are not persisted).
 *
 * Development dependencies: the lockfile merges each workspace's `dependencies` and `devDependencies`, so
 * only the workspace's package.json can tell them apart. The root manifest sits beside the lockfile; the
 * other workspaces' are read from their folders when available. A workspace whose manifest cannot be read
 * has all its dependencies counted as production, so nothing is called development-only without proof.
 */
export async function extractYarnBerryLock(input: ExtractorInput, text: string): Promise<Extraction> {
  const { path } = input;
  const lock = (await parseLockfileYaml(path, text, 'failsafe')).find(isRecord);
  if (lock === undefined || !isRecord(lock.__metadata))
    throw malformed(path, 'no __metadata: not a yarn berry lockfile');
  const format = Number(lock.__metadata.version);
  if (!Number.isInteger(format) || format < 4) {
    throw unsupported(
      path,
      `__metadata.version ${JSON.stringify(lock.__metadata.version)} is not supported (supported: 4 and later)`,
    );
  }
  const berry = new BerryLockfile(path);
  for (const [key, value] of Object.entries(lock)) {
    if (key !== '__metadata') berry.addEntry(key, value);
  }
  await Promise.all([berry.readWorkspaces(input), berry.readCatalogs(input)]);
  berry.resolveEdges();
  berry.markFlags();
  return berry.extraction();
}

interface Entry {
  key: string;
  /** The locator: `name@reference`. */
  resolution: string;
  /** The package's name as its locator spells it (an alias entry's is the real package's). */
  name: string;
  ref: string;
  dependencies: [string, string][];
  optionalNames: Set<string>;
  /** For workspace entries: the folder, `.` for the project. */
  workspace?: string;
}

interface Edge {
  /** The dependency's name as the dependent declares it (an alias, for `npm:real@1` ranges). */
  name: string;
  target: Entry;
  optional: boolean;
}

interface Locator {
  name: string;
  reference: string;
}

/** `@scope/name@npm:1.0.0` → name and reference; the name's own `@` is its first character. */
function parseLocator(locator: string): Locator {
  const at = locator.indexOf('@', 1);
  return at < 0
    ? { name: locator, reference: '' }
    : { name: locator.slice(0, at), reference: locator.slice(at + 1) };
}

/** Yarn normalises a bare semver range or tag to the default `npm:` protocol (`structUtils.parseRange`). */
function withProtocol(range: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(range) ? range : `npm:${range}`;
}

const GIT_PROTOCOL = /^(?:git\+|git:|ssh:|git@|github:|gitlab:|bitbucket:)/;

interface Source {
  version?: string;
  qualifiers?: Qualifiers;
  distributions: Distribution[];
}

/**
 * Where a locator's package comes from. `npm:` references are registry releases (bare PURL, so advisories
 * match); `patch:` wraps another locator and is that package, patched locally; git, tarball URLs and local
 * folders (`file:`, `link:`, `portal:`) get a `vcs_url` / `download_url` qualifier (PURL spec) so they never
 * merge with the registry's release of the same name and version.
 */
function sourceOf(reference: string): Source {
  const paramsAt = reference.indexOf('::');
  const base = paramsAt < 0 ? reference : reference.slice(0, paramsAt);
  const params = new URLSearchParams(paramsAt < 0 ? '' : reference.slice(paramsAt + 2));
  if (base.startsWith('npm:')) {
    // plugin-npm keeps a non-standard tarball URL as the `__archiveUrl` parameter.
    const archive = params.get('__archiveUrl');
    return {
      version: base.slice('npm:'.length),
      distributions: archive === null ? [] : [{ url: archive, hashes: [] }],
    };
  }
  if (base.startsWith('patch:')) {
    // `patch:<URL-encoded locator of the original>#<patch file>`.
    const hash = base.indexOf('#');
    const encoded = base.slice('patch:'.length, hash < 0 ? base.length : hash);
    let inner: string | undefined;
    try {
      inner = decodeURIComponent(encoded);
    } catch {
      inner = undefined;
    }
    if (inner !== undefined) return sourceOf(parseLocator(inner).reference);
  }
  const fragmentAt = base.indexOf('#');
  const url = fragmentAt < 0 ? base : base.slice(0, fragmentAt);
  const fragment = new URLSearchParams(fragmentAt < 0 ? '' : base.slice(fragmentAt + 1));
  const commit = fragment.get('commit');
  if (commit !== null || GIT_PROTOCOL.test(base) || url.endsWith('.git')) {
    const repository = /^https?:/.test(url) ? `git+${url}` : url;
    return {
      qualifiers: { vcs_url: commit === null ? repository : `${repository}#${commit}` },
      distributions: [],
    };
  }
  if (/^https?:/.test(base))
    return { qualifiers: { download_url: base }, distributions: [{ url: base, hashes: [] }] };
  const local = /^(file|link|portal):(.+)$/.exec(base);
  if (local !== null) {
    const folder = fromProjectFolder(local[2] ?? '', params.get('locator'));
    return { qualifiers: { download_url: `${local[1]}:${folder}` }, distributions: [] };
  }
  return { qualifiers: { download_url: base }, distributions: [] };
}

/**
 * A `file:`/`link:`/`portal:` path is relative to the package that asked for it, named by the `::locator=`
 * parameter yarn binds the descriptor to (`structUtils.bindDescriptor`). When that is a workspace, the path is
 * rewritten relative to the project (`./` + normalized, yarn's own spelling for the root's links), so one
 * folder linked from two workspaces (`link:../scripts/x` from `benchmark`, `link:./scripts/x` from the root)
 * is one component with one `download_url`, and that URL names the folder the reader can actually find.
 */
function fromProjectFolder(path: string, locator: string | null): string {
  const parent = locator === null ? undefined : parseLocator(locator).reference;
  if (parent === undefined || !parent.startsWith('workspace:') || path.startsWith('/')) return path;
  const joined = posix.normalize(posix.join(parent.slice('workspace:'.length), path));
  return joined === '.' || joined === '..' || joined.startsWith('../') ? joined : `./${joined}`;
}

/** Yarn's placeholder for "the version in the folder's own package.json" (`link:`, `portal:`, workspaces). */
const LOCAL_VERSION = '0.0.0-use.local';

class BerryLockfile {
  readonly warnings: ExtractionWarning[] = [];
  readonly components = new Map<string, Component>();
  readonly entries = new Map<string, Entry>();
  /** Descriptor (`name@range`, as written in entry keys) → entry. */
  readonly byDescriptor = new Map<string, Entry>();
  /** Descriptor name → entries, for descriptors bound to a parent (`::locator=`) and overridden ranges. */
  readonly byName = new Map<string, Entry[]>();
  readonly workspaceByName = new Map<string, Entry>();
  readonly edges = new Map<Entry, Edge[]>();
  readonly manifests = new Map<Entry, PackageManifest>();
  project: ProjectComponent | undefined;
  projectEntry: Entry | undefined;
  /** `.yarnrc.yml` catalogs (yarn ≥4.10): `''` is the default `catalog:`, others `catalog:<name>`. */
  readonly catalogs = new Map<string, Map<string, string>>();

  constructor(readonly path: string) {}

  warn(message: string): void {
    this.warnings.push({ file: this.path, message });
  }

  addEntry(key: string, value: unknown): void {
    if (!isRecord(value) || typeof value.resolution !== 'string') {
      throw malformed(this.path, `"${key}" is not a package entry with a resolution`);
    }
    const locator = parseLocator(value.resolution);
    const optionalNames = new Set<string>();
    if (isRecord(value.dependenciesMeta)) {
      for (const [name, meta] of Object.entries(value.dependenciesMeta)) {
        // FAILSAFE schema: `optional: true` is the string "true".
        if (isRecord(meta) && String(meta.optional) === 'true') optionalNames.add(name);
      }
    }
    const entry: Entry = {
      key,
      resolution: value.resolution,
      name: locator.name,
      ref: '',
      dependencies: isRecord(value.dependencies)
        ? Object.entries(value.dependencies).map(([name, range]) => [name, String(range)])
        : [],
      optionalNames,
    };
    if (locator.reference.startsWith('workspace:')) {
      entry.workspace = normalizeFolder(locator.reference.slice('workspace:'.length));
      if (entry.workspace === '.') this.projectEntry = entry;
      else this.workspaceByName.set(locator.name, entry);
    } else {
      entry.ref = this.addComponent(key, locator, value);
    }
    this.entries.set(entry.resolution, entry);
    for (const descriptor of key.split(',')) {
      const trimmed = descriptor.trim();
      this.byDescriptor.set(trimmed, entry);
      const name = parseLocator(trimmed).name;
      const named = this.byName.get(name);
      if (named === undefined) this.byName.set(name, [entry]);
      else if (!named.includes(entry)) named.push(entry);
    }
  }

  private addComponent(key: string, locator: Locator, value: Record<string, unknown>): string {
    const source = sourceOf(locator.reference);
    const declared =
      typeof value.version === 'string' && value.version !== LOCAL_VERSION ? value.version : '';
    const version = source.version ?? declared;
    let purl: string;
    try {
      purl = npmPurl(locator.name, version, source.qualifiers);
    } catch (error) {
      throw malformed(this.path, `"${key}" names no valid package (${JSON.stringify(locator.name)})`, error);
    }
    const known = this.components.get(purl);
    const properties: Property[] = [];
    // Berry's checksum is a SHA-512 of the zip archive yarn repacks each package into for its cache (prefixed
    // by `<cacheKey>/` from metadata 8 on), not of the registry tarball: as a CycloneDX hash it would claim a
    // digest of a file no one else can fetch, so it is kept only as a property. `cdx:` is reserved for the
    // official taxonomy (CycloneDX property taxonomy README), which has no yarn namespace.
    if (typeof value.checksum === 'string')
      properties.push({ name: 'veriship:yarn:checksum', value: value.checksum });
    if (known !== undefined) {
      // A `patch:` entry and the plain release it patches are one PURL: keep both checksums.
      known.properties.push(...properties);
      return purl;
    }
    this.components.set(purl, {
      ref: purl,
      ecosystem: 'npm',
      name: locator.name,
      version,
      purl,
      development: false,
      optional: false,
      hashes: [],
      distributions: source.distributions,
      properties,
    });
    return purl;
  }

  /**
   * Workspace components and the manifests that say which of their dependencies are for development. The
   * project's ref is its package.json PURL (what the SBOM root will be), else the name the lockfile gives.
   */
  async readWorkspaces(input: ExtractorInput): Promise<void> {
    const workspaces = [...this.entries.values()].filter((entry) => entry.workspace !== undefined);
    const reads = await Promise.all(
      workspaces.map((entry) =>
        readPackageManifest(input, posix.join(entry.workspace ?? '.', 'package.json')),
      ),
    );
    const unreadable: string[] = [];
    for (const [index, entry] of workspaces.entries()) {
      const read = reads[index];
      const manifest = read !== undefined && 'manifest' in read ? read.manifest : undefined;
      if (manifest !== undefined) this.manifests.set(entry, manifest);
      else unreadable.push(entry.workspace ?? '.');
      const version = manifest?.project.version ?? '';
      if (entry.workspace === '.') {
        this.project = manifest?.project.name
          ? manifest.project
          : { ecosystem: 'npm', name: entry.name, purl: this.workspacePurl(entry, undefined) };
        entry.ref = this.project.purl ?? this.workspacePurl(entry, undefined);
        continue;
      }
      entry.ref = this.workspacePurl(entry, version);
      const path = { name: 'cdx:npm:package:path', value: entry.workspace ?? '' };
      // The registry release of the same name and version is the same PURL: one component, marked as ours.
      const known = this.components.get(entry.ref);
      if (known !== undefined) known.properties.push(path);
      else {
        this.components.set(entry.ref, {
          ref: entry.ref,
          ecosystem: 'npm',
          name: entry.name,
          version,
          purl: entry.ref,
          development: false,
          optional: false,
          hashes: [],
          distributions: [],
          properties: [path],
        });
      }
    }
    if (unreadable.length > 0) {
      this.warn(
        `no readable package.json for workspace${unreadable.length === 1 ? '' : 's'} ${unreadable.join(', ')}, ` +
          'whose lockfile entries merge devDependencies into dependencies: all of them count as production',
      );
    }
  }

  /** @throws SbomError SBOM_LOCKFILE_MALFORMED when the workspace's locator names no valid package. */
  private workspacePurl(entry: Entry, version: string | undefined): string {
    try {
      return npmPurl(entry.name, version);
    } catch (error) {
      throw malformed(
        this.path,
        `"${entry.key}" names no valid package (${JSON.stringify(entry.name)})`,
        error,
      );
    }
  }

  /**
   * Yarn ≥4.10 catalogs: a `catalog:` range stands for the range `.yarnrc.yml` gives the package, and the
   * lockfile keys the entry by that range (yarn `plugin-catalog`). Without the file such edges cannot be told
   * apart when several versions of the package are locked.
   */
  async readCatalogs(input: ExtractorInput): Promise<void> {
    const usesCatalogs = [...this.entries.values()].some((entry) =>
      entry.dependencies.some(([, range]) => range.startsWith('catalog:')),
    );
    if (!usesCatalogs) return;
    let configuration: unknown;
    try {
      const content = await input.readRelative('.yarnrc.yml');
      configuration = (await parseLockfileYaml('.yarnrc.yml', utf8Text(content), 'failsafe'))[0];
    } catch (error) {
      this.warn(
        `catalog: ranges cannot be resolved exactly, .yarnrc.yml is unusable (${(error as Error).message})`,
      );
      return;
    }
    if (!isRecord(configuration)) return;
    const toMap = (value: unknown) =>
      new Map(isRecord(value) ? Object.entries(value).map(([name, range]) => [name, String(range)]) : []);
    this.catalogs.set('', toMap(configuration.catalog));
    if (isRecord(configuration.catalogs)) {
      for (const [name, catalog] of Object.entries(configuration.catalogs))
        this.catalogs.set(name, toMap(catalog));
    }
  }

  /** Yarn `resolutions` of the root manifest: `name`, `name@range`, `parent/name`, `parent@range/name`. */
  private override(parent: Entry, name: string, range: string): string | undefined {
    const resolutions =
      this.projectEntry === undefined ? undefined : this.manifests.get(this.projectEntry)?.resolutions;
    if (resolutions === undefined || resolutions.size === 0) return undefined;
    let general: string | undefined;
    for (const [pattern, replacement] of resolutions) {
      const rule = parseResolutionPattern(pattern);
      if (
        rule.name !== name ||
        (rule.range !== undefined && withProtocol(rule.range) !== withProtocol(range))
      )
        continue;
      if (rule.parent === undefined) general ??= replacement;
      else if (rule.parent === parent.name) return replacement;
    }
    return general;
  }

  /** The entry a dependency resolves to, trying yarn's descriptor forms from the most to the least exact. */
  resolve(parent: Entry, name: string, declared: string): Entry | undefined {
    const range = declared.startsWith('catalog:')
      ? (this.catalogs.get(declared.slice('catalog:'.length))?.get(name) ?? declared)
      : declared;
    const exact =
      this.byDescriptor.get(`${name}@${range}`) ?? this.byDescriptor.get(`${name}@${withProtocol(range)}`);
    if (exact !== undefined) return exact;
    // Relative ranges (`link:../x`, `file:./y`) are bound to the parent's locator in the key.
    const bound = this.byDescriptor.get(`${name}@${range}::locator=${encodeURIComponent(parent.resolution)}`);
    if (bound !== undefined) return bound;
    const replacement = this.override(parent, name, range);
    if (replacement !== undefined) {
      const root = this.projectEntry?.resolution ?? '';
      const overridden =
        this.byDescriptor.get(`${name}@${withProtocol(replacement)}`) ??
        this.byDescriptor.get(`${name}@${replacement}::locator=${encodeURIComponent(root)}`);
      if (overridden !== undefined) return overridden;
    }
    if (range.startsWith('workspace:')) {
      const workspace = this.workspaceByName.get(name);
      if (workspace !== undefined) return workspace;
    }
    // A descriptor rewritten by a resolution or catalog we could not read: the one package of that name
    // (a `patch:` entry and the release it patches are one package).
    const named = this.byName.get(name);
    return named?.every((entry) => entry.ref === named[0]?.ref) ? named[0] : undefined;
  }

  resolveEdges(): void {
    for (const entry of this.entries.values()) {
      const edges: Edge[] = [];
      for (const [name, range] of entry.dependencies) {
        const optional = entry.optionalNames.has(name);
        const target = this.resolve(entry, name, range);
        if (target !== undefined) edges.push({ name, target, optional });
        else if (!optional)
          this.warn(`${entry.resolution} depends on ${name}@${range}, which the lockfile does not list`);
      }
      this.edges.set(entry, edges);
    }
  }

  /** Development and optional flags by reachability from every workspace, the AND over a component's entries. */
  markFlags(): void {
    const production: Entry[] = [];
    const development: Entry[] = [];
    const required: Entry[] = [];
    for (const entry of this.entries.values()) {
      if (entry.workspace === undefined) continue;
      const manifest = this.manifests.get(entry);
      for (const { name, target, optional } of this.edges.get(entry) ?? []) {
        const isDevelopment =
          manifest?.devDependencies.has(name) === true &&
          !manifest.dependencies.has(name) &&
          !manifest.optionalDependencies.has(name);
        (isDevelopment ? development : production).push(target);
        if (!optional && !manifest?.optionalDependencies.has(name)) required.push(target);
      }
    }
    // A workspace's own dependencies are roots above, classified by its manifest: walking on through a
    // workspace reached from another would count its devDependencies as the dependent's.
    const edgesOf = (entry: Entry) => (entry.workspace === undefined ? (this.edges.get(entry) ?? []) : []);
    const allTargets = (entry: Entry) => edgesOf(entry).map((edge) => edge.target);
    const developmentEntries = developmentOnly(production, development, allTargets);
    const requiredEntries = reachable(required, (entry) =>
      edgesOf(entry)
        .filter((edge) => !edge.optional)
        .map((edge) => edge.target),
    );
    const reached = reachable([...production, ...development], allTargets);
    const flags = new Map<string, { development: boolean; optional: boolean }>();
    for (const entry of this.entries.values()) {
      // An entry nothing reaches (the `patch:` twin of a release, a stale entry) has no say.
      if (entry.workspace !== undefined || !reached.has(entry)) continue;
      const known = flags.get(entry.ref) ?? { development: true, optional: true };
      flags.set(entry.ref, {
        development: known.development && developmentEntries.has(entry),
        optional: known.optional && reached.has(entry) && !requiredEntries.has(entry),
      });
    }
    const workspaceRefs = new Set(
      [...this.entries.values()].filter((entry) => entry.workspace).map((entry) => entry.ref),
    );
    for (const component of this.components.values()) {
      // A workspace package is part of the project, never a development-only dependency of it.
      const flag = workspaceRefs.has(component.ref) ? undefined : flags.get(component.ref);
      component.development = flag?.development ?? false;
      component.optional = flag?.optional ?? false;
      if (component.development)
        component.properties.push({ name: 'cdx:npm:package:development', value: 'true' });
    }
  }

  extraction(): Extraction {
    const dependencies = new Map<string, Set<string>>();
    for (const [entry, edges] of this.edges) {
      const targets = dependencies.get(entry.ref) ?? new Set<string>();
      dependencies.set(entry.ref, targets);
      for (const { target } of edges) if (target.ref !== entry.ref) targets.add(target.ref);
    }
    const direct = new Set<string>();
    for (const entry of this.entries.values()) {
      if (entry.workspace !== undefined && entry.workspace !== '.') direct.add(entry.ref);
    }
    const projectRef = this.projectEntry?.ref;
    if (projectRef !== undefined) {
      for (const target of dependencies.get(projectRef) ?? []) direct.add(target);
      dependencies.delete(projectRef);
    }
    return {
      ...(this.project === undefined ? {} : { project: this.project }),
      components: [...this.components.values()],
      dependencies: [...dependencies].map(([ref, targets]) => ({ ref, dependsOn: [...targets].sort() })),
      directDependencies: [...direct].sort(),
      warnings: this.warnings,
    };
  }
}

/** `packages/x/` → `packages/x`; `` and `.` → `.`. */
function normalizeFolder(folder: string): string {
  const normalized = posix.normalize(folder).replace(/\/+$/, '');
  return normalized === '' ? '.' : normalized;
}

/** A `resolutions` key (yarn `parseResolution`): `[parent[@range]/]name[@range]`, any `**\/` prefix ignored. */
function parseResolutionPattern(pattern: string): { parent?: string; name: string; range?: string } {
  const readIdent = (text: string): { name: string; range?: string; rest: string } => {
    const scoped = text.startsWith('@');
    const nameEnd = scoped ? text.indexOf('/', text.indexOf('/') + 1) : text.indexOf('/');
    const head = nameEnd < 0 ? text : text.slice(0, nameEnd);
    const rest = nameEnd < 0 ? '' : text.slice(nameEnd + 1);
    const at = head.indexOf('@', 1);
    return at < 0 ? { name: head, rest } : { name: head.slice(0, at), range: head.slice(at + 1), rest };
  };
  const first = readIdent(pattern.replace(/^(?:\*\*\/)+/, ''));
  if (first.rest === '')
    return { name: first.name, ...(first.range === undefined ? {} : { range: first.range }) };
  const second = readIdent(first.rest);
  return {
    parent: first.name,
    name: second.name,
    ...(second.range === undefined ? {} : { range: second.range }),
  };
}
