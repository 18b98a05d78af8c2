/**
 * `veriship sbom diff`: which components two SBOMs add, remove and change. A component keeps its identity
 * across versions (its PURL without version), so an upgrade is one change, not a removal and an addition.
 *
 * Input is any SBOM `readSbom` reads, so OLD and NEW may even be in different formats (an SPDX 3 release
 * SBOM against last release's CycloneDX).
 */
import { PackageURL } from 'packageurl-js';
import { InputError } from '../../errors.js';
import { type ReadSbomFormat, readSbom, type SbomComponent } from '../read/read-sbom.js';

/** One component as the diff sees it. Lists are sorted and free of duplicates. */
export interface SbomEntry {
  /** Identity across versions: the versionless PURL (see `identityOfPurl`), else `name:<group>/<name>`. */
  key: string;
  /** For people: `group/name` (npm scope, Maven group) or the bare name. */
  name: string;
  version?: string;
  purl?: string;
  /** `ALG:hex`, CycloneDX algorithm names, lowercase hex. */
  hashes: string[];
  /** SPDX ids, expressions, or licence names as written. */
  licenses: string[];
}

export interface SbomInventory {
  file: string;
  format: ReadSbomFormat;
  entries: SbomEntry[];
}

export type SbomChangeKind = 'version' | 'hashes' | 'license';

export interface SbomChange {
  key: string;
  name: string;
  before: SbomEntry;
  after: SbomEntry;
  changes: SbomChangeKind[];
}

export interface SbomDiff {
  added: SbomEntry[];
  removed: SbomEntry[];
  changed: SbomChange[];
}

/** A VCS location names a repository plus, after `@` or `#`, a revision; the revision is version. */
function withoutRevision(vcsUrl: string): string {
  const withoutFragment = vcsUrl.split('#')[0] ?? vcsUrl;
  const lastSlash = withoutFragment.lastIndexOf('/');
  const at = withoutFragment.indexOf('@', lastSlash + 1);
  return at < 0 ? withoutFragment : withoutFragment.slice(0, at);
}

/**
 * Qualifiers that tell two packages apart rather than two versions of one (PURL spec "Known qualifiers"):
 * `arch`/`os` (libc6 for amd64 and for i386 are both installed), Maven `classifier`/`type` (a jar and its
 * `sources` jar), `repository_url` (the same name from another registry is another package: dependency
 * confusion), and `vcs_url` without its revision. `download_url`, `file_name`, `checksum` and `distro`
 * change with every release and are left out.
 */
const identityQualifiers: Readonly<Record<string, (value: string) => string>> = {
  arch: (value) => value,
  os: (value) => value,
  classifier: (value) => value,
  type: (value) => value,
  repository_url: (value) => value,
  vcs_url: withoutRevision,
};

/** The PURL without version and without version-specific qualifiers, or undefined when it does not parse. */
export function identityOfPurl(purl: string): string | undefined {
  let parsed: PackageURL;
  try {
    parsed = PackageURL.fromString(purl);
  } catch {
    return undefined;
  }
  const qualifiers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed.qualifiers ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const normalize = identityQualifiers[name];
    if (normalize && typeof value === 'string' && value !== '') qualifiers[name] = normalize(value);
  }
  return new PackageURL(
    parsed.type,
    parsed.namespace,
    parsed.name,
    undefined,
    Object.keys(qualifiers).length > 0 ? qualifiers : undefined,
    parsed.subpath,
  ).toString();
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

function makeEntry(fields: {
  group?: string;
  name: string;
  version?: string;
  purl?: string;
  hashes: string[];
  licenses: string[];
}): SbomEntry {
  const displayName = fields.group ? `${fields.group}/${fields.name}` : fields.name;
  const purlIdentity = fields.purl === undefined ? undefined : identityOfPurl(fields.purl);
  let version = fields.version;
  if (version === undefined && fields.purl !== undefined && purlIdentity !== undefined) {
    version = PackageURL.fromString(fields.purl).version ?? undefined;
  }
  return {
    key: purlIdentity ?? `name:${displayName}`,
    name: displayName,
    ...(version === undefined ? {} : { version }),
    ...(fields.purl === undefined ? {} : { purl: fields.purl }),
    hashes: sortedUnique(fields.hashes),
    licenses: sortedUnique(fields.licenses),
  };
}

function entryOf(file: string, component: SbomComponent, index: number): SbomEntry {
  if (component.name === '' && component.purl === undefined) {
    const which = component.bomRef ? ` (${component.bomRef})` : '';
    throw new InputError({
      code: 'INPUT_MALFORMED',
      file,
      message: `component ${index + 1}${which} has neither name nor purl, so it cannot be compared`,
    });
  }
  return makeEntry({
    ...(component.group ? { group: component.group } : {}),
    name: component.name || (component.purl as string),
    ...(component.version ? { version: component.version } : {}),
    ...(component.purl ? { purl: component.purl } : {}),
    hashes: Object.entries(component.hashes).map(([algorithm, hex]) => `${algorithm}:${hex}`),
    licenses: component.licenses,
  });
}

