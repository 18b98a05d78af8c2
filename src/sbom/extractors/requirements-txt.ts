import { basename, dirname, join, posix } from 'node:path';
import { InputError } from '../../errors.js';
import type {
  Component,
  Distribution,
  Extraction,
  ExtractionWarning,
  Hash,
  Property,
} from '../model/component.js';
import { hashFromPrefixedHex, mergeHashes } from '../model/hashes.js';
import { normalizePypiName, pypiPurl, type Qualifiers } from '../model/purl.js';
import { type Extractor, type ExtractorInput, malformed, utf8Text } from './extractor.js';
import { withoutCredentials } from './python-common.js';

/**
 * pip requirements files (pip docs, "Requirements File Format"), as `pip freeze`, pip-compile and
 * hand-written files use them.
 *
 * Walking a folder, only these base names are taken for requirements files: `requirements.txt`,
 * `requirements-*.txt`, `requirements_*.txt` and `*-requirements.txt`. Any other `*.txt`
 * (`requirements/main.txt`, `constraints.txt`) is read only when a requirements file includes it with
 * `-r`/`-c`: a bare `*.txt` is as likely a licence or notes, and an included file read on its own as
 * well would be counted twice.
 */
const FILE_NAME = /^(?:requirements(?:[-_].+)?|.+-requirements)\.txt$/;

/** pip's default index (pip docs, `--index-url`). */
const DEFAULT_INDEX = 'https://pypi.org/simple';

/** PEP 508 "Names": letters, digits, `.`, `_`, `-`, starting and ending with a letter or digit. */
const NAME = '[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?';
const NAME_ONLY = new RegExp(`^${NAME}$`);
const NAME_THEN_REST = new RegExp(`^(${NAME})\\s*(?:\\[([^\\]]*)\\])?\\s*(.*)$`, 's');
/**
 * PEP 440 "Version specifiers": `===` takes any string (arbitrary equality); other operators take a
 * version, whose characters are letters, digits and `.`, `_`, `+`, `!`, `-`, and `*` for prefix matching.
 */
const CLAUSE = /^\s*(?:(===)\s*([^\s,;]+)|(==|!=|~=|<=|>=|<|>)\s*([A-Za-z0-9][A-Za-z0-9._+!*-]*))\s*$/;
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const VCS_SCHEME = /^(?:git|hg|svn|bzr)\+/i;
const ARCHIVE = /\.(?:whl|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar|zip)$/i;

/** pip options that take a value, under the name we act on (pip `req_file.py` SUPPORTED_OPTIONS). */
const VALUE_OPTIONS: Readonly<Record<string, string>> = {
  '-r': 'requirement',
  '--requirement': 'requirement',
  '-c': 'constraint',
  '--constraint': 'constraint',
  '-e': 'editable',
  '--editable': 'editable',
  '-i': 'index-url',
  '--index-url': 'index-url',
  '--extra-index-url': 'extra-index-url',
  '-f': 'find-links',
  '--find-links': 'find-links',
  '--trusted-host': 'trusted-host',
  '--use-feature': 'use-feature',
  '--no-binary': 'no-binary',
  '--only-binary': 'only-binary',
  // Per-requirement options (after a requirement on the same logical line).
  '--hash': 'hash',
  '--config-settings': 'config-settings',
  '--global-option': 'global-option',
  '--install-option': 'install-option',
};
/** Flags: installer behaviour only, nothing to record. */
const FLAG_OPTIONS = new Set(['--no-index', '--pre', '--prefer-binary', '--require-hashes']);
const PER_REQUIREMENT = new Set(['hash', 'config-settings', 'global-option', 'install-option']);

type FileKind = 'requirements' | 'constraints';

interface SourceFile {
  /** Path relative to the top file's folder, `/`-separated: what `readRelative` takes. */
  key: string;
  /** The path as warnings name it. */
  display: string;
  kind: FileKind;
}

type Source =
  | { kind: 'index' }
  | { kind: 'url'; url: string; version: string | undefined }
  | { kind: 'vcs'; url: string; revision: string | undefined; subdirectory: string | undefined };

interface Requirement {
  file: SourceFile;
  line: number;
  /** As written, without options and markers: what a warning quotes. */
  text: string;
  name: string;
  extras: string[];
  /** The exact version of a `==`/`===` specifier. */
  pin: string | undefined;
  source: Source;
  hashes: Hash[];
  /** pip-compile's `# via` annotation: who asked for this package. */
  via: { listed: boolean; direct: boolean; parents: string[] };
}

