import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, read, readSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileReadError } from '../io/file-system.js';

/**
 * Read size for streaming a large file: two buffers of it are all the memory hashing takes. Reading into
 * reused buffers with one read always in flight hashed a 1 GiB file up to ~20% faster here than
 * `createReadStream` (1 MiB chunks, a fresh buffer each), and on par with `openssl dgst -sha256`.
 */
export const fileChunkSize = 4 << 20;

/** Files smaller than this are read synchronously: see `consumeFile`. */
const smallFileSize = 256 << 10;

const readAsync = promisify(read);

/**
 * Reads `path` front to back in constant memory, handing each chunk to `consume`, and returns the byte
 * count. A chunk is only valid until `consume` returns (its memory is reused); copy it to keep it.
 * Errors are raw `NodeJS.ErrnoException`s (callers decide how to report them; see `fileReadError`).
 *
 * Small files (checksum lists, SBOMs, attestations, small packages) are read with synchronous calls: the
 * thread-pool round trips of asynchronous open/read/close cost ~10× the read itself. Larger
 * files are read asynchronously with two alternating buffers, so the next read (on libuv's thread pool)
 * overlaps the hashing of the current chunk on this thread.
 */
export async function consumeFile(path: string, consume: (chunk: Uint8Array) => void): Promise<number> {
  const descriptor = openSync(path, 'r');
  try {
    let size = 0;
    const expected = fstatSync(descriptor).size;
    if (expected < smallFileSize) {
      const buffer = Buffer.allocUnsafe(expected + 1);
      for (;;) {
        const bytesRead = readSync(descriptor, buffer, 0, buffer.length, null);
        if (bytesRead === 0) return size;
        size += bytesRead;
        consume(buffer.subarray(0, bytesRead));
        // The file grew (past the small-file size) while being read: stream the rest.
        if (size >= smallFileSize) break;
      }
    }
    return size + (await streamFrom(descriptor, consume));
  } finally {
    closeSync(descriptor);
  }
}

async function streamFrom(descriptor: number, consume: (chunk: Uint8Array) => void): Promise<number> {
  const buffers: Buffer[] = [Buffer.allocUnsafe(fileChunkSize)];
  let current = 0;
  let size = 0;
  let pending = readAsync(descriptor, buffers[0] as Buffer, 0, fileChunkSize, null);
  for (;;) {
    const { bytesRead, buffer } = await pending;
    if (bytesRead === 0) return size;
    current ^= 1;
    buffers[current] ??= Buffer.allocUnsafe(fileChunkSize);
    pending = readAsync(descriptor, buffers[current] as Buffer, 0, fileChunkSize, null);
    size += bytesRead;
    try {
      consume(bytesRead === fileChunkSize ? buffer : buffer.subarray(0, bytesRead));
    } catch (error) {
      // Let the read in flight finish before the caller closes the descriptor under it.
      await pending.catch(() => undefined);
      throw error;
    }
  }
}

export interface FileDigest {
  /** The SHA-256 of the file's bytes (32 bytes). */
  sha256: Buffer;
  size: number;
}

/**
 * SHA-256 of a file, streamed in constant memory.
 * @throws InputError INPUT_NOT_FOUND / INPUT_UNREADABLE, naming the file
 */
export async function digestFile(path: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  try {
    const size = await consumeFile(path, (chunk) => hash.update(chunk));
    return { sha256: hash.digest(), size };
  } catch (error) {
    throw fileReadError(path, error);
  }
}

export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}
