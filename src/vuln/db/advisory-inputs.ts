import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { FileSystem } from '../../io/file-system.js';
import { defaultZipLimits, type ZipLimits } from '../../sbom/extractors/zip-reader.js';
import { VulnDatabaseError } from './vuln-db-error.js';
import { openZipEntries, type ZipEntries } from './zip-entries.js';

/** One candidate OSV record: where it came from (for warnings) and its bytes. */
export interface InputRecord {
  /** `dir/GHSA-x.json`, or `all.zip!GHSA-x.json` for an archive entry. */
  file: string;
  content: Buffer;
  /** The raw deflate stream of `content`, when the archive holds it deflated (stored as is). */
  deflated?: Buffer;
}

export interface AdvisoryInput {
  /** The path as given, for messages. */
  path: string;
  /** Absolute path: the source's key in the database. */
  location: string;
  kind: 'zip' | 'directory' | 'file';
  sha256: string | null;
  /** The records, in a fixed order (sorted names), read lazily. */
  records(): AsyncIterable<InputRecord>;
}

/**
 * osv.dev's `all.zip` for npm holds a few hundred thousand records of a few KiB each; the bounds leave
 * room for growth while still refusing archives built to exhaust memory (see `zip-reader.ts`).
 */
export const advisoryZipLimits: ZipLimits = {
  ...defaultZipLimits,
  maxEntries: 4_000_000,
  maxEntryBytes: 16 * 1024 * 1024,
};

/** Largest single JSON file read from a directory or named directly, as for a zip entry. */
const maxRecordBytes = advisoryZipLimits.maxEntryBytes;

const zipSignatures = [
  Buffer.from([0x50, 0x4b, 0x03, 0x04]), // local file header
  Buffer.from([0x50, 0x4b, 0x05, 0x06]), // end of central directory: an empty archive
];

function invalid(file: string, message: string, cause?: unknown): VulnDatabaseError {
  return new VulnDatabaseError({ code: 'VULN_DB_INPUT_INVALID', file, message, cause });
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Opens one import input: a zip archive (osv.dev's `<Ecosystem>/all.zip`: every `*.json` entry, in any
 * folder), a directory (every `*.json` file below it, recursively, skipping dot-folders and
 * `node_modules`; symbolic links are not followed), or a single JSON file. A zip is recognised by its
 * signature, not its name; a file named `.zip` that is not one is a broken archive.
 * @throws InputError INPUT_NOT_FOUND / INPUT_UNREADABLE, VulnDatabaseError VULN_DB_INPUT_INVALID
 *   (broken or unsafe zip archive, file too large)
 */
export async function openAdvisoryInput(
  path: string,
  fileSystem: FileSystem,
  /** Names the input in messages and warnings instead of `path` (a download's URL, not its temp file). */
  displayName: string = path,
): Promise<AdvisoryInput> {
  const location = resolve(path);
  const kind = await fileSystem.kind(path);
  if (kind === 'missing') throw invalid(displayName, 'no such file or folder');
  if (kind === 'directory') {
    const files = await listJsonFiles(path, fileSystem);
    return {
      path: displayName,
      location,
      kind: 'directory',
      sha256: null,
      async *records() {
        for (const file of files) yield { file, content: await readBounded(file, fileSystem) };
      },
    };
  }
  if (kind !== 'file') throw invalid(displayName, 'neither a file nor a directory');
  const content = await fileSystem.readFile(path);
  const digest = sha256(content);
  const isZip = zipSignatures.some((signature) => content.subarray(0, 4).equals(signature));
  if (!isZip) {
    if (/\.zip$/i.test(path)) throw invalid(displayName, 'broken zip archive: no zip signature at the start');
    if (content.length > maxRecordBytes) throw invalid(displayName, `larger than ${maxRecordBytes} bytes`);
    return {
      path: displayName,
      location,
      kind: 'file',
      sha256: digest,
      async *records() {
        yield { file: displayName, content };
      },
    };
  }
  const archive: ZipEntries = await openZipEntries(displayName, content, advisoryZipLimits);
  const names = archive.names.filter((name) => name.toLowerCase().endsWith('.json')).sort(byName);
  return {
    path: displayName,
    location,
    kind: 'zip',
    sha256: digest,
    async *records() {
      // A CRC or inflate failure means the archive is damaged, not one record: `read` throws and the
      // whole input is refused.
      for (const name of names) {
        const { data, deflated } = archive.read(name);
        yield { file: `${displayName}!${name}`, content: data, deflated };
      }
    },
  };
}

async function readBounded(file: string, fileSystem: FileSystem): Promise<Buffer> {
  const content = await fileSystem.readFile(file);
  if (content.length > maxRecordBytes) throw invalid(file, `larger than ${maxRecordBytes} bytes`);
  return content;
}

async function listJsonFiles(directory: string, fileSystem: FileSystem): Promise<string[]> {
  const found: string[] = [];
  const entries = (await fileSystem.readDirectory(directory)).sort((a, b) => byName(a.name, b.name));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      found.push(...(await listJsonFiles(path, fileSystem)));
    } else if (entry.isFile && entry.name.toLowerCase().endsWith('.json')) {
      found.push(path);
    }
  }
  return found;
}
