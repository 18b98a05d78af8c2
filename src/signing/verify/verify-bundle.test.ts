import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { initializeTSA } from '@sigstore/mock';
import { corpusPath, hasCorpus } from '../../testing/corpus.js';
import { type Keyring, keyringFromPublicKey, parseKeyring } from '../keyring/keyring.js';
import { freshKeyPair } from '../keys/generate.js';
import { artifactFromBytes } from './artifact.js';
import type { VerificationResult } from './checks.js';
import {
  type BundleJson,
  dsseBundle,
  encodeBundle,
  flipBase64,
  generateTestKey,
  messageSignatureBundle,
  statementFor,
  type TestKey,
} from './test-bundles.js';
import { parseTrustedRoot, type TrustedRoot } from './trusted-root.js';
import { type VerifyBundleOptions, verifyBundle } from './verify-bundle.js';

const artifact = Buffer.from('release-1.2.3.tar.gz contents\n');
const otherArtifact = Buffer.from('release-1.2.4.tar.gz contents\n');
const now = new Date('2026-06-01T00:00:00Z');
const ecdsa = generateTestKey('ecdsa-p256');
const ed25519 = generateTestKey('ed25519');
const stranger = generateTestKey('ecdsa-p256');

function keyOnly(key: TestKey): Keyring {
  return keyringFromPublicKey(key.publicKeyPem, 'key.pub');
}

function keyringYaml(entries: { key: TestKey; extra?: string }[]): Keyring {
  const text = [
    'keys:',
    ...entries.flatMap(({ key, extra }) => [
      `  - keyid: ${key.keyId}`,
      '    publicKey: |',
      ...key.publicKeyPem
        .trim()
        .split('\n')
        .map((line) => `      ${line}`),
      ...(extra ? extra.split('\n').map((line) => `    ${line}`) : []),
    ]),
  ].join('\n');
  return parseKeyring(text, 'keyring.yaml');
}

async function verify(
  bundle: BundleJson | Buffer,
  options: Partial<Omit<VerifyBundleOptions, 'bundle'>> & { artifactBytes?: Buffer } = {},
): Promise<VerificationResult> {
  const { artifactBytes, ...rest } = options;
  return verifyBundle({
    bundle: Buffer.isBuffer(bundle) ? bundle : encodeBundle(bundle),
    artifact: artifactFromBytes(artifactBytes ?? artifact),
    keyring: keyOnly(ecdsa),
    now,
    ...rest,
  });
}

function failed(result: VerificationResult): string[] {
  return result.checks.filter((check) => !check.passed).map((check) => check.check);
}

function assertFails(result: VerificationResult, check: string): void {
  assert.equal(result.verified, false);
  assert.ok(
    failed(result).includes(check),
    `expected ${check} to fail, got ${JSON.stringify(result.checks, null, 1)}`,
  );
}

