import { malformed } from './extractor.js';

/**
 * How plain scalars are typed. pnpm writes its lock with js-yaml's default schema, so `dev: true` is a
 * boolean and `lockfileVersion: 5.4` a number (YAML 1.2 §10.3 "Core Schema" reads them the same way).
 * Yarn berry reads its lock with js-yaml's FAILSAFE_SCHEMA (`@yarnpkg/parsers` `syml.ts`), where every
 * scalar is a string (YAML 1.2 §10.1 "Failsafe Schema"), so `version: 10` stays "10".
 */
export type LockfileYamlSchema = 'core' | 'failsafe';

/**
 * Every YAML document of a lockfile as plain JavaScript values.
 *
 * Lockfiles are machine-written in a small, regular subset of YAML: block mappings and sequences, one-line
 * flow collections and quoted or plain scalars. A line-by-line reader of that subset is ~20× faster than a
 * full YAML parser on an 800 kB pnpm lock (eemeli/yaml spends ~600 ms composing its AST). Anything outside
 * the subset (anchors, block scalars, multi-line flows, tags, duplicate keys, odd indentation) makes the
 * fast reader give up and the full parser read the file instead, so the result is always what YAML says;
 * yarn does the same, trying its own grammar before js-yaml (`@yarnpkg/parsers` `parseSyml`).
 *
 * @throws SbomError SBOM_LOCKFILE_MALFORMED naming the file and line when the text is not valid YAML.
 */
export async function parseLockfileYaml(
  path: string,
  text: string,
  schema: LockfileYamlSchema,
): Promise<unknown[]> {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return readYamlSubset(source, schema) ?? (await readFullYaml(path, source, schema));
}

/** The `yaml` library loads only when the fast reader gives up: every corpus lockfile stays on the fast path. */
async function readFullYaml(path: string, text: string, schema: LockfileYamlSchema): Promise<unknown[]> {
  const { parseAllDocuments } = await import('yaml');
  const documents = parseAllDocuments(text, { schema, uniqueKeys: true });
  const values: unknown[] = [];
  for (const document of documents) {
    const error = document.errors[0];
    if (error !== undefined) {
      const line = error.linePos?.[0].line;
      const firstLine = error.message.split('\n')[0] ?? error.message;
      throw malformed(
        path,
        `not valid YAML${line === undefined ? '' : ` (line ${line})`}: ${firstLine}`,
        error,
      );
    }
    values.push(document.toJS({ maxAliasCount: 100 }));
  }
  return values;
}

// ---------------------------------------------------------------------------------------------------------
// The fast reader. Every helper returns GIVE_UP for input outside the subset.

const GIVE_UP = Symbol('give up');
type GiveUp = typeof GIVE_UP;

type YamlMap = Record<string, unknown>;

interface Frame {
  indent: number;
  container: YamlMap | unknown[];
}

/** A `key:` line with nothing after it: its value is the more-indented block that follows, or empty. */
interface PendingKey {
  indent: number;
  map: YamlMap;
  key: string;
}

class DocumentReader {
  root: unknown = GIVE_UP;
  private readonly stack: Frame[] = [];
  private pending: PendingKey | undefined;
  private hasContent = false;

  constructor(private readonly empty: null | '') {}

