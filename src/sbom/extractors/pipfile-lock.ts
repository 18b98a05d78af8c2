import type {
  Component,
  Distribution,
  Extraction,
  ExtractionWarning,
  Hash,
  ProjectComponent,
  Property,
} from '../model/component.js';
import { hashFromPrefixedHex, mergeHashes } from '../model/hashes.js';
import { normalizePypiName, pypiPurl, type Qualifiers } from '../model/purl.js';
import {
  type Extractor,
  type ExtractorInput,
  isRecord,
  malformed,
  parseJson,
  unsupported,
} from './extractor.js';
import {
  addComponent,
  indexProjectPage,
  isBlank,
  isPypiFileUrl,
  PYPI_SIMPLE_URL,
  PYTHON_PROPERTIES,
  parseToml,
  pypiComponent,
  readSibling,
  vcsLocation,
  withoutCredentials,
} from './python-common.js';

/**
 * Pipenv `Pipfile.lock`, pipfile-spec 6 (pypa/pipfile; Pipenv docs, "Pipfile & Pipfile.lock").
 *
 * JSON: `_meta` (spec version, index `sources`), then one map per package category, name →
 * `{version: "==1.2.3", hashes: ["sha256:…"], markers, index, extras}` or a VCS/file/path entry
 * (`{git, ref}`, `{file}`, `{path, editable}`). `default` is what `pipenv install` installs, `develop` what
 * `--dev` adds; Pipenv ≥2023 writes custom categories (`[docs]` in the Pipfile) the same way.
 *
 * The lock stores no edges between packages, only the flat resolved set of each category, so the graph has
 * none: the project's direct dependencies are the packages its Pipfile names (all of them, without a
 * Pipfile), and every other package is listed without saying who pulls it in. That is a limit of the
 * format, not something dropped, hence no warning.
 */
export const pipfileLockExtractor: Extractor = {
  id: 'pipfile-lock',
  ecosystem: 'pypi',
  matches: (fileName) => fileName === 'Pipfile.lock',
  extract: extractPipfileLock,
};

const SUPPORTED_SPEC = 6;
const DEFAULT_CATEGORY = 'default';
/** Pipfile section name → lock category (Pipenv `get_lockfile_section_using_pipfile_category`). */
const PIPFILE_SECTIONS: Readonly<Record<string, string>> = { packages: 'default', 'dev-packages': 'develop' };
/** Pipenv's `cdx:pipenv` taxonomy name (cyclonedx-property-taxonomy `cdx/pipenv.md`), as cyclonedx-py writes it. */
const CATEGORY_PROPERTY = 'cdx:pipenv:category';
/** Pipfile/Pipfile.lock keys that are settings, not package categories. */
const NOT_CATEGORIES = new Set(['_meta', 'source', 'requires', 'scripts', 'pipenv']);

interface Entry {
  category: string;
  name: string;
  data: Record<string, unknown>;
}

/**
 * @throws SbomError SBOM_LOCKFILE_MALFORMED (empty, invalid JSON, no `_meta`) /
 *   SBOM_LOCKFILE_UNSUPPORTED (a pipfile-spec other than 6)
 */