interface Include {
  line: number;
  target: string;
  kind: FileKind;
}

interface State {
  requirements: Requirement[];
  /** Normalised name → exact versions pinned by constraints files. */
  constraints: Map<string, Set<string>>;
  indexUrl: string | undefined;
  extraIndexUrls: string[];
  noIndex: boolean;
  warnings: ExtractionWarning[];
}

interface LogicalLine {
  line: number;
  text: string;
  comment: string | undefined;
}

export const requirementsTxtExtractor: Extractor = {
  id: 'requirements-txt',
  ecosystem: 'pypi',
  matches: (fileName) => FILE_NAME.test(fileName),
  extract: extractRequirementsTxt,
};

/**
 * @throws SbomError SBOM_LOCKFILE_MALFORMED for a line pip would reject as an invalid requirement
 * @throws InputError (from `readRelative`) when an included file cannot be read, naming the including line
 */
export async function extractRequirementsTxt(input: ExtractorInput): Promise<Extraction> {
  const state: State = {
    requirements: [],
    constraints: new Map(),
    indexUrl: undefined,
    extraIndexUrls: [],
    noIndex: false,
    warnings: [],
  };
  const top: SourceFile = {
    key: posix.normalize(basename(input.path)),
    display: input.path,
    kind: 'requirements',
  };
  await readTree(input, top, input.content, state, [], new Set());
  return buildExtraction(state);
}

/**
 * Parses one file, then the files it includes. pip resolves `-r`/`-c` paths against the including
 * file's folder; `readRelative` takes paths against the top file's folder, hence the `key` arithmetic.
 */
async function readTree(
  input: ExtractorInput,
  file: SourceFile,
  content: Buffer,
  state: State,
  stack: string[],
  seen: Set<string>,
): Promise<void> {
  seen.add(`${file.kind}:${file.key}`);
  const includes = parseFile(file, decodeText(content), state);
  for (const include of includes) {
    const warn = (message: string) =>
      state.warnings.push({ file: file.display, line: include.line, message });
    const flag = include.kind === 'requirements' ? '-r' : '-c';
    if (URL_SCHEME.test(include.target)) {
      warn(`${flag} ${include.target}: remote file not read (veriship works offline)`);
      continue;
    }
    const target = include.target.replaceAll('\\', '/');
    if (target.startsWith('/') || /^[A-Za-z]:\//.test(target)) {
      warn(`${flag} ${include.target}: absolute path not read; include files relative to this one`);
      continue;
    }
    const key = posix.normalize(posix.join(posix.dirname(file.key), target));
    if (key === file.key || stack.includes(key)) {
      const chain = [...stack, file.key, key].join(' → ');
      warn(`${flag} ${include.target}: include cycle (${chain}), not read again`);
      continue;
    }
    // A file included twice (not a cycle: a diamond) adds nothing the first reading did not.
    if (seen.has(`${include.kind}:${key}`)) continue;
    let included: Buffer;
    try {
      included = await input.readRelative(key);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // Outside the folder being read (`-r ../../.env`): like an absolute path, reported and skipped.
      if (error.code === 'INPUT_UNSAFE') {
        warn(`${flag} ${include.target}: ${error.message}`);
        continue;
      }
      throw new InputError({
        code: error.code,
        file: file.display,
        message: `line ${include.line}: ${flag} ${include.target}: ${error.message}`,
        cause: error,
      });
    }
    const display = join(dirname(input.path), key);
    await readTree(input, { key, display, kind: include.kind }, included, state, [...stack, file.key], seen);
  }
}

/**
 * pip `utils/encoding.py` `auto_decode`: a byte order mark names the encoding, else UTF-8. Windows
 * PowerShell 5's `pip freeze > requirements.txt` writes UTF-16LE with a BOM, which pip reads.
 */
function decodeText(content: Buffer): string {
  if (content[0] === 0xff && content[1] === 0xfe) return content.subarray(2).toString('utf16le');
  if (content[0] === 0xfe && content[1] === 0xff) {
    return Buffer.from(content.subarray(2)).swap16().toString('utf16le');
  }
  return utf8Text(content);
}

