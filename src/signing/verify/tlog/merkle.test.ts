import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { hashLeaf, verifyInclusionPath } from './merkle.js';

// RFC 6962 §2.1 reference definitions, written independently of the verifier: MTH and PATH.
function node(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();
}
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
function treeHash(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return hashLeaf(leaves[0] as Buffer);
  const k = split(leaves.length);
  return node(treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}
function auditPath(index: number, leaves: Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return index < k
    ? [...auditPath(index, leaves.slice(0, k)), treeHash(leaves.slice(k))]
    : [...auditPath(index - k, leaves.slice(k)), treeHash(leaves.slice(0, k))];
}

const leaves = Array.from({ length: 13 }, (_, index) => Buffer.from(`leaf ${index}`));

describe('verifyInclusionPath', () => {
  it('accepts the RFC 6962 audit path of every leaf in trees of 1 to 13 leaves', () => {
    for (let size = 1; size <= leaves.length; size++) {
      const tree = leaves.slice(0, size);
      for (let index = 0; index < size; index++) {
        const problem = verifyInclusionPath({
          leafHash: hashLeaf(tree[index] as Buffer),
          index: BigInt(index),
          treeSize: BigInt(size),
          path: auditPath(index, tree),
          rootHash: treeHash(tree),
        });
        assert.equal(problem, undefined, `size ${size} index ${index}`);
      }
    }
  });

  const tree = leaves.slice(0, 11);
  const good = {
    leafHash: hashLeaf(tree[6] as Buffer),
    index: 6n,
    treeSize: 11n,
    path: auditPath(6, tree),
    rootHash: treeHash(tree),
  };

  it('rejects an index outside the tree, a wrong index, and a wrong leaf', () => {
    assert.match(verifyInclusionPath({ ...good, index: 11n }) ?? '', /not inside/);
    assert.ok(verifyInclusionPath({ ...good, index: 5n }));
    assert.ok(verifyInclusionPath({ ...good, leafHash: hashLeaf(Buffer.from('other')) }));
  });

  it('rejects a path that is too long, too short, or has a flipped hash', () => {
    assert.match(verifyInclusionPath({ ...good, path: [...good.path, good.rootHash] }) ?? '', /more than/);
    assert.match(verifyInclusionPath({ ...good, path: good.path.slice(0, -1) }) ?? '', /fewer than/);
    const flipped = good.path.map((hash) => Buffer.from(hash));
    const target = flipped[1] as Buffer;
    target[0] = (target[0] as number) ^ 1;
    assert.match(verifyInclusionPath({ ...good, path: flipped }) ?? '', /does not lead/);
  });
});
