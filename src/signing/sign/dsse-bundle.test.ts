import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { bundleToJSON, toDSSEBundle } from '@sigstore/bundle';
import { publicKeyTrustMaterial, verifyWithSigstoreJs } from '../../testing/public-key-trust.js';
import { preAuthenticationEncoding } from '../dsse-pae.js';
import { localKeySigner } from '../keys/signer.js';
import type { BundleJson } from './bundle-json.js';
import { dsseBundle, signStatement } from './dsse-bundle.js';

const statement = {
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'veriship-1.0.0.tgz', digest: { sha256: 'a'.repeat(64) } }],
  predicateType: 'https://slsa.dev/provenance/v1',
  predicate: { buildDefinition: { buildType: 'https://example.com/build/v1' } },
};

function withEnvelope(
  bundle: BundleJson,
  change: (envelope: NonNullable<BundleJson['dsseEnvelope']>) => void,
) {
  const copy = structuredClone(bundle);
  if (copy.dsseEnvelope) change(copy.dsseEnvelope);
  return copy;
}

describe('dsseBundle', () => {
  it('is the JSON @sigstore/bundle writes for the same envelope', () => {
    const payload = Buffer.from(JSON.stringify(statement));
    const signature = randomBytes(64);
    const ours = dsseBundle({ payload, payloadType: 'application/vnd.in-toto+json', signature, keyId: 'k1' });
    const theirs = bundleToJSON(
      toDSSEBundle({
        artifact: payload,
        artifactType: 'application/vnd.in-toto+json',
        signature,
        keyHint: 'k1',
      }),
    );
    assert.equal(JSON.stringify(ours), JSON.stringify(theirs));
  });
});

for (const [label, keys] of [
  ['ECDSA P-256', generateKeyPairSync('ec', { namedCurve: 'prime256v1' })],
  ['Ed25519', generateKeyPairSync('ed25519')],
] as const) {
  describe(`signStatement with ${label}`, () => {
    const signer = localKeySigner(keys.privateKey);
    const trust = publicKeyTrustMaterial(signer.keyId, keys.publicKey);

    it('verifies with @sigstore/verify over the PAE', async () => {
      const bundle = await signStatement(statement, signer);
      assert.equal(bundle.dsseEnvelope?.payloadType, 'application/vnd.in-toto+json');
      assert.deepEqual(
        JSON.parse(Buffer.from(bundle.dsseEnvelope?.payload ?? '', 'base64').toString()),
        statement,
      );
      assert.equal(bundle.dsseEnvelope?.signatures[0]?.keyid, signer.keyId);
      verifyWithSigstoreJs(bundle, trust);
    });

    it('fails when a payload byte is flipped', async () => {
      const bundle = await signStatement(statement, signer);
      const tampered = withEnvelope(bundle, (envelope) => {
        const payload = Buffer.from(envelope.payload, 'base64');
        payload[10] = (payload[10] ?? 0) ^ 1;
        envelope.payload = payload.toString('base64');
      });
      assert.throws(() => verifyWithSigstoreJs(tampered, trust), { code: 'SIGNATURE_ERROR' });
    });

    it('fails when the payload type is swapped (PAE binds it)', async () => {
      const bundle = await signStatement(statement, signer);
      const swapped = withEnvelope(bundle, (envelope) => {
        envelope.payloadType = 'application/json';
      });
      assert.throws(() => verifyWithSigstoreJs(swapped, trust), { code: 'SIGNATURE_ERROR' });
    });

    if (label === 'Ed25519') {
      it('is deterministic', async () => {
        assert.deepEqual(await signStatement(statement, signer), await signStatement(statement, signer));
      });
    }
  });
}

describe('the DSSE signature', () => {
  it('covers PAE(type, body), not the body', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = localKeySigner(privateKey);
    const bundle = await signStatement(statement, signer);
    const payload = Buffer.from(bundle.dsseEnvelope?.payload ?? '', 'base64');
    const signature = Buffer.from(bundle.dsseEnvelope?.signatures[0]?.sig ?? '', 'base64');
    const { verify } = await import('node:crypto');
    assert.ok(
      verify(null, preAuthenticationEncoding('application/vnd.in-toto+json', payload), publicKey, signature),
    );
    assert.ok(!verify(null, payload, publicKey, signature));
  });
});