/**
 * pip `req_file.py` `join_lines` + `ignore_comments`: a trailing `\` joins the next line, a comment
 * line ends a continuation (old pip-compile wrote `\` before `# via`), and `#` at the start or after
 * whitespace starts a comment. Comments are kept here: pip-compile's `# via` lines carry the edges.
 */
function* logicalLines(text: string): Generator<LogicalLine> {
  const split = (line: number, joined: string): LogicalLine => {
    const match = /(?:^|\s)#/.exec(joined);
    if (!match) return { line, text: joined.trim(), comment: undefined };
    return { line, text: joined.slice(0, match.index).trim(), comment: joined.slice(match.index).trim() };
  };
  let pending: string[] = [];
  let primary = 0;
  for (const [index, raw] of text.split(/\r\n|\n|\r/).entries()) {
    const number = index + 1;
    const isComment = /^\s*#/.test(raw);
    if (raw.endsWith('\\') && !isComment) {
      if (pending.length === 0) primary = number;
      pending.push(raw.replace(/^\\+|\\+$/g, ''));
      continue;
    }
    if (pending.length === 0) {
      yield split(number, raw);
    } else if (isComment) {
      yield split(primary, pending.join(''));
      yield split(number, raw);
      pending = [];
    } else {
      yield split(primary, pending.join('') + raw);
      pending = [];
    }
  }
  if (pending.length > 0) yield split(primary, pending.join(''));
}

/** pip `break_args_options`: the requirement runs up to the first word that starts with `-`. */
function splitArguments(text: string): { argument: string; options: string[] } {
  const match = /(?:^|\s)-/.exec(text);
  if (!match) return { argument: text, options: [] };
  const options = text.slice(match.index).trim().split(/\s+/);
  return { argument: text.slice(0, match.index).trim(), options };
}

interface ParsedOption {
  name: string;
  value: string | undefined;
}

function parseOptions(tokens: string[], warn: (message: string) => void): ParsedOption[] {
  const parsed: ParsedOption[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as string;
    let key: string;
    let inline: string | undefined;
    if (token.startsWith('--')) {
      const equals = token.indexOf('=');
      key = equals > 0 ? token.slice(0, equals) : token;
      inline = equals > 0 ? token.slice(equals + 1) : undefined;
    } else if (token.startsWith('-') && token.length >= 2) {
      key = token.slice(0, 2);
      inline = token.length > 2 ? token.slice(2).replace(/^=/, '') : undefined;
    } else {
      warn(`unexpected ${JSON.stringify(token)}, ignored`);
      continue;
    }
    if (FLAG_OPTIONS.has(key)) {
      parsed.push({ name: key.slice(2), value: undefined });
      continue;
    }
    const name = VALUE_OPTIONS[key];
    if (!name) {
      warn(`unknown option ${key}, ignored (pip would refuse this file)`);
      continue;
    }
    const value = inline ?? tokens[index + 1];
    if (inline === undefined) index += 1;
    if (value === undefined) {
      warn(`option ${key} has no value, ignored`);
      continue;
    }
    parsed.push({ name, value });
  }
  return parsed;
}

function parseFile(file: SourceFile, text: string, state: State): Include[] {
  const includes: Include[] = [];
  let last: Requirement | undefined;
  let inViaBlock = false;
  for (const logical of logicalLines(text)) {
    const warn = (message: string) =>
      state.warnings.push({ file: file.display, line: logical.line, message });
    if (logical.text === '') {
      if (logical.comment === undefined) {
        last = undefined;
        inViaBlock = false;
      } else {
        inViaBlock = readVia(logical.comment, last, inViaBlock);
      }
      continue;
    }
    inViaBlock = false;
    last = undefined;
    const { argument, options } = splitArguments(logical.text);
    const parsedOptions = parseOptions(options, warn);
    if (argument === '') {
      for (const option of parsedOptions) {
        const value = option.value ?? '';
        if (option.name === 'requirement')
          includes.push({ line: logical.line, target: value, kind: 'requirements' });
        else if (option.name === 'constraint')
          includes.push({ line: logical.line, target: value, kind: 'constraints' });
        else if (option.name === 'editable') last = parseEditable(value, file, logical.line, state, warn);
        else if (option.name === 'index-url') state.indexUrl = withoutCredentials(value);
        else if (option.name === 'extra-index-url') state.extraIndexUrls.push(withoutCredentials(value));
        else if (option.name === 'no-index') state.noIndex = true;
        else if (PER_REQUIREMENT.has(option.name))
          warn(`--${option.name} without a requirement on its line, ignored`);
        // --find-links, --trusted-host, --pre, --prefer-binary, --require-hashes, --use-feature,
        // --no-binary, --only-binary: how pip installs, not what it installs.
      }
    } else {
      const hashes: Hash[] = [];
      for (const option of parsedOptions) {
        if (option.name === 'hash') {
          const hash = hashFromPrefixedHex(option.value ?? '');
          if (hash) hashes.push(hash);
          else warn(`--hash=${option.value}: not an algorithm:hex digest, ignored`);
        } else if (!PER_REQUIREMENT.has(option.name)) {
          warn(`option --${option.name} after a requirement, ignored`);
        }
      }
      last = parseRequirement(argument, file, logical.line, hashes, warn);
      if (last) record(last, state);
    }
    // pip-tools before 6 wrote the annotation on the requirement's own line: `six==1.16.0  # via a, b`.
    if (last && logical.comment) inViaBlock = readVia(logical.comment, last, false);
  }
  return includes;
}

