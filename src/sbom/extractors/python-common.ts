import { parse as parseTomlText, TomlError } from 'smol-toml';
import type { Component, Distribution, Hash, Property } from '../model/component.js';
import { normalizePypiName, pypiPurl, type Qualifiers } from '../model/purl.js';
import { type ExtractorInput, malformed, utf8Text } from './extractor.js';

/**
 * Small pieces the Python lockfile extractors (uv.lock, poetry.lock, Pipfile.lock) share. Kept general
 * on purpose: no format's own rules live here.
 */

/** PyPI's PEP 503 "Simple Repository API" root, the index every Python installer defaults to. */
export const PYPI_SIMPLE_URL = 'https://pypi.org/simple';

/** A zero-byte (or blank) lockfile is a broken checkout or an interrupted write, never an empty lock. */
export function isBlank(content: Buffer): boolean {
  return utf8Text(content).trim() === '';
}

/**
 * A TOML 1.0 document as a table, with an error that names the file and the line where it broke.
 * @throws SbomError SBOM_LOCKFILE_MALFORMED for an empty file or invalid TOML
 */
export function parseToml(path: string, content: Buffer): Record<string, unknown> {
  if (isBlank(content)) throw malformed(path, 'empty file');
  try {
    return parseTomlText(utf8Text(content)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      // smol-toml's message repeats the offending lines as a code block; its first line is the reason.
      const reason = (error.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
      throw malformed(path, `not valid TOML: line ${error.line}, column ${error.column}: ${reason}`, error);
    }
    throw malformed(path, `not valid TOML: ${(error as Error).message}`, error);
  }
}

/** What reading a manifest beside the lockfile gave: its bytes, nothing (absent), or why not. */
export type SiblingRead = { content: Buffer } | { missing: true } | { problem: string };

/**
 * Reads a manifest beside the lockfile (pyproject.toml, Pipfile). An absent file is an answer, not an
 * error: the lockfile alone still lists every package.
 */
export async function readSibling(input: ExtractorInput, relativePath: string): Promise<SiblingRead> {
  try {
    return { content: await input.readRelative(relativePath) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'INPUT_NOT_FOUND' || code === 'ENOENT') return { missing: true };
    return { problem: `${relativePath} could not be read (${(error as Error).message})` };
  }
}

/**
 * Source distribution archives: PEP 625 `.tar.gz`, and the `.zip`/`.tar.bz2`/… of older sdists that
 * PyPI still serves. A wheel is never one (binary distribution format, `.whl`).
 */
export function isSdistFileName(fileName: string): boolean {
  return /\.(?:tar\.gz|tgz|zip|tar\.bz2|tbz|tar\.xz|txz|tar)$/i.test(fileName);
}

/**
 * An index's PEP 503 project page (`{index}/{normalized-name}/`): the page the installer picks files
 * from, used as the distribution a set of file digests belongs to when the lock names no file URLs.
 */
export function indexProjectPage(indexUrl: string, name: string): string {
  return `${indexUrl.replace(/\/+$/, '')}/${normalizePypiName(name)}/`;
}

/** A file on PyPI's own file host is the registry release, not a separate source (PURL `download_url`). */
export function isPypiFileUrl(url: string): boolean {
  return /^https?:\/\/files\.pythonhosted\.org\//i.test(url);
}

/**
 * Removes user and password from a URL: index tokens end up in lockfiles and Pipfiles (`${TOKEN}@host`),
 * and an SBOM is meant to be shared. The ssh user of `ssh://git@host/…` is an address, not a secret.
 */
export function withoutCredentials(url: string): string {
  return url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#@]*)@/, (whole, scheme: string, user: string) =>
    scheme.includes('ssh') && !user.includes(':') ? whole : scheme,
  );
}

/**
 * The PURL spec's `vcs_url` (SPDX 2.3 §7.7 "VCS location" syntax): `git+https://host/repo@revision`.
 * The VCS tool prefix is added unless the URL already carries one.
 */
export function vcsLocation(tool: string, url: string, revision: string | undefined): string {
  const bare = withoutCredentials(url);
  const prefixed = /^(?:git|hg|svn|bzr)\+/i.test(bare) ? bare : `${tool}+${bare}`;
  return revision ? `${prefixed}@${revision}` : prefixed;
}

/** PEP 508 "Names" and extras at the start of a requirement string. */
const REQUIREMENT_HEAD = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?/;

export interface RequirementHead {
  name: string;
  /** Normalised (PEP 685) extra names. */
  extras: string[];
  /** Whether an environment marker (`; python_version < "3.11"`) makes it conditional. */
  conditional: boolean;
}

/**
 * The name, extras and marker presence of a PEP 508 requirement (`foo[bar] (>=1) ; python_version<"3.8"`),
 * as pyproject.toml `[project].dependencies` and poetry.lock `[package.extras]` write them. Version
 * specifiers are not interpreted.
 */
export function parseRequirementHead(requirement: string): RequirementHead | undefined {
  const match = REQUIREMENT_HEAD.exec(requirement);
  if (!match?.[1]) return undefined;
  const extras = (match[2] ?? '')
    .split(',')
    .map((extra) => normalizePypiName(extra.trim()))
    .filter((extra) => extra !== '');
  return { name: match[1], extras, conditional: requirement.includes(';') };
}

export interface PypiComponentFields {
  name: string;
  version: string;
  qualifiers?: Qualifiers | undefined;
  hashes?: Hash[];
  distributions?: Distribution[];
  properties?: Property[];
  description?: string | undefined;
  development?: boolean;
  optional?: boolean;
}

/** A PyPI component whose ref is its PURL (PEP 503-normalised name, qualifiers for other sources). */
export function pypiComponent(fields: PypiComponentFields): Component {
  const purl = pypiPurl(fields.name, fields.version || undefined, fields.qualifiers);
  return {
    ref: purl,
    ecosystem: 'pypi',
    name: fields.name,
    version: fields.version,
    purl,
    development: fields.development ?? false,
    optional: fields.optional ?? false,
    hashes: fields.hashes ?? [],
    distributions: fields.distributions ?? [],
    properties: fields.properties ?? [],
    ...(fields.description ? { description: fields.description } : {}),
  };
}

/**
 * Adds a component to a map by ref; a second occurrence of the same ref (one release reached from two
 * places of the lock) keeps one entry, development/optional only if both are, as the graph builder does.
 */
export function addComponent(components: Map<string, Component>, component: Component): Component {
  const known = components.get(component.ref);
  if (known === undefined) {
    components.set(component.ref, component);
    return component;
  }
  known.development &&= component.development;
  known.optional &&= component.optional;
  if (known.hashes.length === 0) known.hashes = component.hashes;
  const urls = new Set(known.distributions.map((distribution) => distribution.url));
  known.distributions.push(...component.distributions.filter((distribution) => !urls.has(distribution.url)));
  const properties = new Set(known.properties.map((property) => `${property.name}\u0000${property.value}`));
  known.properties.push(
    ...component.properties.filter((property) => !properties.has(`${property.name}\u0000${property.value}`)),
  );
  return known;
}

/** Property names from the CycloneDX property taxonomy (`cdx/python.md`), shared by every Python lock. */
export const PYTHON_PROPERTIES = {
  commitId: 'cdx:python:package:source:vcs:commit_id',
  requestedRevision: 'cdx:python:package:source:vcs:requested_revision',
  subdirectory: 'cdx:python:package:source:subdirectory',
  editable: 'cdx:python:package:source:local:editable',
  requiredExtra: 'cdx:python:package:required-extra',
} as const;