describe('verifyBundle with public keys', () => {
  for (const key of [ecdsa, ed25519]) {
    it(`verifies a fresh ${key.algorithm} message-signature bundle and names each check`, async () => {
      const result = await verify(messageSignatureBundle(key, artifact), { keyring: keyOnly(key) });
      assert.deepEqual(
        result.checks.map((check) => [check.check, check.passed]),
        [
          ['bundle-parse', true],
          ['bundle-media-type', true],
          ['artifact-digest', true],
          ['signature', true],
          ['key-trust', true],
        ],
      );
      assert.equal(result.verified, true);
    });

    it(`verifies a fresh ${key.algorithm} DSSE bundle whose statement names the artifact`, async () => {
      const result = await verify(dsseBundle(key, statementFor(artifact)), { keyring: keyOnly(key) });
      assert.equal(result.verified, true, JSON.stringify(result.checks));
      assert.deepEqual(
        result.checks.map((check) => check.check),
        ['bundle-parse', 'bundle-media-type', 'dsse-payload-type', 'dsse-subject', 'signature', 'key-trust'],
      );
    });
  }

  it('picks the keyring key by hint, in hex or in base64', async () => {
    const keyring = keyringYaml([{ key: stranger }, { key: ecdsa }]);
    assert.equal((await verify(messageSignatureBundle(ecdsa, artifact), { keyring })).verified, true);
    const bundle = messageSignatureBundle(ecdsa, artifact);
    bundle.verificationMaterial.publicKey.hint = Buffer.from(ecdsa.keyId, 'hex').toString('base64');
    assert.equal((await verify(bundle, { keyring })).verified, true);
  });

  it('tries every key when the bundle has no hint', async () => {
    const keyring = keyringYaml([{ key: stranger }, { key: ed25519 }, { key: ecdsa }]);
    const result = await verify(messageSignatureBundle(ecdsa, artifact, { hint: false }), { keyring });
    assert.equal(result.verified, true);
    assert.match(
      result.checks.find((check) => check.check === 'signature')?.reason ?? '',
      new RegExp(ecdsa.keyId),
    );
  });

  it('returns the result as data, never a bare boolean', async () => {
    const result = await verify(messageSignatureBundle(ecdsa, artifact));
    assert.deepEqual(Object.keys(result), ['verified', 'checks', 'signer']);
    for (const check of result.checks) assert.equal(typeof check.reason, 'string');
    assert.deepEqual(result.signer, { keyId: ecdsa.keyId }, 'the verified signer, as data');
  });

  it('names no signer when verification fails', async () => {
    const tampered = Buffer.from(artifact);
    tampered[0] = (tampered[0] as number) ^ 0x01;
    const result = await verify(messageSignatureBundle(ecdsa, artifact), { artifactBytes: tampered });
    assert.equal(result.verified, false, 'not verified');
    assert.equal(result.signer, undefined, 'an unverified signer is nobody');
  });
});

describe('when one byte of the artifact is flipped', () => {
  it('fails artifact-digest and signature', async () => {
    const tampered = Buffer.from(artifact);
    tampered[3] = (tampered[3] as number) ^ 0x01;
    const result = await verify(messageSignatureBundle(ecdsa, artifact), { artifactBytes: tampered });
    assertFails(result, 'artifact-digest');
    assertFails(result, 'signature');
  });
});

describe('when one byte of the signature is flipped', () => {
  for (const key of [ecdsa, ed25519]) {
    it(`fails signature (${key.algorithm})`, async () => {
      const bundle = messageSignatureBundle(key, artifact);
      bundle.messageSignature.signature = flipBase64(bundle.messageSignature.signature, 10);
      const result = await verify(bundle, { keyring: keyOnly(key) });
      assert.deepEqual(failed(result), ['signature']);
    });
  }
});

describe('when one byte of the message digest is flipped', () => {
  it('fails artifact-digest', async () => {
    const bundle = messageSignatureBundle(ecdsa, artifact);
    bundle.messageSignature.messageDigest.digest = flipBase64(
      bundle.messageSignature.messageDigest.digest,
      5,
    );
    assert.deepEqual(failed(await verify(bundle)), ['artifact-digest']);
  });
});

describe('when the message digest algorithm is one we cannot check', () => {
  it('fails artifact-digest', async () => {
    const bundle = messageSignatureBundle(ecdsa, artifact);
    bundle.messageSignature.messageDigest.algorithm = 'SHA3_256';
    assertFails(await verify(bundle), 'artifact-digest');
  });
});

describe('when the bundle is verified with a different key', () => {
  it('fails signature with --key', async () => {
    assert.deepEqual(
      failed(await verify(messageSignatureBundle(ecdsa, artifact), { keyring: keyOnly(stranger) })),
      ['signature'],
    );
  });

  it('fails key-trust and signature with a keyring that lacks the hinted key', async () => {
    const result = await verify(messageSignatureBundle(ecdsa, artifact), {
      keyring: keyringYaml([{ key: stranger }]),
    });
    assert.deepEqual(failed(result), ['signature', 'key-trust']);
  });

  it('fails signature when no keyring key verifies an unhinted bundle', async () => {
    const result = await verify(messageSignatureBundle(ecdsa, artifact, { hint: false }), {
      keyring: keyringYaml([{ key: stranger }, { key: ed25519 }]),
    });
    assertFails(result, 'signature');
    assertFails(result, 'key-trust');
  });
});