/** Requirements files add components; constraints files only pin versions (pip docs, "Constraints Files"). */
function record(requirement: Requirement, state: State): void {
  if (requirement.file.kind === 'requirements') {
    state.requirements.push(requirement);
    return;
  }
  if (requirement.pin === undefined) return;
  const name = normalizePypiName(requirement.name);
  const versions = state.constraints.get(name) ?? new Set<string>();
  versions.add(requirement.pin);
  state.constraints.set(name, versions);
}

/**
 * pip-compile annotations: `# via pkg`, `# via -r requirements.in`, or `# via` followed by indented
 * `#   pkg` lines. "X via Y" means Y depends on X; `-r file` and `name (pyproject.toml)` mean the project
 * itself asked for X. Returns whether a `# via` block is still open.
 */
function readVia(comment: string, requirement: Requirement | undefined, inBlock: boolean): boolean {
  if (!requirement) return false;
  const header = /^#\s*via(?:\s+(.*))?$/.exec(comment);
  if (header) {
    requirement.via.listed = true;
    if (header[1] === undefined) return true;
    addVia(requirement, header[1]);
    return false;
  }
  const item = inBlock ? /^#\s{2,}(\S.*)$/.exec(comment) : null;
  if (!item) return false;
  addVia(requirement, item[1] as string);
  return true;
}

function addVia(requirement: Requirement, text: string): void {
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    if (/^-r\s/.test(item) || /\([^)]*\)$/.test(item)) {
      requirement.via.direct = true;
    } else if (!/^-c\s/.test(item)) {
      // `-c constraints.txt` only narrowed the version; it is nobody's dependency.
      const name = new RegExp(`^${NAME}`).exec(item)?.[0];
      if (name) requirement.via.parents.push(normalizePypiName(name));
    }
  }
}

function newRequirement(
  file: SourceFile,
  line: number,
  fields: Pick<Requirement, 'text' | 'name' | 'extras' | 'pin' | 'source' | 'hashes'>,
): Requirement {
  return { file, line, ...fields, via: { listed: false, direct: false, parents: [] } };
}

function parseExtras(text: string | undefined, file: SourceFile, line: number): string[] {
  if (text === undefined) return [];
  const extras = text
    .split(',')
    .map((extra) => extra.trim())
    .filter((extra) => extra !== '');
  for (const extra of extras) {
    if (!NAME_ONLY.test(extra))
      throw malformed(file.display, `line ${line}: invalid extra ${JSON.stringify(extra)}`);
  }
  return extras;
}

/**
 * One requirement: PEP 508 `name[extras] specifiers ; markers`, PEP 508 `name[extras] @ url ; markers`,
 * or pip's bare archive/VCS URL or local path. Markers are not evaluated: the file is read for every
 * environment it describes.
 * @throws SbomError SBOM_LOCKFILE_MALFORMED when pip would reject the line
 */