  /** One non-blank, non-comment line; false when it is outside the subset. */
  line(indent: number, content: string, schema: LockfileYamlSchema): boolean {
    this.hasContent = true;
    const isItem = content === '-' || content.startsWith('- ');
    const pending = this.pending;
    if (pending !== undefined) {
      this.pending = undefined;
      // YAML 1.2 §8.2.2: a block sequence may sit at its parent key's own indentation.
      if (indent > pending.indent || (indent === pending.indent && isItem)) {
        const child: YamlMap | unknown[] = isItem ? [] : {};
        pending.map[pending.key] = child;
        this.stack.push({ indent, container: child });
      } else {
        pending.map[pending.key] = this.empty;
      }
    }
    let top = this.stack[this.stack.length - 1];
    while (
      top !== undefined &&
      (top.indent > indent || (top.indent === indent && !isItem && Array.isArray(top.container)))
    ) {
      this.stack.pop();
      top = this.stack[this.stack.length - 1];
    }
    if (top === undefined) {
      if (this.root !== GIVE_UP) return false;
      const container: YamlMap | unknown[] = isItem ? [] : {};
      this.root = container;
      top = { indent, container };
      this.stack.push(top);
    }
    if (top.indent !== indent) return false;
    if (Array.isArray(top.container)) {
      if (!isItem || content.length < 3) return false;
      const item = content.slice(2).trimStart();
      if (item.startsWith('- ') || item === '-') return false;
      if (isEntry(item)) {
        // `- key: value` opens a mapping whose keys all sit at the column of `key` (YAML 1.2 §8.2.1,
        // "compact" nested mapping), as pnpm ≥10 writes `resolution.variants` of runtime packages.
        const map: YamlMap = {};
        const column = indent + content.length - item.length;
        top.container.push(map);
        this.stack.push({ indent: column, container: map });
        return this.entry(map, column, item, schema);
      }
      const value = readValue(item, schema);
      if (value === GIVE_UP) return false;
      top.container.push(value);
      return true;
    }
    if (isItem) return false;
    return this.entry(top.container, indent, content, schema);
  }

  private entry(map: YamlMap, indent: number, content: string, schema: LockfileYamlSchema): boolean {
    let key: string;
    let rest: string;
    const first = content.charCodeAt(0);
    if (first === 0x22 /* " */ || first === 0x27 /* ' */) {
      const quoted = readQuoted(content, 0);
      if (quoted === GIVE_UP || content.charCodeAt(quoted.end) !== 0x3a /* : */) return false;
      key = quoted.value;
      rest = content.slice(quoted.end + 1);
      if (rest !== '' && !rest.startsWith(' ')) return false;
    } else {
      const end = findPlainKeyEnd(content);
      if (end < 0 || !isPlainStart(content)) return false;
      key = content.slice(0, end).trimEnd();
      rest = content.slice(end + 1);
      if (key.includes(' #')) return false;
    }
    // `__proto__` as an own key needs defineProperty; duplicate keys are a YAML error the full parser reports.
    if (key === '__proto__' || Object.hasOwn(map, key)) return false;
    rest = rest.trim();
    if (rest === '' || rest.startsWith('#')) {
      this.pending = { indent, map, key };
      return true;
    }
    const value = readValue(rest, schema);
    if (value === GIVE_UP) return false;
    map[key] = value;
    return true;
  }

  finish(): unknown {
    if (this.pending !== undefined) this.pending.map[this.pending.key] = this.empty;
    this.pending = undefined;
    return this.hasContent ? this.root : this.empty;
  }
}

/**
 * The fast reader alone: the documents, or undefined when the text leaves the subset it understands.
 * Exported so tests can check that real lockfiles stay on this path and agree with the full parser.
 */
export function readYamlSubset(text: string, schema: LockfileYamlSchema): unknown[] | undefined {
  const empty = schema === 'failsafe' ? '' : null;
  const documents: unknown[] = [];
  let reader: DocumentReader | undefined;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    let indent = 0;
    while (line.charCodeAt(indent) === 0x20) indent++;
    if (indent === line.length) continue;
    const content = line.slice(indent);
    const first = content.charCodeAt(0);
    if (first === 0x23 /* # */) continue;
    if (first === 0x09 /* tab */) return undefined;
    if (indent === 0 && (content === '---' || content === '...')) {
      if (reader !== undefined) documents.push(reader.finish());
      reader = content === '---' ? new DocumentReader(empty) : undefined;
      continue;
    }
    if (indent === 0 && (first === 0x25 /* % */ || content.startsWith('--- '))) return undefined;
    reader ??= new DocumentReader(empty);
    if (!reader.line(indent, content.trimEnd(), schema)) return undefined;
  }
  if (reader !== undefined) documents.push(reader.finish());
  return documents.some((document) => document === GIVE_UP) ? undefined : documents;
}

