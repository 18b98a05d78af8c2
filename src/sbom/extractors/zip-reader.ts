import { crc32, inflateRawSync } from 'node:zlib';
import type * as yauzl from 'yauzl';
import { InputError } from '../../errors.js';

/**
 * A safe, in-memory reader for zip archives we only inspect (wheels): nothing is ever written to disk,
 * and only the entries asked for are inflated.
 *
 * yauzl parses the container (end-of-central-directory record, ZIP64, central directory, Info-ZIP
 * Unicode path fields, local header bounds): that is where hand-written zip parsers go wrong. The
 * checks that decide whether an archive is safe are ours, so that each failure gets a typed code
 * instead of a yauzl message string: names are decoded with `decodeStrings: false` and validated here,
 * and entry data is sliced from the buffer and inflated synchronously with a hard output cap, because
 * yauzl's streams stop only after the declared size and do not check CRC-32.
 */

export interface ZipLimits {
  /** Most entries the central directory may list. */
  maxEntries: number;
  /** Largest entry we inflate, declared or actual (METADATA, RECORD are kilobytes in practice). */
  maxEntryBytes: number;
  /** Largest sum of the declared uncompressed sizes of all entries. */
  maxTotalBytes: number;
  /** Largest ratio of total declared uncompressed size to archive size … */
  maxRatio: number;
  /** … checked once the total exceeds this, so tiny archives of empty files are not refused. */
  ratioFloorBytes: number;
}

/**
 * Deflate cannot exceed ~1032:1, and real wheels compress 2–10:1 overall (the largest CUDA wheels
 * inflate to about 3 GiB); an archive that claims far more is a zip bomb, whether or not we would
 * inflate the entries in question, because the next tool to unpack it will.
 */
export const defaultZipLimits: ZipLimits = {
  maxEntries: 500_000,
  maxEntryBytes: 16 * 1024 * 1024,
  maxTotalBytes: 8 * 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 64 * 1024 * 1024,
};

export interface ZipEntry {
  /** The entry name, `/`-separated, validated: never absolute, never climbing out with `..`. */
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

export interface ZipArchive {
  /** Every entry, in central-directory order, directories included (their names end with `/`). */
  readonly entries: readonly ZipEntry[];
  /**
   * Inflates one entry in memory; `undefined` when the archive has no entry of that name.
   * @throws InputError INPUT_TOO_LARGE (declared or actual size over the limit, or more than declared),
   *   INPUT_MALFORMED (unsupported compression, encryption, corrupt data, CRC-32 mismatch),
   *   INPUT_UNSAFE (local header names another file than the central directory)
   */
  read(name: string): Promise<Buffer | undefined>;
}

const GENERAL_PURPOSE_ENCRYPTED = 0x1;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;

function malformed(path: string, message: string, cause?: unknown): InputError {
  return new InputError({ code: 'INPUT_MALFORMED', file: path, message, cause });
}

function tooLarge(path: string, message: string): InputError {
  return new InputError({ code: 'INPUT_TOO_LARGE', file: path, message });
}

function unsafe(path: string, message: string): InputError {
  return new InputError({ code: 'INPUT_UNSAFE', file: path, message });
}

/**
 * Why an entry name is unsafe, or undefined. Even though nothing is extracted, an archive carrying
 * such a name is built to attack whoever does extract it (zip-slip), so it is refused outright.
 * APPNOTE 4.4.17: names are relative, with forward slashes only; a backslash is a separator on Windows.
 */
export function unsafeEntryNameReason(name: string): string | undefined {
  if (name.length === 0) return 'has an empty name';
  if (name.includes('\0')) return 'contains a NUL byte';
  if (name.includes('\\'))
    return 'contains a backslash (zip names use "/" only; Windows would treat it as a separator)';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  if (name.split('/').includes('..')) return 'climbs out of the archive with ".."';
  return undefined;
}

function openFromBuffer(library: typeof yauzl, path: string, content: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    library.fromBuffer(
      content,
      {
        lazyEntries: true,
        autoClose: false,
        // Names stay raw so that we validate them and throw INPUT_UNSAFE ourselves (below).
        decodeStrings: false,
        // Also rejects stored entries whose compressed and uncompressed sizes disagree; our own
        // synchronous inflate re-checks every size it reads.
        validateEntrySizes: true,
        strictFileNames: true,
      },
      (error, zip) => {
        if (error || !zip)
          reject(malformed(path, `not a zip archive: ${error?.message ?? 'unreadable'}`, error));
        else resolve(zip);
      },
    );
  });
}

function listEntries(path: string, zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (error: Error) =>
      reject(malformed(path, `corrupt zip archive: ${error.message}`, error)),
    );
    zip.readEntry();
  });
}

function entryName(library: typeof yauzl, path: string, entry: yauzl.Entry): string {
  // The name a tool would use: the Info-ZIP Unicode Path field when valid, else the raw bytes (UTF-8 if
  // flagged, CP437 otherwise). The raw bytes are checked too: a reader that ignores the extra field
  // sees those instead, and hiding `../` behind a harmless Unicode alias is a known trick.
  const name = library.getFileNameLowLevel(
    entry.generalPurposeBitFlag,
    entry.fileNameRaw,
    entry.extraFields,
    true,
  );
  for (const candidate of [name, entry.fileNameRaw.toString('latin1')]) {
    const reason = unsafeEntryNameReason(candidate);
    if (reason) throw unsafe(path, `zip entry ${JSON.stringify(candidate)} ${reason}`);
  }
  return name;
}