function parseRequirement(
  argument: string,
  file: SourceFile,
  line: number,
  hashes: Hash[],
  warn: (message: string) => void,
): Requirement | undefined {
  if (URL_SCHEME.test(argument) || /^file:/i.test(argument)) {
    // pip: after a URL, markers need `; ` (a bare `;` can be part of the URL).
    const url = argument.split(/;\s/)[0]?.trim() ?? argument;
    return parseUrlRequirement(url, undefined, [], file, line, hashes, false, warn);
  }
  const match = NAME_THEN_REST.exec(argument);
  const rest = match?.[3] ?? '';
  if (match && rest.startsWith('@')) {
    const name = match[1] as string;
    const url = rest.slice(1).trim().split(/\s/)[0] ?? '';
    if (url === '') throw malformed(file.display, `line ${line}: ${name} @ without a URL`);
    const extras = parseExtras(match[2], file, line);
    return parseUrlRequirement(url, name, extras, file, line, hashes, false, warn);
  }
  // pip `_looks_like_path`: a separator or a leading `.`; a PEP 508 name or specifier has neither.
  const head = (argument.split(';')[0] ?? '').trim();
  if (/^[.~]/.test(head) || /[/\\]/.test(head) || ARCHIVE.test(head)) {
    warn(`${argument}: local path requirement, not recorded (no registry identity or version)`);
    return undefined;
  }
  // pip expands `${VAR}` (pip docs, "Using Environment Variables"); we read files, not environments.
  if (/\$\{[A-Za-z0-9_]+\}/.test(head)) {
    warn(`${head}: uses an environment variable, not recorded (its value is not in the file)`);
    return undefined;
  }
  if (!match) throw malformed(file.display, `line ${line}: not a valid requirement (PEP 508): ${argument}`);
  const name = match[1] as string;
  const extras = parseExtras(match[2], file, line);
  let specifier = (rest.split(';')[0] ?? '').trim();
  if (specifier.startsWith('(') && specifier.endsWith(')')) specifier = specifier.slice(1, -1).trim();
  const exact = new Set<string>();
  const clauses: string[] = [];
  if (specifier !== '') {
    for (const clause of specifier.split(',')) {
      const parsed = CLAUSE.exec(clause);
      if (!parsed) {
        throw malformed(
          file.display,
          `line ${line}: invalid version specifier ${JSON.stringify(clause.trim())} in ${argument}`,
        );
      }
      const operator = (parsed[1] ?? parsed[3]) as string;
      const version = (parsed[2] ?? parsed[4]) as string;
      clauses.push(`${operator}${version}`);
      // PEP 440 "Version matching": `==1.*` is a prefix match, not a pin; `===` is arbitrary equality.
      if (operator === '===' || (operator === '==' && !version.endsWith('.*'))) exact.add(version);
    }
  }
  const text = `${name}${extras.length > 0 ? `[${extras.join(',')}]` : ''}${clauses.join(',')}`;
  return newRequirement(file, line, {
    text,
    name,
    extras,
    pin: exact.size === 1 ? [...exact][0] : undefined,
    source: { kind: 'index' },
    hashes,
  });
}

/** `-e <vcs url>` installs a checkout; `-e <path>` is a local project with no registry identity. */
function parseEditable(
  value: string,
  file: SourceFile,
  line: number,
  state: State,
  warn: (message: string) => void,
): Requirement | undefined {
  if (!URL_SCHEME.test(value) || /^file:/i.test(value)) {
    warn(`-e ${value}: local editable project, not recorded (no registry identity or version)`);
    return undefined;
  }
  const requirement = parseUrlRequirement(value, undefined, [], file, line, [], true, warn);
  if (requirement) record(requirement, state);
  return requirement;
}

/** `name-1.0-py3-none-any.whl` (binary distribution format) or `name-1.0.tar.gz` (sdist, PEP 625). */
function versionFromFileName(name: string, fileName: string): string | undefined {
  const wheel = /^([^-]+)-([^-]+)(?:-[^-]+){3,4}\.whl$/i.exec(fileName);
  const sdist = /^(.+)-([^-]+)\.(?:tar\.gz|zip)$/i.exec(fileName);
  const found = wheel ?? sdist;
  if (!found || normalizePypiName(found[1] as string) !== normalizePypiName(name)) return undefined;
  return found[2]?.replaceAll('_', '-');
}

