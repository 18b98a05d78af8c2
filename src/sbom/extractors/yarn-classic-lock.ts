import type yarnLockfile from '@yarnpkg/lockfile';
import type { Component, Distribution, Extraction, ExtractionWarning, Hash } from '../model/component.js';
import { hashesFromIntegrity } from '../model/hashes.js';
import { npmPurl, type Qualifiers } from '../model/purl.js';
import { type ExtractorInput, isRecord, malformed } from './extractor.js';
import { type PackageManifest, readPackageManifest } from './package-manifest.js';
import { developmentOnly, reachable } from './reachability.js';

/**
 * Yarn classic (v1) `yarn.lock`, read with yarn's own parser (`@yarnpkg/lockfile`). Each block is keyed by
 * every `name@range` pattern that resolved to it (`"a@^1.0.0", a@^1.2.0:`) and holds `version`, `resolved`
 * (`<tarball url>#<sha1>`), `integrity`, `dependencies` and `optionalDependencies` (name → range, each
 * itself a pattern of some block).
 *
 * Yarn v1 records neither the project nor which packages are for development, so both come from the
 * package.json beside the lockfile: its `dependencies`/`optionalDependencies` are the production roots and
 * its `devDependencies` the development roots. Without it every package counts as required. Workspace
 * packages of a v1 monorepo are not in the lockfile and their manifests cannot be found from it (yarn
 * expands the `workspaces` globs over the file system), so only the root manifest is read.
 */
export async function extractYarnClassicLock(input: ExtractorInput, text: string): Promise<Extraction> {
  const { path } = input;
  const warnings: ExtractionWarning[] = [];
  const warn = (message: string) => warnings.push({ file: path, message });
  const object = await parseClassic(path, text, warn);

  // The parser maps every pattern to the same entry object; group patterns by entry.
  const patternsOf = new Map<Record<string, unknown>, string[]>();
  for (const [pattern, entry] of Object.entries(object)) {
    if (!isRecord(entry) || typeof entry.version !== 'string') {
      throw malformed(path, `"${pattern}" is not a package entry with a version`);
    }
    const patterns = patternsOf.get(entry);
    if (patterns === undefined) patternsOf.set(entry, [pattern]);
    else patterns.push(pattern);
  }

  const components = new Map<string, Component>();
  const refOf = new Map<Record<string, unknown>, string>();
  for (const [entry, patterns] of patternsOf) {
    const component = componentOf(path, patterns[0] ?? '', entry);
    if (!components.has(component.ref)) components.set(component.ref, component);
    refOf.set(entry, component.ref);
  }
  const resolve = (name: string, range: string): Record<string, unknown> | undefined => {
    const entry = object[`${name}@${range}`];
    return isRecord(entry) ? entry : undefined;
  };

  const edges = new Map<string, Set<string>>();
  const requiredTargets = new Map<Record<string, unknown>, Record<string, unknown>[]>();
  const allTargets = new Map<Record<string, unknown>, Record<string, unknown>[]>();
  for (const [entry, patterns] of patternsOf) {
    const ref = refOf.get(entry) ?? '';
    const dependsOn = edges.get(ref) ?? new Set<string>();
    edges.set(ref, dependsOn);
    const required: Record<string, unknown>[] = [];
    const all: Record<string, unknown>[] = [];
    for (const [field, isOptional] of [
      ['dependencies', false],
      ['optionalDependencies', true],
    ] as const) {
      for (const [name, range] of stringEntries(entry[field])) {
        const target = resolve(name, range);
        if (target === undefined) {
          if (!isOptional)
            warn(`${patterns[0]} depends on ${name}@${range}, which the lockfile does not list`);
          continue;
        }
        const targetRef = refOf.get(target) ?? '';
        if (targetRef !== ref) dependsOn.add(targetRef);
        all.push(target);
        if (!isOptional) required.push(target);
      }
    }
    requiredTargets.set(entry, required);
    allTargets.set(entry, all);
  }

  const read = await readPackageManifest(input, 'package.json');
  const manifest = 'manifest' in read ? read.manifest : undefined;
  let roots: Roots;
  if (manifest === undefined) {
    const problem = 'problem' in read ? read.problem : '';
    warn(
      `${problem}: development dependencies cannot be told apart, so every package is treated as required`,
    );
    roots = unrequiredRoots(patternsOf.keys(), allTargets);
  } else {
    roots = manifestRoots(manifest, resolve, warn);
  }
  const development = developmentOnly(
    roots.production,
    roots.development,
    (entry) => allTargets.get(entry) ?? [],
  );
  const required = reachable(roots.required, (entry) => requiredTargets.get(entry) ?? []);
  const reached = reachable(
    [...roots.production, ...roots.development],
    (entry) => allTargets.get(entry) ?? [],
  );
  // Blocks nothing reaches (stale ones, or the project lacks a manifest) have no say in the flags.
  markFlags(
    components,
    [...patternsOf.keys()].filter((entry) => reached.has(entry)),
    refOf,
    (entry) => ({
      development: development.has(entry),
      // Optional: something reaches it, but only through `optionalDependencies` edges.
      optional: !required.has(entry),
    }),
  );

  const direct = new Set<string>();
  for (const entry of [...roots.production, ...roots.development]) direct.add(refOf.get(entry) ?? '');
  return {
    ...(manifest?.project.name ? { project: manifest.project } : {}),
    components: [...components.values()],
    dependencies: [...edges].map(([ref, targets]) => ({ ref, dependsOn: [...targets].sort() })),
    directDependencies: [...direct].sort(),
    warnings,
  };
}

