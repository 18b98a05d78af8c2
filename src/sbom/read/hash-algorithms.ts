/**
 * One spelling for hash algorithms across formats: CycloneDX 1.6 `hash-alg` (`SHA-256`, `SHA3-512`,
 * `BLAKE2b-256`). SPDX 2.3 §7.10 spells them `SHA256`, `SHA3_256`, `BLAKE2b-256`; SPDX 3 `sha256`, `sha3_256`.
 */
const spdxToCycloneDx: Readonly<Record<string, string>> = {
  md2: 'MD2',
  md4: 'MD4',
  md5: 'MD5',
  md6: 'MD6',
  sha1: 'SHA-1',
  sha224: 'SHA-224',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
  sha3_256: 'SHA3-256',
  sha3_384: 'SHA3-384',
  sha3_512: 'SHA3-512',
  'blake2b-256': 'BLAKE2b-256',
  'blake2b-384': 'BLAKE2b-384',
  'blake2b-512': 'BLAKE2b-512',
  blake2b256: 'BLAKE2b-256',
  blake2b384: 'BLAKE2b-384',
  blake2b512: 'BLAKE2b-512',
  blake3: 'BLAKE3',
  adler32: 'ADLER32',
};

/** The CycloneDX spelling of an algorithm named in any of the formats; unknown names are kept as written. */
export function canonicalHashAlgorithm(name: string): string {
  const key = name.toLowerCase().replace(/-(?=\d)/, '');
  // Own keys only: a document's `constructor` must not find Object.prototype's.
  if (Object.hasOwn(spdxToCycloneDx, key)) return spdxToCycloneDx[key] as string;
  const cycloneDx = Object.values(spdxToCycloneDx).find(
    (value) => value.toLowerCase() === name.toLowerCase(),
  );
  return cycloneDx ?? name;
}
