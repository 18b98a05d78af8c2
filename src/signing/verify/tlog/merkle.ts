import { createHash } from 'node:crypto';
import { bytesEqual } from '../encoding.js';

/** RFC 6962 §2.1: leaves and interior nodes are hashed with distinct prefixes (no second preimages). */
export function hashLeaf(leaf: Uint8Array): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0x00]))
    .update(leaf)
    .digest();
}

function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0x01]))
    .update(left)
    .update(right)
    .digest();
}

/**
 * Verifies a Merkle audit path, RFC 9162 §2.1.3.2 (the RFC 6962 inclusion proof). The index and tree size
 * come from the bundle and are attacker-controlled: an index outside the tree or a path of the wrong
 * length is a failure, never an exception. Returns undefined when the path leads to `rootHash`, or why not.
 */
export function verifyInclusionPath(options: {
  leafHash: Buffer;
  index: bigint;
  treeSize: bigint;
  path: readonly Buffer[];
  rootHash: Buffer;
}): string | undefined {
  const { leafHash, index, treeSize, path, rootHash } = options;
  if (index >= treeSize) return `leaf index ${index} is not inside a tree of size ${treeSize}`;
  if (path.some((hash) => hash.length !== 32)) return 'a proof hash is not 32 bytes';
  let fn = index;
  let sn = treeSize - 1n;
  let hash = leafHash;
  for (const sibling of path) {
    if (sn === 0n) return `the proof has ${path.length} hashes, more than the tree needs`;
    if ((fn & 1n) === 1n || fn === sn) {
      hash = hashChildren(sibling, hash);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      hash = hashChildren(hash, sibling);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) return `the proof has ${path.length} hashes, fewer than the tree needs`;
  if (!bytesEqual(hash, rootHash)) return 'the audit path does not lead to the root hash';
  return undefined;
}
