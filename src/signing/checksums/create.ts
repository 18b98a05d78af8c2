import { digestFile } from '../digest.js';
import { formatChecksumLine } from './format.js';

export interface FileChecksum {
  /** The name as given, which is what the line records. */
  name: string;
  sha256: Buffer;
}

/**
 * SHA-256 of each file, one after another (hashing runs on the main thread, so files in parallel would
 * not hash faster), in the order given — the order `sha256sum FILE...` keeps.
 * @throws InputError INPUT_NOT_FOUND / INPUT_UNREADABLE for the first file that cannot be read
 */
export async function computeChecksums(paths: readonly string[]): Promise<FileChecksum[]> {
  const checksums: FileChecksum[] = [];
  for (const path of paths) {
    checksums.push({ name: path, sha256: (await digestFile(path)).sha256 });
  }
  return checksums;
}

/** The content of a `checksums.txt` in `sha256sum` text-mode format. */
export function formatChecksums(checksums: readonly FileChecksum[]): string {
  return checksums.map(({ name, sha256 }) => formatChecksumLine(sha256.toString('hex'), name)).join('');
}