describe('when no trusted key is given for a key-based bundle', () => {
  it('fails key-trust and signature', async () => {
    const result = await verify(messageSignatureBundle(ecdsa, artifact), { keyring: undefined });
    assert.deepEqual(failed(result), ['signature', 'key-trust']);
  });
});

describe('when the key is revoked', () => {
  it('fails key-trust', async () => {
    const keyring = keyringYaml([
      { key: ecdsa, extra: 'revoked: {at: 2026-01-01T00:00:00Z, reason: key compromise}' },
    ]);
    const result = await verify(messageSignatureBundle(ecdsa, artifact), { keyring });
    assert.deepEqual(failed(result), ['key-trust']);
    assert.match(
      result.checks.find((check) => check.check === 'key-trust')?.reason ?? '',
      /revoked.*key compromise/,
    );
  });

  it('fails key-trust when the bundle has no hint and only the revoked key verifies', async () => {
    const keyring = keyringYaml([{ key: stranger }, { key: ecdsa, extra: 'revoked: true' }]);
    const result = await verify(messageSignatureBundle(ecdsa, artifact, { hint: false }), { keyring });
    assert.deepEqual(failed(result), ['key-trust']);
  });
});

describe('when the key is outside its window', () => {
  it('fails key-trust after validUntil', async () => {
    const keyring = keyringYaml([{ key: ecdsa, extra: 'validUntil: 2026-05-01T00:00:00Z' }]);
    assert.deepEqual(failed(await verify(messageSignatureBundle(ecdsa, artifact), { keyring })), [
      'key-trust',
    ]);
  });

  it('fails key-trust before validFrom', async () => {
    const keyring = keyringYaml([{ key: ecdsa, extra: 'validFrom: 2026-07-01T00:00:00Z' }]);
    assert.deepEqual(failed(await verify(messageSignatureBundle(ecdsa, artifact), { keyring })), [
      'key-trust',
    ]);
  });

  it('passes inside the window, bounds included', async () => {
    const keyring = keyringYaml([
      { key: ecdsa, extra: 'validFrom: 2026-01-01T00:00:00Z\nvalidUntil: 2026-06-01T00:00:00Z' },
    ]);
    assert.equal((await verify(messageSignatureBundle(ecdsa, artifact), { keyring })).verified, true);
  });
});