/** @throws SbomError SBOM_LOCKFILE_MALFORMED when yarn's parser rejects the text or finds a conflict. */
async function parseClassic(
  path: string,
  text: string,
  warn: (message: string) => void,
): Promise<Record<string, unknown>> {
  // Loaded on use: yarn's parser is ~290 kB of bundled code that no other format needs.
  // CommonJS: Node exposes it as `default`; bundlers may also lift `parse` to the namespace.
  const loaded = (await import('@yarnpkg/lockfile')) as Partial<typeof yarnLockfile> & {
    default?: typeof yarnLockfile;
  };
  const parse = loaded.default?.parse ?? loaded.parse;
  if (typeof parse !== 'function') throw new TypeError('@yarnpkg/lockfile has no parse function');
  let parsed: ReturnType<typeof yarnLockfile.parse>;
  try {
    parsed = parse(text, path);
  } catch (error) {
    // Its messages end in "<line>:<column> in <file>".
    throw malformed(path, `not a valid yarn v1 lockfile: ${(error as Error).message}`, error);
  }
  if (parsed.type === 'conflict') {
    throw malformed(path, 'has git merge conflict markers whose sides yarn cannot merge');
  }
  if (parsed.type === 'merge') {
    warn('has git merge conflict markers; both sides were read and merged, as yarn install would');
  }
  return parsed.object as Record<string, unknown>;
}

function stringEntries(value: unknown): [string, string][] {
  if (!isRecord(value)) return [];
  return Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
}

/** `@scope/name@range` → name and range (the name's own `@` is its first character). */
function splitPattern(pattern: string): { name: string; range: string } {
  const at = pattern.indexOf('@', 1);
  return at < 0 ? { name: pattern, range: '' } : { name: pattern.slice(0, at), range: pattern.slice(at + 1) };
}

const GIT_URL = /^(?:git\+|git:|ssh:|git@|github:|gitlab:|bitbucket:)/;

/**
 * The component a block describes. An alias (`string-width-cjs@npm:string-width@^4.2.0`) is the real package,
 * so the PURL names it. `resolved` says where it came from: a registry tarball keeps the bare PURL (so
 * advisories match); git and other URLs get a `vcs_url` / `download_url` qualifier (PURL spec), as do
 * `file:`/`link:` folders, which have no `resolved` at all.
 */