function parseUrlRequirement(
  rawUrl: string,
  declaredName: string | undefined,
  extras: string[],
  file: SourceFile,
  line: number,
  hashes: Hash[],
  editable: boolean,
  warn: (message: string) => void,
): Requirement | undefined {
  if (/^file:/i.test(rawUrl)) {
    warn(`${rawUrl}: local file requirement, not recorded (no registry identity)`);
    return undefined;
  }
  const hashAt = rawUrl.indexOf('#');
  const base = hashAt < 0 ? rawUrl : rawUrl.slice(0, hashAt);
  const fragment = new URLSearchParams(hashAt < 0 ? '' : rawUrl.slice(hashAt + 1));
  const egg = fragment.get('egg') ?? undefined;
  const url = withoutCredentials(base);
  const allHashes = [...hashes];
  // pip also accepts a digest in the URL fragment (`#sha256=…`, PEP 503 style links).
  for (const algorithm of ['sha256', 'sha384', 'sha512']) {
    const value = fragment.get(algorithm);
    const hash = value ? hashFromPrefixedHex(`${algorithm}:${value}`) : undefined;
    if (hash) allHashes.push(hash);
  }

  if (VCS_SCHEME.test(base)) {
    const name = declaredName ?? (egg && NAME_ONLY.test(egg) ? egg : undefined);
    if (!name) {
      warn(`${rawUrl}: VCS requirement without #egg=name, not recorded (cannot tell the package)`);
      return undefined;
    }
    // pip: the revision follows the last `@` of the path (`git+https://host/repo.git@v1.2`).
    let path = base.replace(/^[^:]+:\/\/[^/]*/, '');
    if (!path) path = base;
    const at = path.lastIndexOf('@');
    const revision = at >= 0 && at < path.length - 1 ? path.slice(at + 1) : undefined;
    if (!revision) warn(`${name} @ ${url}: VCS requirement without a revision, not pinned`);
    return newRequirement(file, line, {
      text: `${editable ? '-e ' : ''}${name} @ ${url}`,
      name,
      extras,
      pin: undefined,
      source: { kind: 'vcs', url, revision, subdirectory: fragment.get('subdirectory') ?? undefined },
      hashes: [],
    });
  }
  if (editable) {
    warn(`-e ${rawUrl}: editable requirement must be a VCS URL or a local path, not recorded`);
    return undefined;
  }
  const fileName = unquote(base.slice(base.lastIndexOf('/') + 1));
  const fromFile =
    /^([^-]+)-[^-]+(?:-[^-]+){3,4}\.whl$/i.exec(fileName)?.[1] ??
    /^(.+)-[^-]+\.(?:tar\.gz|zip)$/i.exec(fileName)?.[1];
  const name = declaredName ?? (egg && NAME_ONLY.test(egg) ? egg : fromFile);
  if (!name) {
    warn(`${rawUrl}: URL requirement without a package name, not recorded`);
    return undefined;
  }
  return newRequirement(file, line, {
    text: `${name} @ ${url}`,
    name,
    extras,
    pin: undefined,
    source: { kind: 'url', url, version: versionFromFileName(name, fileName) },
    hashes: allHashes,
  });
}

/**
 * Python's `urllib.parse.unquote`, which pip applies to a link's file name: `%XX` escapes are decoded and
 * a malformed one (`%zz`, a lone UTF-8 byte) is kept as written, where `decodeURIComponent` would throw.
 */
function unquote(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (escapes) => {
    try {
      return decodeURIComponent(escapes);
    } catch {
      return escapes;
    }
  });
}

/** Index project pages (PEP 503 "Simple repository API": `<index>/<normalized-name>/`). */
function indexPages(name: string, state: State): string[] {
  const indexes = [...(state.noIndex ? [] : [state.indexUrl ?? DEFAULT_INDEX]), ...state.extraIndexUrls];
  return indexes.map((index) => `${index.replace(/\/+$/, '')}/${normalizePypiName(name)}/`);
}

function firstPerAlgorithm(hashes: Hash[]): Hash[] {
  const seen = new Set<string>();
  return hashes.filter((hash) => !seen.has(hash.algorithm) && seen.add(hash.algorithm));
}