describe('when a signature made inside the key window is verified after it', () => {
  let trustedRoot: TrustedRoot;
  let stamped: BundleJson;
  // The mock TSA stamps this fixed time. Two minutes ahead: its certificate is issued when `before` runs,
  // which may be seconds after this line, and the stamp must fall inside the certificate's validity.
  // 120 ms: pkijs then writes the fraction `.12` (RFC 3161 §2.4.2: no trailing zeros), which our genTime
  // parser must read (@sigstore/core's accepts only three digits).
  const signedAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 120_000 + 120);
  const window = `validFrom: ${new Date(signedAt.getTime() - 3_600_000).toISOString()}\nvalidUntil: ${new Date(signedAt.getTime() + 3_600_000).toISOString()}`;
  const later = new Date(signedAt.getTime() + 2 * 86_400_000);

  before(async () => {
    // Not generateKeyPairSync's own objects: @sigstore/mock exports them as JWK (see freshKeyPair).
    const tsa = await initializeTSA(freshKeyPair('ecdsa-p256'), signedAt);
    stamped = messageSignatureBundle(ecdsa, artifact);
    const signature = Buffer.from(stamped.messageSignature.signature, 'base64');
    const token = await tsa.timestamp({
      artifactHash: createHash('sha256').update(signature).digest(),
      hashAlgorithmOID: '2.16.840.1.101.3.4.2.1',
      nonce: 42,
      policyOID: '1.2.3.4',
    });
    stamped.verificationMaterial.timestampVerificationData = {
      rfc3161Timestamps: [
        { signedTimestamp: Buffer.from(token.buffer, token.byteOffset, token.byteLength).toString('base64') },
      ],
    };
    const der = (view: ArrayBufferView) =>
      Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');
    trustedRoot = parseTrustedRoot(
      Buffer.from(
        JSON.stringify({
          mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
          tlogs: [],
          ctlogs: [],
          certificateAuthorities: [],
          timestampAuthorities: [
            {
              subject: { organization: 'sigstore.mock', commonName: 'tsa' },
              uri: 'https://tsa.test',
              certChain: {
                certificates: [{ rawBytes: der(tsa.intCertificate) }, { rawBytes: der(tsa.rootCertificate) }],
              },
              validFor: { start: new Date(signedAt.getTime() - 86_400_000).toISOString() },
            },
          ],
        }),
      ),
      'trusted_root.json',
    );
  });

  it('passes key-trust when an RFC 3161 timestamp proves the signing time', async () => {
    const result = await verify(stamped, {
      keyring: keyringYaml([{ key: ecdsa, extra: window }]),
      trustedRoot,
      now: later,
    });
    assert.equal(result.verified, true, JSON.stringify(result.checks, null, 1));
    assert.ok(result.checks.some((check) => check.check === 'timestamp' && check.passed));
  });

  it('fails key-trust without the timestamp: the clock is then the only time', async () => {
    const bare = messageSignatureBundle(ecdsa, artifact);
    assert.deepEqual(
      failed(await verify(bare, { keyring: keyringYaml([{ key: ecdsa, extra: window }]), now: later })),
      ['key-trust'],
    );
  });

  it('fails timestamp when the timestamp is over another signature', async () => {
    const moved = structuredClone(stamped);
    moved.messageSignature = messageSignatureBundle(ecdsa, artifact).messageSignature;
    const result = await verify(moved, {
      keyring: keyringYaml([{ key: ecdsa, extra: window }]),
      trustedRoot,
      now: later,
    });
    assertFails(result, 'timestamp');
  });

  it('fails timestamp when no trusted root is given to verify it', async () => {
    assertFails(await verify(stamped, { keyring: keyOnly(ecdsa), now: later }), 'timestamp');
  });
});

describe('when the bundle is for another artifact', () => {
  it('fails artifact-digest and signature', async () => {
    const result = await verify(messageSignatureBundle(ecdsa, otherArtifact));
    assert.deepEqual(failed(result), ['artifact-digest', 'signature']);
  });

  it('fails dsse-subject for an attestation about another artifact', async () => {
    assert.deepEqual(failed(await verify(dsseBundle(ecdsa, statementFor(otherArtifact)))), ['dsse-subject']);
  });
});

describe('when the bundle is truncated', () => {
  it('fails bundle-parse', async () => {
    const bytes = encodeBundle(messageSignatureBundle(ecdsa, artifact));
    const result = await verify(bytes.subarray(0, bytes.length - 40));
    assert.deepEqual(
      result.checks.map((check) => [check.check, check.passed]),
      [['bundle-parse', false]],
    );
  });
});

describe('when the bundle is malformed', () => {
  const cases: [string, (bundle: BundleJson) => void][] = [
    ['has an unknown field', (bundle) => (bundle.verificationMaterial.extra = true)],
    ['has invalid base64 in the signature', (bundle) => (bundle.messageSignature.signature = 'not*base64!')],
    ['has no verification material', (bundle) => delete bundle.verificationMaterial],
    [
      'has both content kinds',
      (bundle) => (bundle.dsseEnvelope = { payload: 'e30=', payloadType: 'x', signatures: [] }),
    ],
    ['has an empty signature', (bundle) => (bundle.messageSignature.signature = '')],
    ['is not an object', (bundle) => Object.assign(bundle, { mediaType: 5 })],
  ];
  for (const [what, edit] of cases) {
    it(`fails bundle-parse or bundle-media-type when it ${what}`, async () => {
      const bundle = messageSignatureBundle(ecdsa, artifact);
      edit(bundle);
      const result = await verify(bundle);
      assert.equal(result.verified, false);
      assert.ok(
        failed(result).some((check) => check === 'bundle-parse' || check === 'bundle-media-type'),
        JSON.stringify(result.checks),
      );
    });
  }
});

