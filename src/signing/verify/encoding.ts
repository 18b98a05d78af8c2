import { timingSafeEqual } from 'node:crypto';

const standardBase64 = /^[A-Za-z0-9+/]*={0,2}$/;
const urlSafeBase64 = /^[A-Za-z0-9_-]*={0,2}$/;

/**
 * Decodes base64 strictly: the proto3 JSON mapping allows the standard or the URL-safe alphabet, with or
 * without padding, and nothing else. Node's own decoder skips characters it does not know, so
 * `"INVALID!!!BASE64"` would decode to something; here the result must re-encode to the input.
 * Returns undefined when the text is not base64.
 */
export function decodeBase64Strict(input: string): Buffer | undefined {
  // Line breaks are skipped, as Go's encoding/base64 (and so protojson) does: `base64` wraps at 76 columns.
  const text = input.replace(/[\r\n]/g, '');
  const urlSafe = !standardBase64.test(text);
  if (urlSafe && !urlSafeBase64.test(text)) return undefined;
  const unpadded = text.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return undefined;
  const padded = text.length !== unpadded.length;
  if (padded && text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(unpadded, urlSafe ? 'base64url' : 'base64');
  const again = bytes.toString(urlSafe ? 'base64url' : 'base64').replace(/=+$/, '');
  return again === unpadded ? bytes : undefined;
}

/** Constant-time equality that is false (not an exception) for different lengths. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The first bytes of a value as hex, for reasons shown to people. */
export function shortHex(bytes: Uint8Array, length = 12): string {
  const hex = Buffer.from(bytes).toString('hex');
  return hex.length > length ? `${hex.slice(0, length)}…` : hex;
}
