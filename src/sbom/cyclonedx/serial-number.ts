import { createHash } from 'node:crypto';

/** veriship's UUID namespace for name-based (v5) serial numbers; fixed forever, never regenerated. */
const verishipNamespace = Buffer.from('3f5c9a1e6b2d4c8e9a7f0d1b2c3e4f5a', 'hex');

/**
 * RFC 9562 §5.5 UUID version 5: SHA-1 over namespace + name, version nibble 5, variant 10xx.
 * CycloneDX 1.6 `serialNumber` must be a `urn:uuid:` (RFC 4122/9562); deriving it from the content makes
 * the same BOM carry the same serial, and any change a new one.
 */
export function uuidV5(name: string | Uint8Array, namespace: Uint8Array = verishipNamespace): string {
  const digest = createHash('sha1').update(namespace).update(name).digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A serial that cannot collide with a real v5 one (version nibble 0), replaced after hashing. */
export const serialPlaceholder = 'urn:uuid:00000000-0000-0000-0000-000000000000';

/** Replaces the placeholder serial with the UUID v5 of the document as serialised with the placeholder. */
export function stampSerialNumber(document: string): string {
  const serial = `urn:uuid:${uuidV5(document)}`;
  return document.replace(serialPlaceholder, serial);
}
