/**
 * The ignore file (`.veriship-ignore.yaml`): findings a team has decided to accept, each with a reason and
 * an expiry, so that every suppression is justified and time-boxed (docs/vex.md "Ignore file"):
 *
 *   ignore:
 *     - id: GHSA-29mw-wpgm-hmr9          # the finding's id or one of its aliases (CVE-…)
 *       package: pkg:npm/lodash          # optional; without a version it means any version
 *       reason: only used at build time, never with user input
 *       expires: 2026-03-31              # date (00:00 UTC that day) or RFC 3339 date-time
 *
 * Anything else is an error naming the file, line and entry: a misspelt `pacakge:` silently widening an
 * ignore to every package is exactly what a strict format prevents.
 */

import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { parseDateOrDateTime } from '../../dates.js';
import { type ParsedPurl, parsePurl } from './purl-match.js';
import { VexError } from './vex-error.js';

export interface IgnoreEntry {
  id: string;
  /** As written; undefined means every package. */
  package?: string;
  packagePurl?: ParsedPurl;
  reason: string;
  /** The instant the entry stops suppressing. */
  expires: Date;
  file: string;
  /** `ignore[i]`, as the report's `statement` names it. */
  entry: string;
  line: number;
}

const entryKeys = new Set(['id', 'package', 'reason', 'expires']);

function invalid(file: string, message: string): VexError {
  return new VexError({ code: 'VEX_IGNORE_FILE_INVALID', file, message });
}

/**
 * @param file Names the ignore file in errors and in every entry.
 * @throws VexError VEX_IGNORE_FILE_INVALID for YAML that does not parse, another top-level shape, and an
 *   entry without `id`, `reason` or `expires`, with an unknown key, a `package` that is not a PURL or an
 *   `expires` that is not a date.
 */
export function parseIgnoreFile(text: string, file: string): IgnoreEntry[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const [error] = document.errors;
  if (error) {
    const line = error.linePos?.[0]?.line;
    throw invalid(
      file,
      `${line === undefined ? '' : `line ${line}: `}not valid YAML: ${error.message.split('\n')[0]}`,
    );
  }
  const root = document.contents;
  if (root === null) return [];
  if (!isMap(root)) throw invalid(file, 'must be a mapping with an `ignore:` list');
  for (const pair of root.items) {
    const key = String((pair.key as { value?: unknown } | null)?.value ?? pair.key);
    if (key !== 'ignore') throw invalid(file, `unknown top-level key '${key}' (only 'ignore' is allowed)`);
  }
  const list = root.get('ignore', true);
  if (list === undefined || list === null || (list as { value?: unknown }).value === null) return [];
  if (!isSeq(list)) throw invalid(file, '`ignore` must be a list of entries');
  return list.items.map((node, index) => {
    const line = lineCounter.linePos((node as { range?: [number] }).range?.[0] ?? 0).line;
    const where = `line ${line}: ignore[${index}]`;
    if (!isMap(node)) throw invalid(file, `${where}: must be a mapping with id, reason and expires`);
    const entry = node.toJSON() as Record<string, unknown>;
    const id = typeof entry.id === 'string' ? entry.id.trim() : '';
    const named = id === '' ? where : `${where} (${id})`;
    if (id === '' || /\s/.test(id))
      throw invalid(file, `${where}: needs an 'id' (the advisory id or an alias, without spaces)`);
    for (const key of Object.keys(entry)) {
      if (!entryKeys.has(key))
        throw invalid(file, `${named}: unknown key '${key}' (allowed: id, package, reason, expires)`);
    }
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') {
      throw invalid(file, `${named}: needs a non-empty 'reason' saying why the finding is accepted`);
    }
    if (entry.expires === undefined || entry.expires === null) {
      throw invalid(file, `${named}: needs an 'expires' date (YYYY-MM-DD or RFC 3339 date-time)`);
    }
    const expiresText = String(entry.expires);
    const expires = typeof entry.expires === 'string' ? parseDateOrDateTime(expiresText) : undefined;
    if (expires === undefined) {
      throw invalid(
        file,
        `${named}: 'expires' must be YYYY-MM-DD or an RFC 3339 date-time (got ${JSON.stringify(entry.expires)})`,
      );
    }
    let packagePurl: ParsedPurl | undefined;
    if (entry.package !== undefined) {
      packagePurl = typeof entry.package === 'string' ? parsePurl(entry.package) : undefined;
      if (packagePurl === undefined) {
        throw invalid(
          file,
          `${named}: 'package' must be a PURL such as pkg:npm/lodash (got ${JSON.stringify(entry.package)})`,
        );
      }
    }
    return {
      id,
      ...(packagePurl === undefined ? {} : { package: entry.package as string, packagePurl }),
      reason: entry.reason.trim(),
      expires,
      file,
      entry: `ignore[${index}]`,
      line,
    };
  });
}