/**
 * Reads the components of an SBOM for `diffSboms`, in any format `readSbom` reads: CycloneDX JSON and
 * XML, SPDX 2.2/2.3 JSON, SPDX 3 JSON-LD. The subject of the SBOM (CycloneDX `metadata.component`, the
 * package an SPDX document DESCRIBES) is not inventory; its own sub-components are. No schema validation:
 * a diff of two slightly non-conforming SBOMs is still useful; only what identifies a component is required.
 *
 * @throws InputError INPUT_MALFORMED (unparseable, an inventory list that is not a list of objects, or a
 *   component with neither name nor purl), INPUT_UNSUPPORTED (not an SBOM format we read).
 */
export async function readSbomForDiff(path: string, content: Uint8Array): Promise<SbomInventory> {
  const document = await readSbom(path, content);
  return {
    file: path,
    format: document.format,
    entries: document.components.map((component, index) => entryOf(path, component, index)),
  };
}

function compareText(a: string | undefined, b: string | undefined): number {
  const left = a ?? '';
  const right = b ?? '';
  return left < right ? -1 : left > right ? 1 : 0;
}

function compareEntries(a: SbomEntry, b: SbomEntry): number {
  return compareText(a.key, b.key) || compareText(a.version, b.version) || compareText(a.purl, b.purl);
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function changesBetween(before: SbomEntry, after: SbomEntry): SbomChangeKind[] {
  const changes: SbomChangeKind[] = [];
  if (before.version !== after.version) changes.push('version');
  if (!sameList(before.hashes, after.hashes)) changes.push('hashes');
  if (!sameList(before.licenses, after.licenses)) changes.push('license');
  return changes;
}

function groupByKey(entries: SbomEntry[]): Map<string, SbomEntry[]> {
  const groups = new Map<string, SbomEntry[]>();
  for (const entry of [...entries].sort(compareEntries)) {
    const group = groups.get(entry.key);
    if (group) group.push(entry);
    else groups.set(entry.key, [entry]);
  }
  return groups;
}

/**
 * Pairs the components of two inventories by identity. Within one identity, equal versions pair first
 * (npm may install lodash 3 and 4 side by side; each copy is compared with its own). What is left pairs
 * as a version change only when it is one old against one new, the only reading that is not a guess;
 * otherwise the rest is reported as removed and added.
 */
export function diffSboms(before: SbomInventory, after: SbomInventory): SbomDiff {
  const added: SbomEntry[] = [];
  const removed: SbomEntry[] = [];
  const changed: SbomChange[] = [];
  const oldGroups = groupByKey(before.entries);
  const newGroups = groupByKey(after.entries);
  const record = (oldEntry: SbomEntry, newEntry: SbomEntry): void => {
    const changes = changesBetween(oldEntry, newEntry);
    if (changes.length > 0) {
      changed.push({ key: oldEntry.key, name: newEntry.name, before: oldEntry, after: newEntry, changes });
    }
  };
  for (const key of new Set([...oldGroups.keys(), ...newGroups.keys()])) {
    const oldRest = [...(oldGroups.get(key) ?? [])];
    const newRest: SbomEntry[] = [];
    for (const newEntry of newGroups.get(key) ?? []) {
      const match = oldRest.findIndex((oldEntry) => oldEntry.version === newEntry.version);
      if (match < 0) newRest.push(newEntry);
      else record(oldRest.splice(match, 1)[0] as SbomEntry, newEntry);
    }
    if (oldRest.length === 1 && newRest.length === 1) {
      record(oldRest[0] as SbomEntry, newRest[0] as SbomEntry);
    } else {
      removed.push(...oldRest);
      added.push(...newRest);
    }
  }
  return {
    added: added.sort(compareEntries),
    removed: removed.sort(compareEntries),
    changed: changed.sort(
      (a, b) =>
        compareText(a.key, b.key) || compareEntries(a.before, b.before) || compareEntries(a.after, b.after),
    ),
  };
}

function label(entry: SbomEntry): string {
  return entry.version === undefined ? entry.name : `${entry.name}@${entry.version}`;
}

function describeList(values: string[]): string {
  return values.length === 0 ? '(none)' : values.join(', ');
}

function describeChange(change: SbomChange): string {
  const describe: Record<SbomChangeKind, () => string> = {
    version: () => `version ${change.before.version ?? '(none)'} → ${change.after.version ?? '(none)'}`,
    hashes: () => 'hashes changed',
    license: () => `license ${describeList(change.before.licenses)} → ${describeList(change.after.licenses)}`,
  };
  const parts = change.changes.map((kind) => describe[kind]());
  return `  ~ ${change.name} (${change.key}): ${parts.join('; ')}`;
}

/** The diff for a terminal: one line per component, sections in a fixed order, a count line last. */
export function formatDiffText(diff: SbomDiff): string {
  const lines: string[] = [];
  const section = (title: string, items: string[]): void => {
    if (items.length === 0) return;
    lines.push(`${title} (${items.length}):`, ...items);
  };
  section(
    'Added',
    diff.added.map((entry) => `  + ${label(entry)}${entry.purl ? ` (${entry.purl})` : ''}`),
  );
  section(
    'Removed',
    diff.removed.map((entry) => `  - ${label(entry)}${entry.purl ? ` (${entry.purl})` : ''}`),
  );
  section('Changed', diff.changed.map(describeChange));
  lines.push(
    lines.length === 0
      ? 'No component differences.'
      : `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`,
  );
  return `${lines.join('\n')}\n`;
}
