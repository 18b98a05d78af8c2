import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundleFromJSON, isBundleWithCertificateChain } from '@sigstore/bundle';
import { toSignedEntity, Verifier } from '@sigstore/verify';
import { type MockSigstore, startMockSigstore } from '../../testing/mock-sigstore.js';
import { bundleV03MediaType, inTotoPayloadType } from './bundle-json.js';
import { signFileKeyless, signMessageKeyless, signStatementKeyless, toV03 } from './keyless.js';

const identity = 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main';
const issuer = 'https://token.actions.githubusercontent.com';

/** An unsigned JWT: Fulcio checks the token's signature, the mock (like us) does not. */
function identityToken(claims: Record<string, unknown> = {}): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return [
    part({ alg: 'RS256', typ: 'JWT' }),
    part({ iss: issuer, sub: identity, aud: 'sigstore', iat: now, exp: now + 600, ...claims }),
    'c2lnbmF0dXJl',
  ].join('.');
}

function verifyKeyless(mock: MockSigstore, bundle: unknown, artifact?: Buffer) {
  const verifier = new Verifier(mock.trustMaterial, {
    tlogThreshold: 1,
    ctlogThreshold: 1,
    timestampThreshold: 1,
  });
  return verifier.verify(toSignedEntity(bundleFromJSON(bundle), artifact), {
    subjectAlternativeName: identity,
    extensions: { issuer },
  });
}

describe('keyless signing against a local Fulcio and Rekor (@sigstore/mock handlers)', () => {
  let mock: MockSigstore;
  let directory: string;
  before(async () => {
    mock = await startMockSigstore();
    directory = await mkdtemp(join(tmpdir(), 'veriship-keyless-'));
  });
  after(async () => {
    await mock.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('goes token → Fulcio certificate → signature → Rekor entry → v0.3 bundle', async () => {
    const artifact = Buffer.from('release tarball bytes\n');
    const before = mock.requests.length;
    const signed = await signMessageKeyless(artifact, {
      identityToken: identityToken(),
      fulcioUrl: mock.fulcioUrl,
      rekorUrl: mock.rekorUrl,
    });
    assert.deepEqual(mock.requests.slice(before), ['POST /api/v2/signingCert', 'POST /api/v1/log/entries']);
    const bundle = signed.bundle;
    assert.equal(bundle.mediaType, bundleV03MediaType);
    assert.ok(bundle.verificationMaterial.certificate?.rawBytes);
    assert.equal(bundle.verificationMaterial.x509CertificateChain, undefined);
    assert.equal(bundle.verificationMaterial.tlogEntries?.length, 1);
    assert.equal(bundle.verificationMaterial.tlogEntries?.[0]?.kindVersion.kind, 'hashedrekord');
    assert.ok(bundle.verificationMaterial.tlogEntries?.[0]?.inclusionProof?.checkpoint.envelope);
    assert.equal(signed.identity, `URI:${identity}`);
    assert.equal(signed.logIndex, bundle.verificationMaterial.tlogEntries?.[0]?.logIndex);

    // bundleFromJSON runs @sigstore/bundle's v0.3 assertions (assertBundleLatest).
    const parsed = bundleFromJSON(bundle);
    assert.equal(parsed.verificationMaterial.content.$case, 'certificate');
    assert.equal(isBundleWithCertificateChain(parsed), false);
    // The whole chain of trust checks out: CA, SCT, Rekor SET and inclusion proof, signature, identity.
    const signer = verifyKeyless(mock, bundle, artifact);
    assert.equal(signer.identity?.subjectAlternativeName, identity);
  });

  it('fails verification when one byte of the artifact changes', async () => {
    const artifact = Buffer.from('artifact');
    const { bundle } = await signMessageKeyless(artifact, {
      identityToken: identityToken(),
      fulcioUrl: mock.fulcioUrl,
      rekorUrl: mock.rekorUrl,
    });
    const tampered = Buffer.from(artifact);
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    assert.throws(() => verifyKeyless(mock, bundle, tampered));
  });

  it('signs a file and reports its digest', async () => {
    const path = join(directory, 'app.tgz');
    await writeFile(path, 'file contents');
    const signed = await signFileKeyless(path, {
      identityToken: identityToken(),
      fulcioUrl: mock.fulcioUrl,
      rekorUrl: mock.rekorUrl,
    });
    assert.equal(signed.size, 13);
    assert.equal(signed.bundle.messageSignature?.messageDigest.digest, signed.sha256.toString('base64'));
    verifyKeyless(mock, signed.bundle, Buffer.from('file contents'));
  });

  it('signs an in-toto statement into a DSSE bundle with a dsse Rekor entry', async () => {
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'app.tgz', digest: { sha256: 'ab'.repeat(32) } }],
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: {},
    };
    const { bundle } = await signStatementKeyless(statement, {
      identityToken: identityToken(),
      fulcioUrl: mock.fulcioUrl,
      rekorUrl: mock.rekorUrl,
    });
    assert.equal(bundle.mediaType, bundleV03MediaType);
    assert.equal(bundle.dsseEnvelope?.payloadType, inTotoPayloadType);
    assert.equal(bundle.verificationMaterial.tlogEntries?.[0]?.kindVersion.kind, 'dsse');
    verifyKeyless(mock, bundle);
  });

  it('reports an unreachable Fulcio as SIGNING_KEYLESS_FAILED naming the instance', async () => {
    await assert.rejects(
      signMessageKeyless(Buffer.from('x'), {
        identityToken: identityToken(),
        fulcioUrl: 'http://127.0.0.1:1',
        rekorUrl: mock.rekorUrl,
        retries: 0,
        timeout: 2000,
      }),
      (error: Error & { code?: string }) =>
        error.code === 'SIGNING_KEYLESS_FAILED' && error.message.includes('http://127.0.0.1:1'),
    );
  });

  it('rejects a token that is not a JWT before any request', async () => {
    const before = mock.requests.length;
    await assert.rejects(
      signMessageKeyless(Buffer.from('x'), { identityToken: 'not-a-jwt', fulcioUrl: mock.fulcioUrl }),
      { code: 'SIGNING_KEYLESS_FAILED' },
    );
    assert.equal(mock.requests.length, before);
  });
});

describe('toV03', () => {
  it('moves a one-certificate chain to certificate and keeps field order', () => {
    const converted = toV03({
      mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.2',
      verificationMaterial: {
        x509CertificateChain: { certificates: [{ rawBytes: 'AQ==' }] },
        tlogEntries: [],
      },
      messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest: 'AA==' }, signature: 'AA==' },
    });
    assert.deepEqual(Object.keys(converted), ['mediaType', 'verificationMaterial', 'messageSignature']);
    assert.deepEqual(converted.verificationMaterial, { certificate: { rawBytes: 'AQ==' }, tlogEntries: [] });
    assert.equal(converted.mediaType, bundleV03MediaType);
  });
});