describe('when the signature is empty', () => {
  it('fails bundle-parse', async () => {
    const bundle = messageSignatureBundle(ecdsa, artifact);
    bundle.messageSignature.signature = '';
    assert.deepEqual(failed(await verify(bundle)), ['bundle-parse']);
    const envelope = dsseBundle(ecdsa, statementFor(artifact));
    envelope.dsseEnvelope.signatures[0].sig = '';
    assert.deepEqual(failed(await verify(envelope)), ['bundle-parse']);
  });
});

describe('when the media type is unknown', () => {
  for (const mediaType of [
    'application/vnd.dev.sigstore.bundle.v0.4+json',
    'application/vnd.dev.sigstore.bundle+json;version=0.0',
    'application/json',
  ]) {
    it(`fails bundle-media-type (${mediaType})`, async () => {
      const bundle = messageSignatureBundle(ecdsa, artifact);
      bundle.mediaType = mediaType;
      assert.deepEqual(failed(await verify(bundle)), ['bundle-media-type']);
    });
  }

  it('fails bundle-media-type when mediaType is missing', async () => {
    const bundle = messageSignatureBundle(ecdsa, artifact);
    delete bundle.mediaType;
    assert.deepEqual(failed(await verify(bundle)), ['bundle-media-type']);
  });
});

describe('when a name in the bundle is a member of Object.prototype', () => {
  for (const name of ['constructor', '__proto__', 'toString']) {
    it(`fails bundle-media-type for media type ${JSON.stringify(name)}`, async () => {
      const bundle = messageSignatureBundle(ecdsa, artifact);
      bundle.mediaType = name;
      const result = await verify(bundle);
      assert.deepEqual(
        result.checks.map((check) => [check.check, check.passed]),
        [['bundle-media-type', false]],
      );
    });

    it(`fails artifact-digest, without throwing, for digest algorithm ${JSON.stringify(name)}`, async () => {
      const bundle = messageSignatureBundle(ecdsa, artifact);
      bundle.messageSignature.messageDigest.algorithm = name;
      const result = await verify(bundle);
      assertFails(result, 'artifact-digest');
      assert.match(
        result.checks.find((check) => check.check === 'artifact-digest')?.reason ?? '',
        /unsupported digest algorithm/,
      );
    });
  }
});

describe('when the bundle is JSON null', () => {
  it('fails bundle-parse and says why', async () => {
    const result = await verify(Buffer.from('null'));
    assert.deepEqual(result.checks, [
      { check: 'bundle-parse', passed: false, reason: 'expected a JSON object, got null' },
    ]);
  });
});

describe('when the media type is downgraded', { skip: !hasCorpus() }, () => {
  const happyV03 = () =>
    JSON.parse(
      readFileSync(
        corpusPath('sigstore/conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json'),
        'utf8',
      ),
    );

  it('fails bundle-media-type for v0.3 fields under a v0.1 media type', async () => {
    const bundle = happyV03();
    bundle.mediaType = 'application/vnd.dev.sigstore.bundle+json;version=0.1';
    assertFails(await verify(bundle, { keyring: undefined }), 'bundle-media-type');
  });

  it('fails bundle-media-type for v0.3 fields under a v0.2 media type', async () => {
    const bundle = happyV03();
    bundle.mediaType = 'application/vnd.dev.sigstore.bundle+json;version=0.2';
    assertFails(await verify(bundle, { keyring: undefined }), 'bundle-media-type');
  });

  it('still verifies a key-based bundle relabelled v0.1: none of its fields depends on the version', async () => {
    const bundle = messageSignatureBundle(ecdsa, artifact);
    bundle.mediaType = 'application/vnd.dev.sigstore.bundle+json;version=0.1';
    assert.equal((await verify(bundle)).verified, true);
  });
});

