/**
 * GNU coreutils' checksum line format (`sha256sum`, src/digest.c `output_file`): in text mode
 *   <64 lowercase hex digits> SP SP <file name> LF
 * A name containing a backslash, LF or CR cannot be written as is: the line then starts with a backslash
 * and the name has `\\`, `\n` and `\r` in their place (`problematic_chars`, `print_filename`).
 */

/** The characters that make coreutils escape a file name. */
export function needsEscape(name: string): boolean {
  return /[\\\n\r]/.test(name);
}

/** A name as `print_filename(name, escape = true)` writes it. */
export function escapeFileName(name: string): string {
  return name.replace(/[\\\n\r]/g, (character) =>
    character === '\\' ? '\\\\' : character === '\n' ? '\\n' : '\\r',
  );
}

/** One line of `sha256sum FILE` output, newline included. */
export function formatChecksumLine(sha256Hex: string, name: string): string {
  return needsEscape(name) ? `\\${sha256Hex}  ${escapeFileName(name)}\n` : `${sha256Hex}  ${name}\n`;
}