function componentOf(path: string, pattern: string, entry: Record<string, unknown>): Component {
  let { name, range } = splitPattern(pattern);
  if (range.startsWith('npm:')) name = splitPattern(range.slice('npm:'.length)).name;
  const version = entry.version as string;
  const resolved = typeof entry.resolved === 'string' ? entry.resolved : undefined;
  const integrity = hashesFromIntegrity(typeof entry.integrity === 'string' ? entry.integrity : undefined);
  let hashes: Hash[] = integrity;
  let qualifiers: Qualifiers | undefined;
  const distributions: Distribution[] = [];
  if (resolved !== undefined) {
    const hashIndex = resolved.indexOf('#');
    const url = hashIndex < 0 ? resolved : resolved.slice(0, hashIndex);
    const fragment = hashIndex < 0 ? '' : resolved.slice(hashIndex + 1);
    if (GIT_URL.test(resolved) || url.endsWith('.git')) {
      // The fragment of a git URL is the commit, not a digest.
      qualifiers = { vcs_url: /^https?:/.test(resolved) ? `git+${resolved}` : resolved };
    } else {
      // Yarn v1 appends the tarball's SHA-1 as the fragment; it is the only digest of pre-integrity locks.
      if (hashes.length === 0 && /^[0-9a-f]{40}$/i.test(fragment)) {
        hashes = [{ algorithm: 'SHA-1', content: fragment.toLowerCase() }];
      }
      if (/^https?:/i.test(url)) {
        distributions.push({ url, hashes });
        if (!isRegistryTarball(url)) qualifiers = { download_url: url };
      } else {
        qualifiers = { download_url: url };
      }
    }
  } else if (/^(?:file|link|portal):/.test(range)) {
    qualifiers = { download_url: range };
  }
  let purl: string;
  try {
    purl = npmPurl(name, version, qualifiers);
  } catch (error) {
    throw malformed(path, `"${pattern}" names no valid package (${JSON.stringify(name)})`, error);
  }
  return {
    ref: purl,
    ecosystem: 'npm',
    name,
    version,
    purl,
    development: false,
    optional: false,
    hashes,
    distributions,
    properties: [],
  };
}

/**
 * Every npm registry (npmjs, yarnpkg, GitHub Packages, Artifactory, Verdaccio) serves tarballs as
 * `<registry>/<name>/-/<file>.tgz` (npm registry API "Tarball URL"); other URLs are direct tarball specs.
 */
function isRegistryTarball(url: string): boolean {
  const pathname = url.replace(/^https?:\/\/[^/]*/i, '').split('?')[0] ?? '';
  return pathname.includes('/-/') && pathname.endsWith('.tgz');
}

interface Roots {
  production: Record<string, unknown>[];
  development: Record<string, unknown>[];
  /** Roots that are not `optionalDependencies`. */
  required: Record<string, unknown>[];
}

function manifestRoots(
  manifest: PackageManifest,
  resolve: (name: string, range: string) => Record<string, unknown> | undefined,
  warn: (message: string) => void,
): Roots {
  const roots: Roots = { production: [], development: [], required: [] };
  const kinds = [
    [manifest.dependencies, roots.production, true],
    [manifest.optionalDependencies, roots.production, false],
    [manifest.devDependencies, roots.development, true],
  ] as const;
  for (const [declared, into, isRequired] of kinds) {
    for (const [name, range] of declared) {
      const entry = resolve(name, range);
      if (entry === undefined) {
        if (isRequired) warn(`package.json depends on ${name}@${range}, which the lockfile does not list`);
        continue;
      }
      into.push(entry);
      if (isRequired) roots.required.push(entry);
    }
  }
  return roots;
}

/** Without a manifest, the project's direct dependencies are taken to be the blocks nothing depends on. */
function unrequiredRoots(
  entries: Iterable<Record<string, unknown>>,
  targets: Map<Record<string, unknown>, Record<string, unknown>[]>,
): Roots {
  const depended = new Set<Record<string, unknown>>();
  for (const list of targets.values()) for (const target of list) depended.add(target);
  const production = [...entries].filter((entry) => !depended.has(entry));
  return { production, development: [], required: production };
}

/** Per component, the AND over its blocks: one production (required) block makes the package so. */
function markFlags(
  components: Map<string, Component>,
  entries: Iterable<Record<string, unknown>>,
  refOf: Map<Record<string, unknown>, string>,
  flagsOf: (entry: Record<string, unknown>) => { development: boolean; optional: boolean },
): void {
  const development = new Map<string, boolean>();
  const optional = new Map<string, boolean>();
  for (const entry of entries) {
    const ref = refOf.get(entry) ?? '';
    const flags = flagsOf(entry);
    development.set(ref, (development.get(ref) ?? true) && flags.development);
    optional.set(ref, (optional.get(ref) ?? true) && flags.optional);
  }
  for (const component of components.values()) {
    component.development = development.get(component.ref) ?? false;
    component.optional = optional.get(component.ref) ?? false;
    if (component.development)
      component.properties.push({ name: 'cdx:npm:package:development', value: 'true' });
  }
}
