import { preAuthenticationEncoding } from '../dsse-pae.js';
import type { Signer } from '../keys/signer.js';
import { type BundleJson, base64, bundleV03MediaType, inTotoPayloadType } from './bundle-json.js';

export interface DsseParts {
  payload: Uint8Array;
  payloadType: string;
  signature: Uint8Array;
  keyId: string;
}

/**
 * A key-based bundle v0.3 holding a DSSE envelope with one signature. As for message signatures there is no
 * tlog entry; the envelope's `keyid` repeats the public-key hint, as sigstore-js writes it.
 */
export function dsseBundle(parts: DsseParts): BundleJson {
  return {
    mediaType: bundleV03MediaType,
    verificationMaterial: { publicKey: { hint: parts.keyId }, timestampVerificationData: {} },
    dsseEnvelope: {
      payload: base64(parts.payload),
      payloadType: parts.payloadType,
      signatures: [{ sig: base64(parts.signature), keyid: parts.keyId }],
    },
  };
}

/**
 * Signs `payload` as a DSSE envelope. DSSE v1 protocol: sign PAE(type, body), not the body, so a payload
 * can't be replayed under another type.
 */
export async function signDsse(
  payload: Uint8Array,
  payloadType: string,
  signer: Signer,
): Promise<BundleJson> {
  const signature = await signer.sign(preAuthenticationEncoding(payloadType, payload));
  return dsseBundle({ payload, payloadType, signature, keyId: signer.keyId });
}

/**
 * Signs an in-toto statement (`_type` https://in-toto.io/Statement/v1) into a DSSE bundle with payload type
 * `application/vnd.in-toto+json`. The payload is the statement's `JSON.stringify` in UTF-8; the signature
 * covers those exact bytes, so no canonical form is needed.
 */
export async function signStatement(statement: object, signer: Signer): Promise<BundleJson> {
  return signDsse(Buffer.from(JSON.stringify(statement), 'utf8'), inTotoPayloadType, signer);
}
