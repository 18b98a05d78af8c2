/**
 * DSSE v1 Pre-Authentication Encoding (secure-systems-lab/dsse, protocol.md):
 *   PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
 * where LEN is the byte length in ASCII decimal without leading zeros. Signing PAE rather than the body
 * binds the payload type, so a payload cannot be replayed under another type.
 */
export function preAuthenticationEncoding(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'ascii'),
    type,
    Buffer.from(` ${payload.length} `, 'ascii'),
    payload,
  ]);
}