async function extractPipfileLock(input: ExtractorInput): Promise<Extraction> {
  const { path } = input;
  if (isBlank(input.content)) throw malformed(path, 'empty file');
  const lock = parseJson(path, input.content);
  if (!isRecord(lock)) throw malformed(path, 'not a JSON object');
  const warnings: ExtractionWarning[] = [];
  const warn = (message: string) => warnings.push({ file: path, message });
  if (!isRecord(lock._meta)) throw malformed(path, 'no "_meta": not a Pipfile.lock');
  const spec = lock._meta['pipfile-spec'];
  if (spec === undefined) throw malformed(path, 'no "_meta.pipfile-spec": not a Pipfile.lock');
  if (spec !== SUPPORTED_SPEC) {
    throw unsupported(
      path,
      `pipfile-spec ${JSON.stringify(spec)} is not supported (supported: ${SUPPORTED_SPEC})`,
    );
  }
  const sources = readSources(lock._meta.sources);

  const entries: Entry[] = [];
  for (const [category, packages] of Object.entries(lock)) {
    if (NOT_CATEGORIES.has(category)) continue;
    if (!isRecord(packages)) throw malformed(path, `"${category}" is not an object of packages`);
    for (const [name, data] of Object.entries(packages)) {
      if (!isRecord(data)) throw malformed(path, `"${category}"."${name}" is not an object`);
      entries.push({ category, name, data });
    }
  }

  // An editable install of the lock's own folder (`e1839a8 = {path = ".", editable = true}`) is the
  // project itself, as in cyclonedx-py's Pipenv builder: not a component.
  const self = entries.find((entry) => isProjectItself(entry.data));
  let project: ProjectComponent | undefined;
  if (self !== undefined) {
    try {
      project = { ecosystem: 'pypi', name: self.name, purl: pypiPurl(self.name, undefined) };
    } catch (error) {
      throw malformed(path, `"${self.category}"."${self.name}": no valid PURL`, error);
    }
  }

  const components = new Map<string, Component>();
  const refsByEntry = new Map<Entry, string>();
  for (const entry of entries) {
    if (isProjectItself(entry.data)) continue;
    const made = toComponent(path, entry, sources, warn);
    if (made === undefined) continue;
    refsByEntry.set(entry, addComponent(components, made).ref);
  }

  const direct = await directDependencies(input, entries, refsByEntry, warn);
  return {
    ...(project === undefined ? {} : { project }),
    components: [...components.values()],
    dependencies: [],
    directDependencies: [...direct].sort(),
    warnings,
  };
}

/** `_meta.sources`: name → index URL. The first source is the index a package without `index` came from. */
function readSources(value: unknown): { byName: Map<string, string>; first: string } {
  const byName = new Map<string, string>();
  let first: string | undefined;
  for (const source of Array.isArray(value) ? value : []) {
    if (!isRecord(source) || typeof source.url !== 'string') continue;
    const url = withoutCredentials(source.url);
    first ??= url;
    if (typeof source.name === 'string') byName.set(source.name, url);
  }
  return { byName, first: first ?? PYPI_SIMPLE_URL };
}

function isProjectItself(data: Record<string, unknown>): boolean {
  return typeof data.path === 'string' && /^\.?\/?$/.test(data.path.trim());
}

function toComponent(
  path: string,
  entry: Entry,
  sources: { byName: Map<string, string>; first: string },
  warn: (message: string) => void,
): Component | undefined {
  const { name, data, category } = entry;
  const properties: Property[] = [{ name: CATEGORY_PROPERTY, value: category }];
  if (Array.isArray(data.extras)) {
    for (const extra of data.extras) {
      if (typeof extra === 'string') {
        properties.push({ name: PYTHON_PROPERTIES.requiredExtra, value: normalizePypiName(extra) });
      }
    }
  }
  // `==1.2.3` (or `===…`); VCS and local entries usually have none.
  const version = typeof data.version === 'string' ? data.version.replace(/^={2,3}/, '').trim() : '';
  const hashes = mergeHashes(
    (Array.isArray(data.hashes) ? data.hashes : [])
      .map((value) => (typeof value === 'string' ? hashFromPrefixedHex(value) : undefined))
      .filter((hash): hash is Hash => hash !== undefined),
  );
  const distributions: Distribution[] = [];
  let qualifiers: Qualifiers | undefined;
  let componentHashes: Hash[] = [];

  const vcs = (['git', 'hg', 'svn', 'bzr'] as const).find((tool) => typeof data[tool] === 'string');
  if (vcs !== undefined) {
    const url = String(data[vcs]).split('#')[0] ?? '';
    const ref = typeof data.ref === 'string' ? data.ref : undefined;
    const location = vcsLocation(vcs, url, ref);
    qualifiers = { vcs_url: location };
    distributions.push({ url: location, hashes: [] });
    // Pipenv writes the commit it resolved to `ref` (the Pipfile's `ref` may be a branch or tag).
    if (ref) properties.push({ name: PYTHON_PROPERTIES.commitId, value: ref });
    if (typeof data.subdirectory === 'string') {
      properties.push({ name: PYTHON_PROPERTIES.subdirectory, value: data.subdirectory });
    }
  } else if (typeof data.file === 'string') {
    const url = withoutCredentials(data.file);
    const isUrl = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url) && !/^file:/i.test(url);
    if (!isPypiFileUrl(url))
      qualifiers = { download_url: isUrl ? url : `file:${url.replace(/^file:/i, '')}` };
    // Every digest of a `file` entry is of that one archive.
    if (isUrl) distributions.push({ url, hashes });
    componentHashes = firstPerAlgorithm(hashes);
  } else if (typeof data.path === 'string') {
    qualifiers = { download_url: `file:${data.path}` };
    if (data.editable === true) properties.push({ name: PYTHON_PROPERTIES.editable, value: 'true' });
  } else {
    if (version === '') {
      warn(`"${category}"."${name}" has no version and no source: left out`);
      return undefined;
    }
    // Registry release: the bare PURL whatever the index, as for the other Python locks. The digests name
    // no file (pipenv accepts any file of the release whose digest is listed), so, as cyclonedx-py's
    // Pipenv builder does, they go on the index project page the files are picked from. Putting one of
    // them on the component would claim we know which artifact it is; only a lone digest is certain.
    const index = typeof data.index === 'string' ? sources.byName.get(data.index) : undefined;
    if (hashes.length > 0) {
      distributions.push({ url: indexProjectPage(index ?? sources.first, name), hashes });
    }
    componentHashes = hashes.length === 1 ? hashes : [];
  }

  try {
    return pypiComponent({
      name,
      version,
      qualifiers,
      hashes: componentHashes,
      distributions,
      properties,
      development: category !== DEFAULT_CATEGORY,
    });
  } catch (error) {
    throw malformed(path, `"${category}"."${name}": no valid PURL`, error);
  }
}

