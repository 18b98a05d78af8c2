/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum Google Cloud Storage reports in
 * `x-goog-hash: crc32c=…` for every object, including composite objects that have no MD5. node:zlib
 * only has the IEEE CRC-32, so this is the table-driven byte-at-a-time form (RFC 3720 §B.4).
 */
const table = (() => {
  const entries = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
    entries[byte] = crc >>> 0;
  }
  return entries;
})();

/** Continues a CRC-32C over `data`; start from 0. */
export function crc32c(data: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  for (let index = 0; index < data.length; index++) {
    crc = (table[(crc ^ (data[index] as number)) & 0xff] as number) ^ (crc >>> 8);
  }
  return ~crc >>> 0;
}
