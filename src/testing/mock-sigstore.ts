import { createHash, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from '@sigstore/core';
import { fulcioHandler, initializeCA, initializeCTLog, initializeTLog, rekorHandler } from '@sigstore/mock';
import type { TrustMaterial } from '@sigstore/verify';
import { freshKeyPair } from '../signing/keys/generate.js';

/** A request handler of `@sigstore/mock` (its `HandlerFn`, which nock would otherwise call). */
interface MockHandler {
  path: string;
  fn: (
    body: string,
  ) => Promise<{ statusCode: number; response: string | ArrayBufferView; contentType?: string }>;
}

export interface MockSigstore {
  fulcioUrl: string;
  rekorUrl: string;
  /** Trust material naming the mock CA, CT log and Rekor, for `@sigstore/verify`'s `Verifier`. */
  trustMaterial: TrustMaterial;
  /** The same trust as a Sigstore `trusted_root.json` (v0.1), for veriship's own verifier. */
  trustedRootJson: string;
  /** `METHOD path` of every request received, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Fulcio and Rekor stand-ins on 127.0.0.1, serving `@sigstore/mock`'s own handlers over real HTTP, so
 * that `@sigstore/sign`'s whole client path (make-fetch-happen, retries, response parsing) runs in tests,
 * in-process or from a child process.
 */
export async function startMockSigstore(): Promise<MockSigstore> {
  const requests: string[] = [];
  const caKeys = ecKeyPair();
  const ctKeys = ecKeyPair();
  const rekorKeys = ecKeyPair();
  const ca = await initializeCA(caKeys, await initializeCTLog(ctKeys));
  const fulcio = await listen(fulcioHandler(ca), requests);
  // Rekor's handler needs its own URL (its checkpoints name the host), so bind first, then attach.
  const rekorServer = await listen(undefined, requests);
  const rekor = rekorHandler(await initializeTLog(rekorServer.url, rekorKeys));
  rekorServer.attach({
    path: rekor.path,
    fn: async (body) => withInclusionProofIndex(await rekor.fn(canonicalizeDsseEntry(body))),
  });

  const always = { start: new Date(0), end: new Date(8.64e15) };
  const trustMaterial: TrustMaterial = {
    certificateAuthorities: [
      { certChain: [X509Certificate.parse(bytes(ca.rootCertificate))], validFor: always },
    ],
    timestampAuthorities: [],
    tlogs: [
      {
        logID: logId(rekorKeys.publicKey),
        baseURL: rekorServer.url,
        publicKey: rekorKeys.publicKey,
        validFor: always,
      },
    ],
    ctlogs: [
      {
        logID: logId(ctKeys.publicKey),
        baseURL: 'https://ctfe.mock',
        publicKey: ctKeys.publicKey,
        validFor: always,
      },
    ],
    publicKey: (hint) => {
      throw new Error(`no public key ${hint} in the mock trust material`);
    },
  };
  const since = { start: '1970-01-01T00:00:00Z' };
  const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' }).toString('base64');
  const trustedRootJson = JSON.stringify({
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: rekorServer.url,
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: spki(rekorKeys.publicKey),
          keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          validFor: since,
        },
        logId: { keyId: logId(rekorKeys.publicKey).toString('base64') },
      },
    ],
    ctlogs: [
      {
        baseUrl: 'https://ctfe.mock',
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: spki(ctKeys.publicKey),
          keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          validFor: since,
        },
        logId: { keyId: logId(ctKeys.publicKey).toString('base64') },
      },
    ],
    certificateAuthorities: [
      {
        uri: fulcio.url,
        certChain: { certificates: [{ rawBytes: bytes(ca.rootCertificate).toString('base64') }] },
        validFor: since,
      },
    ],
    timestampAuthorities: [],
  });
  return {
    fulcioUrl: fulcio.url,
    rekorUrl: rekorServer.url,
    trustMaterial,
    trustedRootJson,
    requests,
    close: async () => {
      await Promise.all([fulcio.close(), rekorServer.close()]);
    },
  };
}

/**
 * `@sigstore/mock`'s Rekor logs a proposed entry as given, but Rekor stores a `dsse` entry in its
 * canonical form (rekor `pkg/types/dsse/v0.0.1/entry.go`, `Canonicalize`): the envelope replaced by its
 * hash, the payload's hash, and each signature with its verifier. Verifiers read that form, so the
 * stand-in logs it too.
 */
function canonicalizeDsseEntry(body: string): string {
  const entry = JSON.parse(body) as {
    kind?: string;
    apiVersion?: string;
    spec?: { proposedContent?: { envelope: string; verifiers: string[] } };
  };
  const proposed = entry.spec?.proposedContent;
  if (entry.kind !== 'dsse' || !proposed) return body;
  const envelope = JSON.parse(proposed.envelope) as { payload: string; signatures: { sig: string }[] };
  const hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
  return JSON.stringify({
    apiVersion: entry.apiVersion,
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: hex(proposed.envelope) },
      payloadHash: { algorithm: 'sha256', value: hex(Buffer.from(envelope.payload, 'base64')) },
      signatures: envelope.signatures.map((signature, index) => ({
        signature: signature.sig,
        verifier: proposed.verifiers[index] ?? proposed.verifiers[0],
      })),
    },
  });
}

/**
 * Real Rekor repeats the entry's index in its inclusion proof (`verification.inclusionProof.logIndex`,
 * which protobuf-specs' `InclusionProof` requires); `@sigstore/mock` leaves it out. Added here so that
 * strict verifiers (ours) accept what the stand-in logs, as they accept Rekor's.
 */
async function withInclusionProofIndex<T extends { response: string | ArrayBufferView }>(
  result: T,
): Promise<T> {
  if (typeof result.response !== 'string') return result;
  let entries: Record<
    string,
    { logIndex?: number; verification?: { inclusionProof?: Record<string, unknown> } }
  >;
  try {
    entries = JSON.parse(result.response);
  } catch {
    return result;
  }
  for (const entry of Object.values(entries)) {
    const proof = entry.verification?.inclusionProof;
    if (proof && proof.logIndex === undefined && entry.logIndex !== undefined)
      proof.logIndex = entry.logIndex;
  }
  return { ...result, response: JSON.stringify(entries) };
}

function ecKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  // Not generateKeyPairSync's own objects: @sigstore/mock exports them as JWK (see freshKeyPair).
  return freshKeyPair('ecdsa-p256');
}

/** A log's id: SHA-256 of its public key's SPKI DER (RFC 6962 §3.2, and Rekor's logID). */
function logId(publicKey: KeyObject): Buffer {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest();
}

async function listen(
  initial: MockHandler | undefined,
  requests: string[],
): Promise<{ url: string; attach(handler: MockHandler): void; close(): Promise<void> }> {
  let handler = initial;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push(`${request.method} ${request.url}`);
      if (!handler || request.method !== 'POST' || request.url !== handler.path) {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      handler
        .fn(Buffer.concat(chunks).toString('utf8'))
        .then(({ statusCode, response: body, contentType }) => {
          response.writeHead(statusCode, { 'Content-Type': contentType ?? 'text/plain' });
          response.end(typeof body === 'string' ? body : bytes(body));
        })
        .catch((error: unknown) => response.writeHead(500).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    attach(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function bytes(view: ArrayBufferView): Buffer<ArrayBuffer> {
  return Buffer.from(view.buffer as ArrayBuffer, view.byteOffset, view.byteLength);
}