function firstPerAlgorithm(hashes: Hash[]): Hash[] {
  const seen = new Set<string>();
  return hashes.filter((hash) => !seen.has(hash.algorithm) && seen.add(hash.algorithm));
}

/**
 * The packages the Pipfile beside the lock names, per section (`[packages]` → `default`,
 * `[dev-packages]` → `develop`, a custom `[docs]` → `docs`). Without a readable Pipfile every locked
 * package is direct: the lock says nothing else about its shape.
 */
async function directDependencies(
  input: ExtractorInput,
  entries: Entry[],
  refsByEntry: Map<Entry, string>,
  warn: (message: string) => void,
): Promise<Set<string>> {
  const everything = new Set(refsByEntry.values());
  const read = await readSibling(input, 'Pipfile');
  if ('missing' in read) return everything;
  if ('problem' in read) {
    warn(`${read.problem}: every locked package is taken as a direct dependency`);
    return everything;
  }
  let pipfile: Record<string, unknown>;
  try {
    pipfile = parseToml('Pipfile', read.content);
  } catch (error) {
    warn(`Pipfile: ${(error as Error).message}: every locked package is taken as a direct dependency`);
    return everything;
  }

  const direct = new Set<string>();
  for (const [section, packages] of Object.entries(pipfile)) {
    if (NOT_CATEGORIES.has(section) || !isRecord(packages)) continue;
    const category = PIPFILE_SECTIONS[section] ?? section;
    for (const [key, constraint] of Object.entries(packages)) {
      const entry = findEntry(entries, category, key, constraint);
      if (entry === undefined) {
        const conditional =
          isRecord(constraint) &&
          Object.keys(constraint).some(
            (field) => field === 'markers' || /^(?:sys_platform|platform_|os_name|python_)/.test(field),
          );
        if (!conditional)
          warn(`Pipfile [${section}] names ${key}, which the lock does not list (lock out of date?)`);
        continue;
      }
      const ref = refsByEntry.get(entry);
      if (ref !== undefined) direct.add(ref);
    }
  }
  return direct;
}

/**
 * The lock entry for a Pipfile entry: same normalised name, in the section's category first. A VCS or path
 * entry may be keyed by any alias in the Pipfile (`e1839a8 = {path = "."}`); it is found by its location.
 */
function findEntry(entries: Entry[], category: string, key: string, constraint: unknown): Entry | undefined {
  const name = normalizePypiName(key);
  const byName = entries.filter((entry) => normalizePypiName(entry.name) === name);
  const found = byName.find((entry) => entry.category === category) ?? byName[0];
  if (found !== undefined || !isRecord(constraint)) return found;
  for (const field of ['git', 'hg', 'svn', 'bzr', 'file', 'path'] as const) {
    const location = constraint[field];
    if (typeof location !== 'string') continue;
    const matches = entries.filter((entry) => entry.data[field] === location);
    return matches.find((entry) => entry.category === category) ?? matches[0];
  }
  return undefined;
}