/** Whether a line (or sequence item) is a `key: value` or `key:` mapping entry. */
function isEntry(content: string): boolean {
  const first = content.charCodeAt(0);
  if (first === 0x22 || first === 0x27) {
    const quoted = readQuoted(content, 0);
    return quoted !== GIVE_UP && content.charCodeAt(quoted.end) === 0x3a;
  }
  // `- pug # used by: playground` is a scalar item with a comment, not a mapping.
  const comment = content.indexOf(' #');
  return findPlainKeyEnd(comment < 0 ? content : content.slice(0, comment)) >= 0;
}

/** Index of the `:` that ends a plain block key (`: ` or a final `:`), or -1. */
function findPlainKeyEnd(content: string): number {
  const separator = content.indexOf(': ');
  if (separator >= 0) return separator;
  return content.endsWith(':') ? content.length - 1 : -1;
}

/** YAML 1.2 §7.3.3: a plain scalar cannot start with an indicator (`-?:` only when followed by a space). */
function isPlainStart(text: string): boolean {
  const first = text[0];
  if (first === undefined || '&*!|>\'"%@`#,[]{}'.includes(first)) return false;
  if (first === '-' || first === '?' || first === ':') return text.length > 1 && text[1] !== ' ';
  return true;
}

function readValue(text: string, schema: LockfileYamlSchema): unknown | GiveUp {
  const first = text.charCodeAt(0);
  if (first === 0x22 || first === 0x27) {
    const quoted = readQuoted(text, 0);
    if (quoted === GIVE_UP || !isCommentOrNothing(text.slice(quoted.end))) return GIVE_UP;
    return quoted.value;
  }
  if (first === 0x7b /* { */ || first === 0x5b /* [ */) {
    const flow = readFlow(text, 0, schema);
    if (flow === GIVE_UP || !isCommentOrNothing(text.slice(flow.end))) return GIVE_UP;
    return flow.value;
  }
  // YAML 1.2 §6.6: ` #` starts a comment, so a plain scalar ends before it.
  const comment = text.indexOf(' #');
  const plain = comment < 0 ? text : text.slice(0, comment).trimEnd();
  if (!isPlainStart(plain) || findPlainKeyEnd(plain) >= 0) return GIVE_UP;
  return resolvePlain(plain, schema);
}

function isCommentOrNothing(text: string): boolean {
  const rest = text.trimStart();
  return rest === '' || (rest.startsWith('#') && rest.length < text.length);
}