function toComponent(requirement: Requirement, state: State): Component | undefined {
  const warn = (message: string) =>
    state.warnings.push({ file: requirement.file.display, line: requirement.line, message });
  const { name, source } = requirement;
  const hashes = mergeHashes(requirement.hashes);
  const properties: Property[] = requirement.extras.map((extra) => ({
    name: 'cdx:python:package:required-extra',
    value: extra,
  }));
  let version: string;
  let qualifiers: Qualifiers | undefined;
  let distributions: Distribution[];
  let componentHashes: Hash[];

  if (source.kind === 'index') {
    const constrained = state.constraints.get(normalizePypiName(name));
    const pin = requirement.pin ?? (constrained?.size === 1 ? [...constrained][0] : undefined);
    if (pin === undefined) {
      warn(`${requirement.text}: not pinned, no exact version to record`);
      return undefined;
    }
    version = pin;
    // `--hash` values name no file: pip accepts any file of the release whose digest is listed (pip
    // docs, "Hash-checking Mode"), typically one per wheel and the sdist. As cyclonedx-py's requirements
    // builder does, they go on the index project page the files are chosen from, not on the component:
    // a component hash would claim one artifact's digest we cannot attribute. A single `--hash` is the
    // only file pip will accept, so it is also that component's hash.
    const pages = indexPages(name, state);
    distributions = hashes.length === 0 ? [] : pages.map((url) => ({ url, hashes }));
    if (hashes.length > 1 && pages.length === 0) {
      warn(
        `${requirement.text}: --no-index and no --extra-index-url, ${hashes.length} --hash digests not recorded`,
      );
    }
    componentHashes = hashes.length === 1 ? hashes : [];
  } else if (source.kind === 'url') {
    version = source.version ?? '';
    // A file on PyPI's own host is the registry release; any other URL is a different source and
    // must not share the registry release's identity (PURL spec, `download_url` qualifier).
    qualifiers = /^https?:\/\/files\.pythonhosted\.org\//i.test(source.url)
      ? undefined
      : { download_url: source.url };
    distributions = [{ url: source.url, hashes }];
    // Every digest here is of the one file at the URL.
    componentHashes = firstPerAlgorithm(hashes);
  } else {
    version = '';
    qualifiers = { vcs_url: source.url };
    distributions = [{ url: source.url, hashes: [] }];
    componentHashes = [];
    if (source.revision) {
      properties.push({ name: 'cdx:python:package:source:vcs:requested_revision', value: source.revision });
    }
    if (source.subdirectory) {
      properties.push({ name: 'cdx:python:package:source:subdirectory', value: source.subdirectory });
    }
  }
  const purl = pypiPurl(name, version || undefined, qualifiers);
  return {
    ref: purl,
    ecosystem: 'pypi',
    name,
    version,
    purl,
    // Never guessed from the file name (`requirements-dev.txt`): nothing in the format says so.
    development: false,
    optional: false,
    hashes: componentHashes,
    distributions,
    properties,
  };
}

/**
 * Requirements files have no dependency graph of their own, so without annotations every pinned
 * package is a direct dependency. pip-compile's `# via` comments do give one: "X via Y" is an edge
 * Y → X, resolved within the same file (each compiled file is one consistent set), and X is direct
 * when the annotation names an input file (`-r requirements.in`), the project (`name (pyproject.toml)`),
 * or no parent this file pins.
 */
function buildExtraction(state: State): Extraction {
  const components: Component[] = [];
  const made: { requirement: Requirement; ref: string }[] = [];
  const refsByFile = new Map<string, Map<string, string[]>>();
  for (const requirement of state.requirements) {
    const component = toComponent(requirement, state);
    if (!component) continue;
    components.push(component);
    made.push({ requirement, ref: component.ref });
    const names = refsByFile.get(requirement.file.key) ?? new Map<string, string[]>();
    const key = normalizePypiName(requirement.name);
    names.set(key, [...(names.get(key) ?? []), component.ref]);
    refsByFile.set(requirement.file.key, names);
  }

  const edges = new Map<string, Set<string>>();
  const direct = new Set<string>();
  for (const { requirement, ref } of made) {
    const names = refsByFile.get(requirement.file.key);
    const parents = requirement.via.parents
      .flatMap((parent) => names?.get(parent) ?? [])
      .filter((parent) => parent !== ref);
    for (const parent of parents) {
      const targets = edges.get(parent) ?? new Set<string>();
      targets.add(ref);
      edges.set(parent, targets);
    }
    if (!requirement.via.listed || requirement.via.direct || parents.length === 0) direct.add(ref);
  }

  return {
    components,
    dependencies: [...edges]
      .map(([ref, targets]) => ({ ref, dependsOn: [...targets].sort() }))
      .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0)),
    directDependencies: [...direct].sort(),
    warnings: state.warnings,
  };
}
