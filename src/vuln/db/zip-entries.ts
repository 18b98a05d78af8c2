import { crc32, inflateRawSync } from 'node:zlib';
import type * as yauzl from 'yauzl';
import { unsafeEntryNameReason, type ZipLimits } from '../../sbom/extractors/zip-reader.js';
import { VulnDatabaseError } from './vuln-db-error.js';

/**
 * Bulk reading of every entry of an advisory archive held in memory. `sbom/extractors/zip-reader.ts`
 * reads a few named entries of a wheel; an osv.dev `all.zip` has hundreds of thousands, and its
 * per-entry promise round trip through yauzl's local-header reader was most of the import time.
 * So: yauzl still parses the container (end records, ZIP64, central directory, Unicode path fields)
 * and the safety rules are the wheel reader's (`unsafeEntryNameReason`, duplicates, size and ratio
 * limits), but the 30-byte local header (APPNOTE 6.3.10 §4.3.7) is read here synchronously, and each
 * entry is inflated with a hard output cap and checked against its CRC-32.
 */

export interface ZipEntries {
  /** Entry names (files only), in central-directory order. */
  readonly names: readonly string[];
  /**
   * Inflates and verifies one entry; `deflated` is its raw deflate stream (a view into the archive) when
   * it was stored deflated. @throws VulnDatabaseError VULN_DB_INPUT_INVALID when damaged
   */
  read(name: string): { data: Buffer; deflated: Buffer | undefined };
}

interface EntryLocation {
  offset: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  compressionMethod: number;
  generalPurposeBitFlag: number;
  fileNameRaw: Buffer;
}

const localHeaderSignature = 0x04034b50;
const localHeaderLength = 30;
const encryptedFlag = 0x1;

function broken(path: string, message: string, cause?: unknown): VulnDatabaseError {
  return new VulnDatabaseError({
    code: 'VULN_DB_INPUT_INVALID',
    file: path,
    message: `broken zip archive: ${message}`,
    cause,
  });
}

/** yauzl is CommonJS: from source its functions are named exports, from the esbuild bundle only `default` has them. */
async function loadYauzl(): Promise<typeof yauzl> {
  const module = (await import('yauzl')) as typeof yauzl & { default?: typeof yauzl };
  return typeof module.fromBuffer === 'function' ? module : (module.default as typeof yauzl);
}

/**
 * Lists and checks the entries of an archive: names safe and unique, counts and sizes within `limits`.
 * @throws VulnDatabaseError VULN_DB_INPUT_INVALID (not a zip, corrupt, unsafe names, over a limit)
 */
export async function openZipEntries(path: string, content: Buffer, limits: ZipLimits): Promise<ZipEntries> {
  const library = await loadYauzl();
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    library.fromBuffer(
      content,
      {
        lazyEntries: true,
        autoClose: false,
        decodeStrings: false,
        validateEntrySizes: true,
        strictFileNames: true,
      },
      (error, file) =>
        error || !file ? reject(broken(path, error?.message ?? 'unreadable', error)) : resolve(file),
    );
  });
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw broken(path, `${zip.entryCount} entries (limit ${limits.maxEntries})`);
  }
  const raw = await new Promise<yauzl.Entry[]>((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (error: Error) => reject(broken(path, error.message, error)));
    zip.readEntry();
  }).finally(() => zip.close());

  // Only what reading needs is kept: yauzl's Entry objects (extra fields, decoded copies) would cost
  // hundreds of bytes each, times hundreds of thousands of entries.
  const byName = new Map<string, EntryLocation>();
  let total = 0;
  for (const entry of raw.splice(0)) {
    const name = library.getFileNameLowLevel(
      entry.generalPurposeBitFlag,
      entry.fileNameRaw,
      entry.extraFields,
      true,
    );
    // Both spellings are checked: a reader ignoring the Unicode Path field sees the raw bytes.
    for (const candidate of [name, entry.fileNameRaw.toString('latin1')]) {
      const reason = unsafeEntryNameReason(candidate);
      if (reason) throw broken(path, `entry ${JSON.stringify(candidate)} ${reason}`);
    }
    if (byName.has(name)) throw broken(path, `entry ${JSON.stringify(name)} appears more than once`);
    byName.set(name, {
      offset: entry.relativeOffsetOfLocalHeader,
      compressedSize: entry.compressedSize,
      uncompressedSize: entry.uncompressedSize,
      crc32: entry.crc32,
      compressionMethod: entry.compressionMethod,
      generalPurposeBitFlag: entry.generalPurposeBitFlag,
      fileNameRaw: Buffer.from(entry.fileNameRaw),
    });
    total += entry.uncompressedSize;
  }
  if (total > limits.maxTotalBytes) {
    throw broken(path, `entries claim ${total} bytes uncompressed (limit ${limits.maxTotalBytes})`);
  }
  if (total > limits.ratioFloorBytes && total > limits.maxRatio * Math.max(content.length, 1)) {
    throw broken(
      path,
      `entries claim ${total} bytes from a ${content.length}-byte archive (ratio limit ${limits.maxRatio}:1)`,
    );
  }
  return {
    names: [...byName.keys()].filter((name) => !name.endsWith('/')),
    read(name) {
      const entry = byName.get(name);
      if (!entry) throw broken(path, `no entry ${name}`);
      return readEntry(path, content, entry, name, limits);
    },
  };
}

function readEntry(
  path: string,
  content: Buffer,
  entry: EntryLocation,
  name: string,
  limits: ZipLimits,
): { data: Buffer; deflated: Buffer | undefined } {
  const declared = entry.uncompressedSize;
  if (declared > limits.maxEntryBytes)
    throw broken(path, `entry ${name} declares ${declared} bytes (limit ${limits.maxEntryBytes})`);
  if (entry.generalPurposeBitFlag & encryptedFlag) throw broken(path, `entry ${name} is encrypted`);
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw broken(
      path,
      `entry ${name} uses compression method ${entry.compressionMethod} (only stored and deflate are read)`,
    );
  }
  const offset = entry.offset;
  if (offset + localHeaderLength > content.length || content.readUInt32LE(offset) !== localHeaderSignature) {
    throw broken(path, `entry ${name}: no local file header at offset ${offset}`);
  }
  const nameLength = content.readUInt16LE(offset + 26);
  const extraLength = content.readUInt16LE(offset + 28);
  const localName = content.subarray(offset + localHeaderLength, offset + localHeaderLength + nameLength);
  // A local header naming another file is how "ambiguous" archives show different content to
  // central-directory readers (us) and streaming readers.
  if (!localName.equals(entry.fileNameRaw))
    throw broken(path, `entry ${name}: its local header names a different file`);
  const start = offset + localHeaderLength + nameLength + extraLength;
  const end = start + entry.compressedSize;
  if (end > content.length) throw broken(path, `entry ${name} runs past the end of the archive`);
  const compressed = content.subarray(start, end);
  let data: Buffer;
  if (entry.compressionMethod === 0) data = compressed;
  else {
    try {
      // The declared size caps the output: a lying header costs at most that much memory.
      data = inflateRawSync(compressed, { maxOutputLength: Math.max(declared, 1) });
    } catch (error) {
      throw broken(path, `entry ${name} does not inflate: ${(error as Error).message}`, error);
    }
  }
  if (data.length !== declared)
    throw broken(path, `entry ${name} holds ${data.length} bytes, the archive declares ${declared}`);
  if (crc32(data) !== entry.crc32) throw broken(path, `entry ${name} fails its CRC-32 check`);
  return { data, deflated: entry.compressionMethod === 8 ? compressed : undefined };
}