describe('when the DSSE payloadType is swapped', () => {
  it('fails dsse-payload-type and signature', async () => {
    const bundle = dsseBundle(ecdsa, statementFor(artifact));
    bundle.dsseEnvelope.payloadType = 'application/vnd.other+json';
    assert.deepEqual(failed(await verify(bundle)), ['dsse-payload-type', 'signature']);
  });

  it('fails dsse-payload-type even when the signature covers the other type', async () => {
    const bundle = dsseBundle(ecdsa, statementFor(artifact), 'text/plain');
    assert.deepEqual(failed(await verify(bundle)), ['dsse-payload-type']);
  });
});

describe('when the bundle repeats a tlog entry', { skip: !hasCorpus() }, () => {
  it('fails tlog-inclusion', async () => {
    const directory = 'sigstore/conformance/bundle-verify/happy-path-v0.3';
    const bundle = JSON.parse(readFileSync(corpusPath(directory, 'bundle.sigstore.json'), 'utf8'));
    bundle.verificationMaterial.tlogEntries.push(bundle.verificationMaterial.tlogEntries[0]);
    const result = await verifyBundle({
      bundle: encodeBundle(bundle),
      artifact: artifactFromBytes(readFileSync(corpusPath('sigstore/conformance/bundle-verify/a.txt'))),
      trustedRoot: parseTrustedRoot(
        readFileSync(corpusPath('sigstore/trusted-roots/production/trusted_root.json')),
        'trusted_root.json',
      ),
      identity: {
        subject:
          'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main',
        issuer: 'https://token.actions.githubusercontent.com',
      },
      now,
    });
    assert.deepEqual(failed(result), ['tlog-inclusion']);
  });
});

describe('when a key-based bundle has log entries but no trusted root is given', {
  skip: !hasCorpus(),
}, () => {
  it('fails tlog-inclusion rather than ignoring them', async () => {
    const directory = corpusPath('sigstore/conformance/bundle-verify/managed-key-and-trusted-root');
    const result = await verifyBundle({
      bundle: readFileSync(`${directory}/bundle.sigstore.json`),
      artifact: artifactFromBytes(readFileSync(corpusPath('sigstore/conformance/bundle-verify/a.txt'))),
      keyring: keyringFromPublicKey(readFileSync(`${directory}/key.pub`, 'utf8'), 'key.pub'),
      now,
    });
    assertFails(result, 'tlog-inclusion');
  });
});

describe('when bytes of a real bundle are mutated at random', { skip: !hasCorpus() }, () => {
  it('never throws: every mutation gives a result, and none that changes a signed byte verifies', async () => {
    const text = readFileSync(
      corpusPath('sigstore/conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json'),
      'utf8',
    );
    const trustedRoot = parseTrustedRoot(
      readFileSync(corpusPath('sigstore/trusted-roots/production/trusted_root.json')),
      'trusted_root.json',
    );
    const artifactBytes = readFileSync(corpusPath('sigstore/conformance/bundle-verify/a.txt'));
    const alphabet = 'AZaz09+/={}[]":,-.\\ 7x';
    let seed = 20260601;
    const random = (limit: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % limit;
    };
    let verifiedCount = 0;
    for (let round = 0; round < 150; round++) {
      const position = random(text.length);
      const mutated = `${text.slice(0, position)}${alphabet[random(alphabet.length)]}${text.slice(position + 1)}`;
      if (mutated === text) continue;
      const result = await verifyBundle({
        bundle: Buffer.from(mutated),
        artifact: artifactFromBytes(artifactBytes),
        trustedRoot,
        identity: { subjectPattern: '.*', issuer: 'https://token.actions.githubusercontent.com' },
        now,
      });
      assert.ok(result.checks.length > 0);
      if (result.verified) {
        // Only a change outside every signed value can keep it valid: whitespace between JSON tokens.
        assert.deepEqual(JSON.parse(mutated), JSON.parse(text), `verified after mutating offset ${position}`);
        verifiedCount++;
      }
    }
    assert.ok(verifiedCount < 150);
  });
});
