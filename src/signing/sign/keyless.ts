import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Bundle, bundleFromJSON, bundleToJSON } from '@sigstore/bundle';
import {
  type BundleBuilder,
  DEFAULT_FULCIO_URL,
  DEFAULT_REKOR_URL,
  DSSEBundleBuilder,
  FulcioSigner,
  MessageSignatureBundleBuilder,
  RekorWitness,
} from '@sigstore/sign';
import { SigningError } from '../../errors.js';
import { fileReadError } from '../../io/file-system.js';
import { sha256 } from '../digest.js';
import { type BundleJson, bundleV03MediaType, inTotoPayloadType } from './bundle-json.js';

export { DEFAULT_FULCIO_URL as defaultFulcioUrl, DEFAULT_REKOR_URL as defaultRekorUrl };

/** The environment variable cosign and sigstore-js read an OIDC identity token from. */
export const identityTokenVariable = 'SIGSTORE_ID_TOKEN';

export interface KeylessOptions {
  /** An OIDC identity token (a JWT) for Fulcio; its subject becomes the certificate's identity. */
  identityToken: string;
  /** Fulcio base URL; default the public-good instance, https://fulcio.sigstore.dev. */
  fulcioUrl?: string | undefined;
  /** Rekor (v1 API) base URL; default https://rekor.sigstore.dev. */
  rekorUrl?: string | undefined;
  /** Per-request timeout in milliseconds (default 5000, as sigstore-js). */
  timeout?: number | undefined;
  /** Retries per request on 5xx, 408, 429 and network errors (default 2, as sigstore-js). */
  retries?: number | undefined;
}

export interface KeylessSignature {
  bundle: BundleJson;
  /** The Fulcio certificate's subject alternative name, e.g. `email:a@example.com` or `URI:https://…`. */
  identity: string;
  /** Rekor log index of the entry recording this signature. */
  logIndex: string;
}

/**
 * Keyless signing of an artifact held in memory: an ephemeral P-256 key, a Fulcio certificate binding it
 * to the token's identity, the signature, and a Rekor entry (hashedrekord) as witness, all by
 * `@sigstore/sign`. Its builder writes a v0.2 bundle with a one-certificate chain for message signatures;
 * veriship writes v0.3, which carries the same leaf as `certificate` (protobuf-specs bundle.proto: v0.3
 * forbids `x509CertificateChain`).
 * @throws SigningError SIGNING_KEYLESS_FAILED (token, Fulcio or Rekor failure), SIGNING_BUNDLE_INVALID
 */
export async function signMessageKeyless(
  data: Uint8Array,
  options: KeylessOptions,
): Promise<KeylessSignature> {
  const builder = new MessageSignatureBundleBuilder(builderOptions(options));
  return finish(await create(builder, { data: Buffer.from(data) }, options));
}

/**
 * Keyless signing of a file. `@sigstore/sign`'s builders take the artifact as one Buffer, so unlike
 * key-based signing this holds the file in memory.
 * @throws InputError when the file cannot be read; SigningError as `signMessageKeyless`
 */
export async function signFileKeyless(
  path: string,
  options: KeylessOptions,
): Promise<KeylessSignature & { sha256: Buffer; size: number }> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    throw fileReadError(path, error);
  }
  const signed = await signMessageKeyless(data, options);
  return { ...signed, sha256: sha256(data), size: data.length };
}

/**
 * Keyless signing of an in-toto statement into a DSSE bundle (Rekor `dsse` entry), the keyless
 * counterpart of `signStatement`.
 * @throws SigningError as `signMessageKeyless`
 */
export async function signStatementKeyless(
  statement: object,
  options: KeylessOptions,
): Promise<KeylessSignature> {
  const builder = new DSSEBundleBuilder({ ...builderOptions(options), certificateChain: false });
  const data = Buffer.from(JSON.stringify(statement), 'utf8');
  return finish(await create(builder, { data, type: inTotoPayloadType }, options));
}

function builderOptions(options: KeylessOptions) {
  if (options.identityToken.split('.').length !== 3) {
    throw new SigningError({
      code: 'SIGNING_KEYLESS_FAILED',
      message: 'the identity token is not a JWT (header.payload.signature)',
    });
  }
  const fetchOptions = { timeout: options.timeout ?? 5000, retry: { retries: options.retries ?? 2 } };
  const identityToken = options.identityToken;
  return {
    signer: new FulcioSigner({
      identityProvider: { getToken: async () => identityToken },
      fulcioBaseURL: options.fulcioUrl ?? DEFAULT_FULCIO_URL,
      ...fetchOptions,
    }),
    witnesses: [
      new RekorWitness({
        rekorBaseURL: options.rekorUrl ?? DEFAULT_REKOR_URL,
        fetchOnConflict: true,
        ...fetchOptions,
      }),
    ],
  };
}

async function create(
  builder: BundleBuilder,
  artifact: { data: Buffer; type?: string },
  options: KeylessOptions,
): Promise<Bundle> {
  try {
    return await builder.create(artifact);
  } catch (error) {
    throw new SigningError({
      code: 'SIGNING_KEYLESS_FAILED',
      message: `keyless signing failed (Fulcio ${options.fulcioUrl ?? DEFAULT_FULCIO_URL}, Rekor ${
        options.rekorUrl ?? DEFAULT_REKOR_URL
      }): ${describe(error)}`,
      cause: error,
    });
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function finish(bundle: Bundle): KeylessSignature {
  const json = toV03(bundleToJSON(bundle) as unknown as BundleJson);
  try {
    bundleFromJSON(json);
  } catch (error) {
    throw new SigningError({
      code: 'SIGNING_BUNDLE_INVALID',
      message: `the keyless bundle is not a valid v0.3 bundle: ${describe(error)}`,
      cause: error,
    });
  }
  const certificate = json.verificationMaterial.certificate?.rawBytes ?? '';
  const identity = new X509Certificate(Buffer.from(certificate, 'base64')).subjectAltName ?? '';
  const logIndex = json.verificationMaterial.tlogEntries?.[0]?.logIndex ?? '';
  return { bundle: json, identity, logIndex };
}

/** Bundle v0.2 with a one-certificate chain → v0.3 with that leaf as `certificate`; anything else as is. */
export function toV03(bundle: BundleJson): BundleJson {
  const { x509CertificateChain, ...material } = bundle.verificationMaterial;
  const leaf = x509CertificateChain?.certificates[0];
  if (!leaf) return { ...bundle, mediaType: bundleV03MediaType };
  const { mediaType: _, verificationMaterial: __, ...content } = bundle;
  return {
    mediaType: bundleV03MediaType,
    verificationMaterial: { certificate: leaf, ...material },
    ...content,
  };
}
