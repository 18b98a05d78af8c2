/**
 * The forms attestations are published in, each turned into Sigstore bundles for `verifyBundle`:
 * - a Sigstore bundle (v0.1–v0.3) holding a DSSE envelope: cosign, sigstore-js, slsa-github-generator v2,
 *   GitHub's `gh attestation`, ours;
 * - a bare DSSE envelope (`payloadType`, `payload`, `signatures`), as slsa-github-generator v1 wrote
 *   `.intoto.jsonl`: its certificate or key id becomes the bundle's verification material, and with no log
 *   entry or timestamp a certificate cannot be checked offline: verification then fails, as it must;
 * - npm's attestations document (`{"attestations": [{predicateType, bundle}]}`, registry `/-/npm/v1/attestations`);
 * - JSON Lines of any of these (one attestation per line).
 */
export interface AttestationCandidate {
  /** Where it was found, for reports: `line 2`, `attestations[1]`. */
  label: string;
  bundle: Uint8Array;
  /** The DSSE payload (base64) as found, so the statement is read without parsing the bundle again. */
  payload: unknown;
}

const bundleV03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/**
 * The candidates in an attestation file. Text that is no JSON at all, or JSON of no known form, gives one
 * candidate holding the raw bytes, so that verification reports a failed `bundle-parse` check naming
 * the problem rather than nothing.
 */
export function readAttestationCandidates(bytes: Uint8Array): AttestationCandidate[] {
  const text = Buffer.from(bytes).toString('utf8');
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    if (lines.length < 2) return [{ label: 'file', bundle: bytes, payload: undefined }];
    return lines.flatMap((line, index) => fromJson(parseOrRaw(line), `line ${index + 1}`));
  }
  const root = object(whole);
  if (root?.mediaType !== undefined && root.attestations === undefined) {
    // The common case, a bundle file: hand over its own bytes rather than a re-encoding.
    return [{ label: 'file', bundle: bytes, payload: object(root.dsseEnvelope)?.payload }];
  }
  return fromJson(whole, 'file');
}

function parseOrRaw(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return line;
  }
}

function fromJson(value: unknown, label: string): AttestationCandidate[] {
  const root = object(value);
  if (root && Array.isArray(root.attestations)) {
    return root.attestations.flatMap((item, index) => {
      const bundle = object(item)?.bundle;
      return fromJson(bundle ?? item, `${label === 'file' ? '' : `${label} `}attestations[${index}]`);
    });
  }
  if (
    root &&
    root.mediaType === undefined &&
    root.payloadType !== undefined &&
    root.dsseEnvelope === undefined
  ) {
    return [{ label, bundle: encode(envelopeBundle(root)), payload: root.payload }];
  }
  return [
    {
      label,
      bundle: typeof value === 'string' ? Buffer.from(value) : encode(value),
      payload: object(root?.dsseEnvelope)?.payload,
    },
  ];
}

function encode(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** A bare DSSE envelope as a v0.3 bundle with the material its first signature carries. */
function envelopeBundle(envelope: Json): Json {
  const signatures = Array.isArray(envelope.signatures) ? envelope.signatures : [];
  const first = object(signatures[0]) ?? {};
  const certificate = typeof first.cert === 'string' ? pemToBase64Der(first.cert) : undefined;
  const verificationMaterial: Json = certificate
    ? { certificate: { rawBytes: certificate }, tlogEntries: [] }
    : { publicKey: { hint: typeof first.keyid === 'string' ? first.keyid : '' }, tlogEntries: [] };
  return {
    mediaType: bundleV03,
    verificationMaterial,
    dsseEnvelope: {
      payload: envelope.payload,
      payloadType: envelope.payloadType,
      signatures: signatures.map((signature) => {
        const item = object(signature) ?? {};
        return { sig: item.sig, keyid: typeof item.keyid === 'string' ? item.keyid : '' };
      }),
    },
  };
}

function pemToBase64Der(pem: string): string | undefined {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
  return match ? (match[1] as string).replace(/\s+/g, '') : undefined;
}

/** The text of a candidate's DSSE payload, or undefined when it has none. */
export function payloadTextOf(candidate: AttestationCandidate): string | undefined {
  return typeof candidate.payload === 'string'
    ? Buffer.from(candidate.payload, 'base64').toString('utf8')
    : undefined;
}

/** The in-toto statement in a candidate's DSSE payload, or undefined when there is none to read. */
export function statementOf(candidate: AttestationCandidate): unknown {
  const text = payloadTextOf(candidate);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