/**
 * Opens a zip archive held in memory and checks every entry name and the archive's overall size
 * claims before anything is inflated.
 * @throws InputError INPUT_MALFORMED (not a zip, corrupt), INPUT_UNSAFE (unsafe or duplicate entry
 *   names), INPUT_TOO_LARGE (too many entries, too large in total, implausible compression ratio)
 */
export async function openZip(
  path: string,
  content: Buffer,
  limits: ZipLimits = defaultZipLimits,
): Promise<ZipArchive> {
  // Loaded on use: only wheels need a zip reader. yauzl is CommonJS: in the esbuild bundle its functions
  // are on the namespace's `default`, not on the namespace itself.
  const namespace = (await import('yauzl')) as typeof yauzl & { default?: typeof yauzl };
  const library = namespace.default ?? namespace;
  const zip = await openFromBuffer(library, path, content);
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw tooLarge(path, `zip archive lists ${zip.entryCount} entries (limit ${limits.maxEntries})`);
  }
  let raw: yauzl.Entry[];
  try {
    raw = await listEntries(path, zip);
  } finally {
    zip.removeAllListeners();
    // Reads after this use callbacks; a stray 'error' event must not become an uncaught exception.
    zip.on('error', () => {});
  }

  const byName = new Map<string, yauzl.Entry>();
  const entries: ZipEntry[] = [];
  let totalUncompressed = 0;
  for (const entry of raw) {
    const name = entryName(library, path, entry);
    // Two entries of one name are read differently by different tools (first wins, last wins): what
    // we describe might not be what gets installed.
    if (byName.has(name)) throw unsafe(path, `zip entry ${JSON.stringify(name)} appears more than once`);
    byName.set(name, entry);
    entries.push({ name, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize });
    totalUncompressed += entry.uncompressedSize;
  }
  if (totalUncompressed > limits.maxTotalBytes) {
    throw tooLarge(
      path,
      `zip entries claim ${totalUncompressed} bytes uncompressed (limit ${limits.maxTotalBytes})`,
    );
  }
  // Overlapping-entry bombs (Fifield, "A better zip bomb", 2019) reuse one compressed block for many
  // entries: their per-entry ratios look sane, only the total against the file size gives them away.
  if (
    totalUncompressed > limits.ratioFloorBytes &&
    totalUncompressed > limits.maxRatio * Math.max(content.length, 1)
  ) {
    throw tooLarge(
      path,
      `zip entries claim ${totalUncompressed} bytes from a ${content.length}-byte archive (ratio limit ${limits.maxRatio}:1)`,
    );
  }

  return {
    entries,
    async read(name) {
      const entry = byName.get(name);
      if (!entry) return undefined;
      return readEntry(path, zip, content, entry, name, limits);
    },
  };
}

async function readEntry(
  path: string,
  zip: yauzl.ZipFile,
  content: Buffer,
  entry: yauzl.Entry,
  name: string,
  limits: ZipLimits,
): Promise<Buffer> {
  const declared = entry.uncompressedSize;
  if (declared > limits.maxEntryBytes) {
    throw tooLarge(path, `zip entry ${name} declares ${declared} bytes (limit ${limits.maxEntryBytes})`);
  }
  if (entry.generalPurposeBitFlag & GENERAL_PURPOSE_ENCRYPTED) {
    throw malformed(path, `zip entry ${name} is encrypted`);
  }
  if (entry.compressionMethod !== METHOD_STORED && entry.compressionMethod !== METHOD_DEFLATED) {
    throw malformed(
      path,
      `zip entry ${name} uses compression method ${entry.compressionMethod} (only stored and deflate are read)`,
    );
  }
  let header: yauzl.LocalFileHeader;
  try {
    header = await zip.readLocalFileHeaderPromise(entry);
  } catch (error) {
    throw malformed(path, `zip entry ${name}: ${(error as Error).message}`, error);
  }
  // A local header naming another file is how "ambiguous" archives show one content to
  // central-directory readers (us) and another to streaming readers.
  if (!header.fileName.equals(entry.fileNameRaw)) {
    throw unsafe(path, `zip entry ${name}: its local header names a different file`);
  }
  const compressed = content.subarray(header.fileDataStart, header.fileDataStart + entry.compressedSize);

  let data: Buffer;
  if (entry.compressionMethod === METHOD_STORED) {
    data = Buffer.from(compressed);
  } else {
    try {
      // Never trust the declared size alone: zlib stops as soon as the output passes the cap, so a
      // lying header costs at most `declared` bytes of memory, never the bomb's full size.
      data = inflateRawSync(compressed, { maxOutputLength: Math.max(declared, 1) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw tooLarge(path, `zip entry ${name} inflates past its declared ${declared} bytes (zip bomb?)`);
      }
      throw malformed(path, `zip entry ${name} does not inflate: ${(error as Error).message}`, error);
    }
  }
  if (data.length !== declared) {
    throw malformed(path, `zip entry ${name} holds ${data.length} bytes, the archive declares ${declared}`);
  }
  if (crc32(data) !== entry.crc32) throw malformed(path, `zip entry ${name} fails its CRC-32 check`);
  return data;
}
