import { createHash, createVerify, type Hash, type Verify } from 'node:crypto';
import { isVerishipError } from '../../errors.js';
import { fileReadError } from '../../io/file-system.js';
import { consumeFile } from '../digest.js';

/** The signed artifact as a stream, so verification reads a large file once, in constant memory. */
export interface ArtifactSource {
  /** Shown in reasons, e.g. the file path. */
  name: string;
  /** Hands the bytes to `consume` front to back; a chunk is valid only until `consume` returns. */
  read(consume: (chunk: Uint8Array) => void): Promise<void>;
}

export function artifactFromBytes(bytes: Uint8Array, name = 'artifact'): ArtifactSource {
  return {
    name,
    async read(consume) {
      consume(bytes);
    },
  };
}

/**
 * An artifact read from disk with the signing side's streaming reader (`src/signing/digest.ts`, shared and
 * not part of sign: verify never imports sign).
 *
 * @throws InputError INPUT_NOT_FOUND / INPUT_UNREADABLE when it is read
 */
export function artifactFromFile(path: string): ArtifactSource {
  return {
    name: path,
    async read(consume) {
      try {
        await consumeFile(path, consume);
      } catch (error) {
        throw isVerishipError(error) ? error : fileReadError(path, error);
      }
    },
  };
}

export interface ArtifactScanPlan {
  /** Node digest names to compute, e.g. `sha256`. */
  hashes: readonly string[];
  /** Streaming signature verifiers (ECDSA, RSA) to feed, keyed by the caller's id, with their digest. */
  verifiers: ReadonlyMap<number, string>;
  /** Keep the bytes: Ed25519 (pure EdDSA) signs the whole message and cannot be fed in parts. */
  keepBytes: boolean;
}

export interface ArtifactScan {
  digests: Map<string, Buffer>;
  verifiers: Map<number, Verify>;
  bytes: Buffer | undefined;
  size: number;
}

/** Reads the artifact once, feeding every digest and verifier the plan asks for. */
export async function scanArtifact(source: ArtifactSource, plan: ArtifactScanPlan): Promise<ArtifactScan> {
  const hashes = new Map<string, Hash>(plan.hashes.map((name) => [name, createHash(name)]));
  const verifiers = new Map<number, Verify>(
    [...plan.verifiers].map(([id, hash]) => [id, createVerify(hash)]),
  );
  const kept: Buffer[] = [];
  let size = 0;
  await source.read((chunk) => {
    size += chunk.length;
    for (const hash of hashes.values()) hash.update(chunk);
    for (const verifier of verifiers.values()) verifier.update(chunk);
    // The reader reuses its buffers: keep a copy.
    if (plan.keepBytes) kept.push(Buffer.from(chunk));
  });
  return {
    digests: new Map([...hashes].map(([name, hash]) => [name, hash.digest()])),
    verifiers,
    bytes: plan.keepBytes ? Buffer.concat(kept) : undefined,
    size,
  };
}
