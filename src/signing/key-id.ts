import { createHash, type KeyObject } from 'node:crypto';

/**
 * A public key's id: the lowercase hex SHA-256 of its SubjectPublicKeyInfo DER. It is what signing puts in
 * a bundle's `verificationMaterial.publicKey.hint` and what keyrings list, so both sides agree on it.
 */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex');
}
