/**
 * Parsing of checksum lines as GNU `sha256sum -c` reads them (coreutils src/digest.c `split_3`,
 * `bsd_split_3`, `filename_unescape`), so that whatever sha256sum accepts we accept, and what it calls
 * improperly formatted we do too. Accepted forms:
 *   <hex>  <name>            text mode (what `sha256sum` and `veriship checksums` write)
 *   <hex> *<name>            binary mode (same digest on POSIX)
 *   SHA256 (<name>) = <hex>  BSD / `--tag` form
 *   <hex> <name>             "BSD reversed" (a single space), only if the first such line set that mode
 * A leading backslash marks an escaped name (`\\`, `\n`, `\r`). One deliberate difference: a line with a NUL
 * byte is improperly formatted here, where coreutils would cut the name at the NUL.
 */

/** sha256sum's hex digest length. */
const hexLength = 64;
/** coreutils `MIN_DIGEST_LINE_LENGTH`: digest, one blank, a one-character name. */
const minimumLineLength = hexLength + 2;

export interface ChecksumLine {
  /** The expected digest as written (hex, either case). */
  hex: string;
  /** The file name, unescaped. */
  name: string;
  binary: boolean;
}

/**
 * State carried from line to line (and file to file), as coreutils' static `bsd_reversed`: once a line
 * is read in one of the two untagged forms, lines in the other form are improperly formatted.
 */
export interface ParseState {
  bsdReversed: boolean | undefined;
}

export function newParseState(): ParseState {
  return { bsdReversed: undefined };
}

const isWhite = (character: string | undefined) => character === ' ' || character === '\t';
const isHex64 = (text: string) => text.length === hexLength && /^[0-9a-fA-F]+$/.test(text);

/**
 * Splits one line (without its line end) into digest and name, or undefined if improperly formatted.
 */
export function parseChecksumLine(line: string, state: ParseState): ChecksumLine | undefined {
  if (line.includes('\0')) return undefined;
  let index = 0;
  while (isWhite(line[index])) index += 1;
  let escaped = false;
  if (line[index] === '\\') {
    index += 1;
    escaped = true;
  }
  // BSD tagged form: "SHA256 (name) = hex", optionally without the space before '('.
  if (line.startsWith('SHA256', index)) {
    let tag = index + 'SHA256'.length;
    if (line[tag] === ' ') tag += 1;
    if (line[tag] === '(') return parseTagged(line.slice(tag + 1), escaped);
  }
  if (line.length - index < minimumLineLength + (line[index] === '\\' ? 1 : 0)) return undefined;
  const digestStart = index;
  while (index < line.length && !isWhite(line[index])) index += 1;
  // The digest must be followed by at least one blank.
  if (index === line.length) return undefined;
  const hex = line.slice(digestStart, index);
  index += 1;
  if (!isHex64(hex)) return undefined;
  let binary = false;
  if (line.length - index === 1 || (line[index] !== ' ' && line[index] !== '*')) {
    // "hex name": coreutils refuses to mix it with the two-blank form (a renamed file with a leading
    // blank could otherwise change meaning).
    if (state.bsdReversed === false) return undefined;
    state.bsdReversed = true;
  } else if (state.bsdReversed !== true) {
    state.bsdReversed = false;
    binary = line[index] === '*';
    index += 1;
  }
  const name = escaped ? unescapeFileName(line.slice(index)) : line.slice(index);
  if (name === undefined) return undefined;
  return { hex, name, binary };
}

function parseTagged(rest: string, escaped: boolean): ChecksumLine | undefined {
  if (rest.length === 0) return undefined;
  const close = rest.lastIndexOf(')');
  if (close < 0) return undefined;
  const rawName = rest.slice(0, close);
  const name = escaped ? unescapeFileName(rawName) : rawName;
  if (name === undefined) return undefined;
  let index = close + 1;
  while (isWhite(rest[index])) index += 1;
  if (rest[index] !== '=') return undefined;
  index += 1;
  while (isWhite(rest[index])) index += 1;
  const hex = rest.slice(index);
  return isHex64(hex) ? { hex, name, binary: false } : undefined;
}

/**
 * `\\` → `\`, `\n` → LF, `\r` → CR; undefined for any other escape or a trailing lone backslash
 * (coreutils `filename_unescape`).
 */
export function unescapeFileName(escaped: string): string | undefined {
  let name = '';
  for (let index = 0; index < escaped.length; index += 1) {
    const character = escaped[index];
    if (character !== '\\') {
      name += character;
      continue;
    }
    index += 1;
    const next = escaped[index];
    if (next === '\\') name += '\\';
    else if (next === 'n') name += '\n';
    else if (next === 'r') name += '\r';
    else return undefined;
  }
  return name;
}

/**
 * The lines of a checksum file as coreutils reads them: split at LF, one trailing CR dropped, comment
 * lines (`#` first) and empty lines skipped. Line numbers count every line.
 */
export function* checksumFileLines(content: string): Generator<{ number: number; text: string }> {
  const lines = content.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const [index, raw] of lines.entries()) {
    if (raw.startsWith('#')) continue;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.length === 0) continue;
    yield { number: index + 1, text };
  }
}
