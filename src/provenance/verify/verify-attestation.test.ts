import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { keyringFromPublicKey } from '../../signing/keyring/keyring.js';
import { generateKeyPair } from '../../signing/keys/generate.js';
import { localKeySigner } from '../../signing/keys/signer.js';
import { signDsse, signStatement } from '../../signing/sign/dsse-bundle.js';
import { keySigningMethod } from '../../signing/sign/signing-method.js';
import { artifactFromBytes } from '../../signing/verify/artifact.js';
import { publicKeyTrustMaterial, verifyWithSigstoreJs } from '../../testing/public-key-trust.js';
import { attestProvenance } from '../attest.js';
import type { BuildContext } from '../context/build-context.js';
import { slsaProvenanceV1, statementTypeV01 } from '../statement.js';
import type { AttestationExpectations } from './expectations.js';
import { type AttestationVerification, verifyAttestation } from './verify-attestation.js';

const keys = generateKeyPair('ecdsa-p256', { passphrase: undefined });
const signer = localKeySigner(createPrivateKey(keys.privateKeyPem));
const keyring = keyringFromPublicKey(keys.publicKeyPem, 'test.pub');
const otherKeys = generateKeyPair('ecdsa-p256', { passphrase: undefined });

const artifact = Buffer.from('the release archive\n');
const artifactDigest = '8b1a5a2a3bc5b1d5d63e8c1f2fba9cb4eae2b4d1b0cfb5e6b28fd6b0c1f5a7c1';
const built = new Date('2026-11-20T10:00:00Z');
const now = new Date('2026-11-21T10:00:00Z');

const context: BuildContext = {
  kind: 'github-actions',
  builderId: 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.2.0',
  buildType: 'https://veriship.dev/buildtypes/github-actions/v1',
  externalParameters: {
    repository: 'https://github.com/acme/app',
    ref: 'refs/tags/v1.2.0',
    workflow: '.github/workflows/release.yml',
  },
  internalParameters: {},
  source: { repository: 'https://github.com/acme/app', ref: 'refs/tags/v1.2.0', commit: 'a'.repeat(40) },
  invocationId: 'https://github.com/acme/app/actions/runs/1/attempts/1',
};

const expected: AttestationExpectations = {
  predicateTypes: [slsaProvenanceV1],
  statementType: 'v1',
  builderId: 'https://github.com/acme/app/.github/workflows/release.yml',
  sourceUri: 'github.com/acme/app',
  sourceRef: 'refs/tags/v1.2.0',
  maxAgeMs: 7 * 86_400_000,
};

async function provenanceBundle(): Promise<Buffer> {
  const { createHash } = await import('node:crypto');
  const sha256 = createHash('sha256').update(artifact).digest('hex');
  const attestation = await attestProvenance(
    [
      { name: 'app.tgz', digest: { sha256 } },
      { name: 'other.tgz', digest: { sha256: artifactDigest } },
    ],
    context,
    { startedOn: built, finishedOn: built },
    '0.0.0-test',
    keySigningMethod(signer),
  );
  return Buffer.from(JSON.stringify(attestation.bundle));
}

async function verify(
  bundle: Uint8Array,
  overrides: Partial<AttestationExpectations> = {},
  options: { bytes?: Buffer; at?: Date; keyringPem?: string } = {},
): Promise<AttestationVerification> {
  return verifyAttestation({
    attestation: bundle,
    artifact: artifactFromBytes(options.bytes ?? artifact, 'app.tgz'),
    keyring: options.keyringPem ? keyringFromPublicKey(options.keyringPem, 'other.pub') : keyring,
    expectations: { ...expected, ...overrides },
    now: options.at ?? now,
  });
}

function failed(result: AttestationVerification): string[] {
  return result.checks.filter((check) => !check.passed).map((check) => check.check);
}

/** The bundle with its statement replaced and re-signed by the same (trusted) key. */
async function resigned(mutate: (statement: Record<string, unknown>) => void): Promise<Buffer> {
  const bundle = JSON.parse((await provenanceBundle()).toString('utf8'));
  const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
  mutate(statement);
  return Buffer.from(JSON.stringify(await signStatement(statement, signer)));
}

/**
 * Our statement signed with a first `subject` naming another artifact and a second one, spelt `name`,
 * naming ours: the signature and (for JSON.parse) the subject are fine, but the statement is ambiguous.
 */
async function repeatedSubject(name: string): Promise<Buffer> {
  const bundle = JSON.parse((await provenanceBundle()).toString('utf8'));
  const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
  const { _type, subject, ...rest } = statement;
  const decoy = JSON.stringify([{ name: 'evil.tgz', digest: { sha256: 'e'.repeat(64) } }]);
  const text = `{"_type":${JSON.stringify(_type)},"subject":${decoy},${JSON.stringify(rest).slice(1, -1)},${name}:${JSON.stringify(subject)}}`;
  assert.deepEqual(JSON.parse(text).subject, subject, 'JSON.parse reads the last subject');
  return Buffer.from(
    JSON.stringify(await signDsse(Buffer.from(text), 'application/vnd.in-toto+json', signer)),
  );
}

