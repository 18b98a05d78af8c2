import type { Hash, HashAlgorithm } from './component.js';

const SRI_ALGORITHMS: Readonly<Record<string, HashAlgorithm>> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

const HEX_LENGTH: Readonly<Record<HashAlgorithm, number>> = {
  MD5: 32,
  'SHA-1': 40,
  'SHA-256': 64,
  'SHA-384': 96,
  'SHA-512': 128,
};

/**
 * Subresource Integrity strings (W3C SRI §3.5: whitespace-separated `alg-base64[?options]`), as npm,
 * pnpm and yarn v1 store them, to hex hashes. Unknown algorithms and malformed digests are skipped:
 * an SBOM hash we cannot vouch for is worse than none.
 */
export function hashesFromIntegrity(integrity: string | undefined): Hash[] {
  if (!integrity) return [];
  const hashes: Hash[] = [];
  // Nearly always one token: skip the split.
  const tokens = /\s/.test(integrity) ? integrity.trim().split(/\s+/) : [integrity];
  for (const token of tokens) {
    const dash = token.indexOf('-');
    if (dash < 0) continue;
    const algorithm = SRI_ALGORITHMS[token.slice(0, dash).toLowerCase()];
    if (!algorithm) continue;
    const base64 = token.slice(dash + 1).split('?')[0] ?? '';
    const content = Buffer.from(base64, 'base64').toString('hex');
    if (content.length === HEX_LENGTH[algorithm]) hashes.push({ algorithm, content });
  }
  return hashes;
}

/** `sha256:abcd…` (Python lockfiles, pip `--hash`) to a Hash; other algorithms are not kept. */
export function hashFromPrefixedHex(value: string): Hash | undefined {
  const match = /^(sha256|sha384|sha512|sha1|md5)[:=]([0-9a-fA-F]+)$/.exec(value.trim());
  if (!match) return undefined;
  const algorithm = (
    { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512', md5: 'MD5' } as const
  )[match[1] as 'sha1' | 'sha256' | 'sha384' | 'sha512' | 'md5'];
  const content = (match[2] ?? '').toLowerCase();
  return content.length === HEX_LENGTH[algorithm] ? { algorithm, content } : undefined;
}

/** Union by algorithm+content, sorted, so merged components hash the same across runs. */
export function mergeHashes(...lists: Hash[][]): Hash[] {
  // Most components have one hash from one list: nothing to merge or sort (2,000 Maps saved per SBOM).
  if (lists.length === 1 && (lists[0]?.length ?? 0) <= 1) return [...(lists[0] ?? [])];
  const seen = new Map<string, Hash>();
  for (const list of lists) for (const hash of list) seen.set(`${hash.algorithm}:${hash.content}`, hash);
  return [...seen.values()].sort((a, b) =>
    a.algorithm === b.algorithm ? (a.content < b.content ? -1 : 1) : a.algorithm < b.algorithm ? -1 : 1,
  );
}
