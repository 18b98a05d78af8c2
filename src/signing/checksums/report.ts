import { escapeFileName, needsEscape } from './format.js';
import type { CheckOutcome, CheckSummary } from './verify.js';

/**
 * `sha256sum -c` output, line for line (coreutils src/digest.c `digest_check`): results on stdout,
 * diagnostics on stderr prefixed with the program name.
 */
export interface ReportOptions {
  /** The program name that prefixes stderr lines (`sha256sum:` there, `veriship:` here). */
  program: string;
  /** The checksum file's name, as given. */
  checksumFile: string;
  /** `--quiet`: no `OK` lines. */
  quiet?: boolean;
  /** `--status`: nothing on stdout; the exit status tells. */
  status?: boolean;
  /** `--warn`: a warning for each improperly formatted line. */
  warn?: boolean;
  /** `--ignore-missing` was given (for the "no file was verified" warning). */
  ignoreMissing?: boolean;
}

export interface ReportLines {
  stdout: string;
  stderr: string;
}

/**
 * The name as a result line shows it: escaped with a leading backslash when it holds a backslash, LF or
 * CR, as current coreutils does (`problematic_chars`; 9.1 and older escaped only names with a newline).
 */
function shownName(name: string): string {
  return needsEscape(name) ? `\\${escapeFileName(name)}` : name;
}

const isControl = (character: string) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f;
const controlNames: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A name in a diagnostic, quoted like coreutils' `quotef` (shell-escape style) when it needs quoting. */
export function quoteName(name: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(name)) return name;
  const characters = [...name];
  if (!characters.some(isControl)) return `'${name.replace(/'/g, "'\\''")}'`;
  const escaped = characters.map((character) => {
    if (character === '\\' || character === "'") return `\\${character}`;
    if (!isControl(character)) return character;
    return controlNames[character] ?? `\\${character.charCodeAt(0).toString(8).padStart(3, '0')}`;
  });
  return `$'${escaped.join('')}'`;
}

export function reportOutcome(outcome: CheckOutcome, options: ReportOptions): ReportLines {
  switch (outcome.kind) {
    case 'ok':
      return {
        stdout: options.status || options.quiet ? '' : `${shownName(outcome.name)}: OK\n`,
        stderr: '',
      };
    case 'mismatch':
      return { stdout: options.status ? '' : `${shownName(outcome.name)}: FAILED\n`, stderr: '' };
    case 'unreadable':
      return {
        stdout: options.status ? '' : `${shownName(outcome.name)}: FAILED open or read\n`,
        stderr: `${options.program}: ${quoteName(outcome.name)}: ${outcome.reason}\n`,
      };
    case 'missing':
      return { stdout: '', stderr: '' };
    case 'malformed':
      return {
        stdout: '',
        stderr: options.warn
          ? `${options.program}: ${quoteName(options.checksumFile)}: ${outcome.line}: improperly formatted SHA256 checksum line\n`
          : '',
      };
  }
}

const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);

/** The closing warnings, on stderr. */
export function reportSummary(summary: CheckSummary, options: ReportOptions): string {
  const { program } = options;
  if (summary.properlyFormatted === 0) {
    return `${program}: ${quoteName(options.checksumFile)}: no properly formatted checksum lines found\n`;
  }
  if (options.status) return '';
  const lines: string[] = [];
  if (summary.malformed > 0) {
    const what = plural(summary.malformed, 'line is', 'lines are');
    lines.push(`${program}: WARNING: ${summary.malformed} ${what} improperly formatted`);
  }
  if (summary.unreadable > 0) {
    const what = plural(
      summary.unreadable,
      'listed file could not be read',
      'listed files could not be read',
    );
    lines.push(`${program}: WARNING: ${summary.unreadable} ${what}`);
  }
  if (summary.mismatched > 0) {
    const what = plural(
      summary.mismatched,
      'computed checksum did NOT match',
      'computed checksums did NOT match',
    );
    lines.push(`${program}: WARNING: ${summary.mismatched} ${what}`);
  }
  if (options.ignoreMissing && summary.matched === 0) {
    lines.push(`${program}: ${quoteName(options.checksumFile)}: no file was verified`);
  }
  return lines.map((line) => `${line}\n`).join('');
}