describe('verifyAttestation: our own provenance', () => {
  it('verifies with every expectation met, and @sigstore/verify agrees on the signature', async () => {
    const bundle = await provenanceBundle();
    const result = await verify(bundle);
    assert.deepEqual(failed(result), [], JSON.stringify(result.checks, null, 2));
    assert.equal(result.verified, true, 'all checks passed, so verified');
    for (const name of [
      'signature',
      'key-trust',
      'dsse-subject',
      'statement-type',
      'predicate-type',
      'statement-schema',
      'builder-id',
      'source-uri',
      'source-ref',
      'max-age',
    ]) {
      assert.ok(
        result.checks.some((check) => check.check === name && check.passed),
        `check ${name} ran and passed`,
      );
    }
    const publicKey = createPublicKey(keys.publicKeyPem);
    verifyWithSigstoreJs(
      JSON.parse(bundle.toString('utf8')),
      publicKeyTrustMaterial(signer.keyId, publicKey),
    );
  });

  it('accepts a builder id pinned with its ref, and slsa-verifier style source URIs with a scheme', async () => {
    const result = await verify(await provenanceBundle(), {
      builderId: context.builderId,
      sourceUri: 'https://github.com/acme/app.git',
    });
    assert.equal(result.verified, true, JSON.stringify(failed(result)));
  });
});

describe('verifyAttestation: tamper and expectation suite (each rejected by the named check)', () => {
  const cases: { name: string; check: string; run: () => Promise<AttestationVerification> }[] = [
    {
      name: 'wrong builder id',
      check: 'builder-id',
      run: async () =>
        verify(await provenanceBundle(), {
          builderId: 'https://github.com/acme/app/.github/workflows/other.yml',
        }),
    },
    {
      name: 'builder id pinned to another ref',
      check: 'builder-id',
      run: async () =>
        verify(await provenanceBundle(), {
          builderId: `${context.builderId.replace(/@.*/, '')}@refs/heads/main`,
        }),
    },
    {
      name: 'wrong source repository',
      check: 'source-uri',
      run: async () => verify(await provenanceBundle(), { sourceUri: 'github.com/acme/app-fork' }),
    },
    {
      name: 'wrong source ref',
      check: 'source-ref',
      run: async () => verify(await provenanceBundle(), { sourceRef: 'refs/tags/v1.2.1' }),
    },
    {
      name: 'subject digest mismatch (another artifact)',
      check: 'dsse-subject',
      run: async () => verify(await provenanceBundle(), {}, { bytes: Buffer.from('a different archive\n') }),
    },
    {
      name: 'expired attestation (--max-age)',
      check: 'max-age',
      run: async () => verify(await provenanceBundle(), { maxAgeMs: 3_600_000 }),
    },
    {
      name: 'build time in the future',
      check: 'max-age',
      run: async () => verify(await provenanceBundle(), {}, { at: new Date('2026-11-19T10:00:00Z') }),
    },
    {
      name: 'statement v0.1 where v1 is required',
      check: 'statement-type',
      run: async () =>
        verify(
          await resigned((s) => {
            s._type = statementTypeV01;
          }),
        ),
    },
    {
      name: 'unexpected predicate type',
      check: 'predicate-type',
      run: async () =>
        verify(
          await resigned((s) => {
            s.predicateType = 'https://slsa.dev/provenance/v0.2';
          }),
        ),
    },
    {
      name: 'predicate missing buildDefinition',
      check: 'statement-schema',
      run: async () =>
        verify(
          await resigned((s) => {
            delete (s.predicate as Record<string, unknown>).buildDefinition;
          }),
        ),
    },
    {
      name: 'signed by an untrusted key',
      check: 'signature',
      run: async () => verify(await provenanceBundle(), {}, { keyringPem: otherKeys.publicKeyPem }),
    },
    {
      name: 'payloadType swapped after signing',
      check: 'dsse-payload-type',
      run: async () => {
        const bundle = JSON.parse((await provenanceBundle()).toString('utf8'));
        bundle.dsseEnvelope.payloadType = 'application/json';
        return verify(Buffer.from(JSON.stringify(bundle)));
      },
    },
    {
      name: 'payload signed under another payload type',
      check: 'dsse-payload-type',
      run: async () => {
        const bundle = JSON.parse((await provenanceBundle()).toString('utf8'));
        const payload = Buffer.from(bundle.dsseEnvelope.payload, 'base64');
        return verify(Buffer.from(JSON.stringify(await signDsse(payload, 'application/json', signer))));
      },
    },
    {
      name: 'payload edited after signing',
      check: 'signature',
      run: async () => {
        const bundle = JSON.parse((await provenanceBundle()).toString('utf8'));
        const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
        statement.predicate.runDetails.builder.id =
          'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v9';
        bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
        return verify(Buffer.from(JSON.stringify(bundle)));
      },
    },
    {
      name: 'unsigned envelope',
      check: 'bundle-parse',
      run: async () => {
        const bundle = JSON.parse((await provenanceBundle()).toString('utf8'));
        return verify(
          Buffer.from(
            JSON.stringify({
              payloadType: bundle.dsseEnvelope.payloadType,
              payload: bundle.dsseEnvelope.payload,
              signatures: [],
            }),
          ),
        );
      },
    },
    {
      name: 'statement that repeats "subject" (JSON.parse keeps the last, other parsers the first)',
      check: 'statement-parse',
      run: async () => verify(await repeatedSubject('"subject"')),
    },
    {
      name: 'statement that repeats "subject", the second time spelt with an escape',
      check: 'statement-parse',
      run: async () => verify(await repeatedSubject('"sub\\u006aect"')),
    },
    {
      name: 'not JSON at all',
      check: 'bundle-parse',
      run: async () => verify(Buffer.from('{"truncated": ')),
    },
  ];
  for (const testCase of cases) {
    it(`${testCase.name} → ${testCase.check} fails`, async () => {
      const result = await testCase.run();
      assert.equal(result.verified, false, `${testCase.name} must not verify`);
      assert.ok(
        failed(result).includes(testCase.check),
        `${testCase.check} must fail; failed: ${failed(result).join(', ')}`,
      );
    });
  }
});