interface Read<T> {
  value: T;
  end: number;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPE_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** A single- or double-quoted scalar that closes on the same line (YAML 1.2 §7.3.1, §7.3.2). */
function readQuoted(text: string, start: number): Read<string> | GiveUp {
  const quote = text[start];
  if (quote === "'") {
    let value = '';
    let from = start + 1;
    for (;;) {
      const close = text.indexOf("'", from);
      if (close < 0) return GIVE_UP;
      value += text.slice(from, close);
      if (text[close + 1] !== "'") return { value, end: close + 1 };
      value += "'";
      from = close + 2;
    }
  }
  let value = '';
  let from = start + 1;
  for (;;) {
    const close = text.indexOf('"', from);
    const backslash = text.indexOf('\\', from);
    if (close < 0) return GIVE_UP;
    if (backslash < 0 || backslash > close) return { value: value + text.slice(from, close), end: close + 1 };
    value += text.slice(from, backslash);
    const code = text[backslash + 1] ?? '';
    const simple = ESCAPES[code];
    if (simple !== undefined) {
      value += simple;
      from = backslash + 2;
      continue;
    }
    const length = HEX_ESCAPE_LENGTH[code];
    const hex = length === undefined ? '' : text.slice(backslash + 2, backslash + 2 + length);
    if (length === undefined || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) return GIVE_UP;
    value += String.fromCodePoint(Number.parseInt(hex, 16));
    from = backslash + 2 + length;
  }
}

/** A one-line flow mapping or sequence: `{integrity: sha512-…, tarball: https://…}`, `[arm64]`. */
function readFlow(text: string, start: number, schema: LockfileYamlSchema): Read<unknown> | GiveUp {
  const isMap = text[start] === '{';
  const close = isMap ? '}' : ']';
  const map: YamlMap = {};
  const list: unknown[] = [];
  let position = skipSpaces(text, start + 1);
  if (text[position] === close) return { value: isMap ? map : list, end: position + 1 };
  for (;;) {
    let key: string | undefined;
    if (isMap) {
      const keyRead = readFlowScalar(text, position, true, schema);
      if (keyRead === GIVE_UP || (typeof keyRead.value !== 'string' && keyRead.value !== null))
        return GIVE_UP;
      key = keyRead.value === null ? '' : String(keyRead.value);
      position = skipSpaces(text, keyRead.end);
      if (text[position] !== ':' || key === '__proto__' || Object.hasOwn(map, key)) return GIVE_UP;
      position = skipSpaces(text, position + 1);
    }
    let item: Read<unknown> | GiveUp;
    if (text[position] === '{' || text[position] === '[') item = readFlow(text, position, schema);
    else if (isMap && (text[position] === ',' || text[position] === '}')) {
      item = { value: schema === 'failsafe' ? '' : null, end: position };
    } else item = readFlowScalar(text, position, false, schema);
    if (item === GIVE_UP) return GIVE_UP;
    if (key !== undefined) map[key] = item.value;
    else list.push(item.value);
    position = skipSpaces(text, item.end);
    if (text[position] === close) return { value: isMap ? map : list, end: position + 1 };
    if (text[position] !== ',') return GIVE_UP;
    position = skipSpaces(text, position + 1);
    // A trailing comma before the closing bracket is allowed (YAML 1.2 §7.4).
    if (text[position] === close) return { value: isMap ? map : list, end: position + 1 };
  }
}

/** A quoted or plain scalar inside a flow collection; plain ones end at `,`, `]`, `}` or (keys) `: `. */
function readFlowScalar(
  text: string,
  start: number,
  isKey: boolean,
  schema: LockfileYamlSchema,
): Read<unknown> | GiveUp {
  if (text[start] === '"' || text[start] === "'") return readQuoted(text, start);
  let end = start;
  for (; end < text.length; end++) {
    const character = text[end];
    if (character === ',' || character === ']' || character === '}' || character === '[' || character === '{')
      break;
    if (character === ':' && (text[end + 1] === ' ' || text[end + 1] === ',' || text[end + 1] === '}')) {
      if (isKey) break;
      return GIVE_UP;
    }
  }
  const raw = text.slice(start, end).trim();
  if (raw === '' || !isPlainStart(raw) || raw.includes(' #')) return GIVE_UP;
  return { value: resolvePlain(raw, schema), end };
}

function skipSpaces(text: string, position: number): number {
  let at = position;
  while (text[at] === ' ') at++;
  return at;
}

/** YAML 1.2 §10.3.2 "Tag Resolution" for the core schema; the failsafe schema keeps every scalar a string. */
function resolvePlain(text: string, schema: LockfileYamlSchema): unknown {
  if (schema === 'failsafe') return text;
  // Most lockfile scalars (`sha512-…`, `@babel/core`, `^7.0.0`) cannot be anything but strings.
  if (!/^[-+.0-9~nNtTfF]/.test(text)) return text;
  if (/^(?:~|null|Null|NULL)$/.test(text)) return null;
  if (/^(?:true|True|TRUE)$/.test(text)) return true;
  if (/^(?:false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text)) return Number.parseInt(text, 10);
  if (/^0o[0-7]+$/.test(text)) return Number.parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(text))
    return Number.parseFloat(text);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(text)) return Number.NaN;
  return text;
}
