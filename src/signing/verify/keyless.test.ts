import assert from 'node:assert/strict';
import { createHash, type KeyObject, sign } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { ASN1Obj, EXTENSION_OID_SCT } from '@sigstore/core';
import { initializeCA, initializeCTLog, initializeTLog } from '@sigstore/mock';
import { freshKeyPair } from '../keys/generate.js';
import { artifactFromBytes } from './artifact.js';
import type { VerificationResult } from './checks.js';
import { type BundleJson, encodeBundle, flipBase64, v03MediaType } from './test-bundles.js';
import { parseTrustedRoot, type TrustedRoot } from './trusted-root.js';
import { verifyBundle } from './verify-bundle.js';

/**
 * Keyless verification against fresh material: a Fulcio-like CA with an embedded-SCT CT log and a Rekor
 * v1 log from `@sigstore/mock`'s primitives, the bundle assembled here by hand (not by the sign module).
 */
const identity = 'https://github.com/example/release/.github/workflows/release.yml@refs/heads/main';
const issuer = 'https://token.actions.githubusercontent.com';
const artifact = Buffer.from('keyless artifact\n');

function ecKeys(): { publicKey: KeyObject; privateKey: KeyObject } {
  // Not generateKeyPairSync's own objects: @sigstore/mock exports them as JWK (see freshKeyPair).
  return freshKeyPair('ecdsa-p256');
}
const der = (view: ArrayBufferView) => Buffer.from(view.buffer, view.byteOffset, view.byteLength);
const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

interface Instance {
  bundle: BundleJson;
  trustedRoot: TrustedRoot;
  otherRoot: TrustedRoot;
  /** The Rekor key and log id, to sign crafted checkpoints. */
  rekorKey: KeyObject;
  logId: Buffer;
}

/** DER tag-length-value. */
function tlv(tag: number, content: Buffer): Buffer {
  const length =
    content.length < 0x80
      ? Buffer.from([content.length])
      : content.length < 0x100
        ? Buffer.from([0x81, content.length])
        : Buffer.from([0x82, content.length >> 8, content.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

const parse = (bytes: Uint8Array) => ASN1Obj.parseBuffer(Buffer.from(bytes));

/** A critical X.509 extension: `oid` (DER), `value` the extnValue contents. */
function criticalExtension(oid: Buffer, value: Buffer): ASN1Obj {
  return parse(tlv(0x30, Buffer.concat([oid, Buffer.from([0x01, 0x01, 0xff]), tlv(0x04, value)])));
}
const OID_KEY_USAGE = Buffer.from('0603551d0f', 'hex'); // 2.5.29.15
const OID_PRIVATE = Buffer.from('06092b06010401868d1f01', 'hex'); // 1.3.6.1.4.1.99999.1

/**
 * Re-issues a mock Fulcio certificate after `edit` changed its extensions (the SCT extension removed while
 * it runs): signed again by the CA, with a fresh SCT over the edited precertificate, so that only the edit
 * can make verification fail.
 */
async function reissue(
  certificate: Buffer,
  edit: (extensions: ASN1Obj[]) => void,
  caKey: KeyObject,
  issuerId: Buffer,
  ctLog: Awaited<ReturnType<typeof initializeCTLog>>,
): Promise<Buffer> {
  const root = parse(certificate);
  const tbs = root.subs[0] as ASN1Obj;
  const extensions = (tbs.subs.find((sub) => sub.tag.isContextSpecific(3)) as ASN1Obj).subs[0] as ASN1Obj;
  const index = extensions.subs.findIndex((extension) => extension.subs[0]?.toOID() === EXTENSION_OID_SCT);
  const [sctExtension] = extensions.subs.splice(index, 1) as [ASN1Obj];
  edit(extensions.subs);
  const signed = () => {
    const signature = sign('sha384', tbs.toDER(), caKey);
    root.subs[2] = parse(tlv(0x03, Buffer.concat([Buffer.from([0x00]), signature])));
    return root.toDER();
  };
  const precertificate = signed();
  const sct = Buffer.from(
    await ctLog.log(new Uint8Array(precertificate).slice().buffer, new Uint8Array(issuerId).slice().buffer),
  );
  const list = Buffer.concat([Buffer.from([0x00, sct.length]), sct]);
  extensions.subs.push(
    parse(tlv(0x30, Buffer.concat([(sctExtension.subs[0] as ASN1Obj).toDER(), tlv(0x04, tlv(0x04, list))]))),
  );
  return signed();
}

async function makeInstance(options: { editLeaf?: (extensions: ASN1Obj[]) => void } = {}): Promise<Instance> {
  const caKeys = ecKeys();
  const ctKeys = ecKeys();
  const rekorKeys = ecKeys();
  const ctLog = await initializeCTLog(ctKeys);
  const ca = await initializeCA(caKeys, ctLog);
  const signer = ecKeys();
  let certificate = der(
    await ca.issueCertificate({
      publicKey: new Uint8Array(spki(signer.publicKey)),
      subjectAltName: identity,
      extensions: [
        { oid: '1.3.6.1.4.1.57264.1.1', value: issuer, legacy: true },
        { oid: '1.3.6.1.4.1.57264.1.8', value: issuer },
      ],
    }),
  );
  if (options.editLeaf) {
    const issuerId = sha256(spki(caKeys.publicKey));
    certificate = await reissue(certificate, options.editLeaf, caKeys.privateKey, issuerId, ctLog);
  }
  const signature = sign('sha256', artifact, signer.privateKey);
  const pem = `-----BEGIN CERTIFICATE-----\n${certificate.toString('base64')}\n-----END CERTIFICATE-----\n`;
  const tlog = await initializeTLog('https://rekor.test', rekorKeys);
  const logged = Object.values(
    await tlog.log({
      apiVersion: '0.0.1',
      kind: 'hashedrekord',
      spec: {
        data: { hash: { algorithm: 'sha256', value: sha256(artifact).toString('hex') } },
        signature: {
          content: signature.toString('base64'),
          publicKey: { content: Buffer.from(pem).toString('base64') },
        },
      },
    }),
  )[0] as {
    body: string;
    integratedTime: number;
    logID: string;
    logIndex: number;
    verification: {
      signedEntryTimestamp: string;
      inclusionProof: {
        logIndex: number;
        treeSize: number;
        rootHash: string;
        hashes: string[];
        checkpoint: string;
      };
    };
  };
  const proof = logged.verification.inclusionProof;
  const bundle: BundleJson = {
    mediaType: v03MediaType,
    verificationMaterial: {
      certificate: { rawBytes: certificate.toString('base64') },
      tlogEntries: [
        {
          logIndex: String(logged.logIndex),
          logId: { keyId: Buffer.from(logged.logID, 'hex').toString('base64') },
          kindVersion: { kind: 'hashedrekord', version: '0.0.1' },
          integratedTime: String(logged.integratedTime),
          inclusionPromise: { signedEntryTimestamp: logged.verification.signedEntryTimestamp },
          inclusionProof: {
            logIndex: String(proof.logIndex),
            rootHash: Buffer.from(proof.rootHash, 'hex').toString('base64'),
            treeSize: String(proof.treeSize),
            hashes: proof.hashes.map((hash) => Buffer.from(hash, 'hex').toString('base64')),
            checkpoint: { envelope: proof.checkpoint },
          },
          canonicalizedBody: logged.body,
        },
      ],
    },
    messageSignature: {
      messageDigest: { algorithm: 'SHA2_256', digest: sha256(artifact).toString('base64') },
      signature: signature.toString('base64'),
    },
  };
  const since = { start: '2020-01-01T00:00:00Z' };
  const root = (caCertificate: Buffer) =>
    parseTrustedRoot(
      Buffer.from(
        JSON.stringify({
          mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
          tlogs: [
            {
              baseUrl: 'https://rekor.test',
              hashAlgorithm: 'SHA2_256',
              publicKey: {
                rawBytes: spki(rekorKeys.publicKey).toString('base64'),
                keyDetails: 'PKIX_ECDSA_P256_SHA_256',
                validFor: since,
              },
              logId: { keyId: Buffer.from(logged.logID, 'hex').toString('base64') },
            },
          ],
          ctlogs: [
            {
              baseUrl: 'https://ct.test',
              hashAlgorithm: 'SHA2_256',
              publicKey: {
                rawBytes: spki(ctKeys.publicKey).toString('base64'),
                keyDetails: 'PKIX_ECDSA_P256_SHA_256',
                validFor: since,
              },
              logId: { keyId: der(ctLog.logID).toString('base64') },
            },
          ],
          certificateAuthorities: [
            {
              uri: 'https://fulcio.test',
              certChain: { certificates: [{ rawBytes: caCertificate.toString('base64') }] },
              validFor: since,
            },
          ],
          timestampAuthorities: [],
        }),
      ),
      'trusted_root.json',
    );
  const otherCa = await initializeCA(ecKeys(), ctLog);
  return {
    bundle,
    trustedRoot: root(der(ca.rootCertificate)),
    otherRoot: root(der(otherCa.rootCertificate)),
    rekorKey: rekorKeys.privateKey,
    logId: Buffer.from(logged.logID, 'hex'),
  };
}

describe('keyless verification of fresh material', () => {
  let instance: Instance;
  before(async () => {
    instance = await makeInstance();
  });

  async function verify(
    edit: (bundle: BundleJson) => void = () => {},
    options: {
      subject?: string;
      issuer?: string;
      trustedRoot?: TrustedRoot;
      now?: Date;
      from?: Instance;
    } = {},
  ): Promise<VerificationResult> {
    const from = options.from ?? instance;
    const bundle = structuredClone(from.bundle);
    edit(bundle);
    return verifyBundle({
      bundle: encodeBundle(bundle),
      artifact: artifactFromBytes(artifact),
      trustedRoot: options.trustedRoot ?? from.trustedRoot,
      identity: { subject: options.subject ?? identity, issuer: options.issuer ?? issuer },
      now: options.now ?? new Date(),
    });
  }
  const failed = (result: VerificationResult) =>
    result.checks.filter((check) => !check.passed).map((check) => check.check);

  it('verifies, running every keyless check', async () => {
    const result = await verify();
    assert.equal(result.verified, true, JSON.stringify(result.checks, null, 1));
    assert.deepEqual(
      result.checks.map((check) => check.check),
      [
        'bundle-parse',
        'bundle-media-type',
        'artifact-digest',
        'signature',
        'certificate-chain',
        'certificate-identity',
        'certificate-issuer',
        'sct',
        'tlog-body',
        'tlog-inclusion',
        'tlog-checkpoint',
        'tlog-set',
        'timestamp',
      ],
    );
  });

  it('still verifies a year later: the certificate is checked at the logged time, not now', async () => {
    assert.equal((await verify(undefined, { now: new Date(Date.now() + 365 * 86_400_000) })).verified, true);
  });

  describe('when the identity is someone else', () => {
    it('fails certificate-identity', async () => {
      assert.deepEqual(failed(await verify(undefined, { subject: `${identity}x` })), [
        'certificate-identity',
      ]);
    });
  });

  describe('when the issuer is another one', () => {
    it('fails certificate-issuer', async () => {
      assert.deepEqual(failed(await verify(undefined, { issuer: 'https://accounts.google.com' })), [
        'certificate-issuer',
      ]);
    });
  });

  describe('when the trusted root has another CA', () => {
    it('fails certificate-chain and sct', async () => {
      const result = await verify(undefined, { trustedRoot: instance.otherRoot });
      assert.deepEqual(failed(result), ['certificate-chain', 'sct']);
    });
  });

  describe('when one byte of the signature is flipped', () => {
    it('fails signature and tlog-body, and the log time no longer counts', async () => {
      const result = await verify((bundle) => {
        bundle.messageSignature.signature = flipBase64(bundle.messageSignature.signature, 8);
      });
      assert.deepEqual(failed(result), ['signature', 'certificate-chain', 'tlog-body', 'timestamp']);
    });
  });

  describe('when the signed entry timestamp is flipped', () => {
    it('fails tlog-set', async () => {
      const result = await verify((bundle) => {
        const entry = bundle.verificationMaterial.tlogEntries[0];
        entry.inclusionPromise.signedEntryTimestamp = flipBase64(
          entry.inclusionPromise.signedEntryTimestamp,
          12,
        );
      });
      assert.deepEqual(failed(result), ['certificate-chain', 'tlog-set', 'timestamp']);
    });
  });

  describe('when the integrated time is moved', () => {
    it('fails tlog-set', async () => {
      const result = await verify((bundle) => {
        const entry = bundle.verificationMaterial.tlogEntries[0];
        entry.integratedTime = String(Number(entry.integratedTime) + 1);
      });
      assert.ok(failed(result).includes('tlog-set'));
    });
  });

  describe('when the checkpoint is signed by another key', () => {
    it('fails tlog-checkpoint', async () => {
      const result = await verify((bundle) => {
        const proof = bundle.verificationMaterial.tlogEntries[0].inclusionProof;
        const [note, signature] = proof.checkpoint.envelope.split('\n\n— ');
        const [name, value] = signature.trim().split(' ');
        proof.checkpoint.envelope = `${note}\n\n— ${name} ${flipBase64(value, 20)}\n`;
      });
      assert.deepEqual(failed(result), ['tlog-checkpoint']);
    });
  });

  describe('when the bundle has no log entry', () => {
    it('fails tlog-inclusion and timestamp', async () => {
      const result = await verify((bundle) => {
        bundle.verificationMaterial.tlogEntries = [];
      });
      assert.deepEqual(failed(result), ['certificate-chain', 'tlog-inclusion', 'timestamp']);
    });
  });

  describe('when a re-issued certificate is unchanged (control for the cases below)', () => {
    it('verifies', async () => {
      const result = await verify(undefined, { from: await makeInstance({ editLeaf: () => {} }) });
      assert.equal(result.verified, true, JSON.stringify(result.checks, null, 1));
    });
  });

  describe('when the certificate has a critical extension the verifier does not know', () => {
    it('fails certificate-chain (RFC 5280 §4.2)', async () => {
      const from = await makeInstance({
        editLeaf: (extensions) => extensions.push(criticalExtension(OID_PRIVATE, Buffer.from('0500', 'hex'))),
      });
      const result = await verify(undefined, { from });
      assert.deepEqual(failed(result), ['certificate-chain']);
      assert.match(result.checks.find((check) => !check.passed)?.reason ?? '', /1\.3\.6\.1\.4\.1\.99999\.1/);
    });
  });

  describe('when the certificate key usage is keyEncipherment only', () => {
    it('fails certificate-chain: the key may not verify signatures', async () => {
      const from = await makeInstance({
        editLeaf: (extensions) => {
          const index = extensions.findIndex((extension) => extension.subs[0]?.toOID() === '2.5.29.15');
          extensions[index] = criticalExtension(OID_KEY_USAGE, Buffer.from('03020520', 'hex'));
        },
      });
      assert.deepEqual(failed(await verify(undefined, { from })), ['certificate-chain']);
    });
  });

  describe('when the SAN URI has a byte that is the expected one with its high bit set', () => {
    it('fails certificate-identity instead of reading 0xE5 as "e"', async () => {
      const from = await makeInstance({
        editLeaf: (extensions) => {
          const index = extensions.findIndex((extension) => extension.subs[0]?.toOID() === '2.5.29.17');
          const uri = Buffer.from(identity, 'latin1');
          uri[uri.indexOf('example')] = 0xe5;
          extensions[index] = criticalExtension(Buffer.from('0603551d11', 'hex'), tlv(0x30, tlv(0x86, uri)));
        },
      });
      const result = await verify(undefined, { from });
      assert.deepEqual(failed(result), ['certificate-identity']);
    });
  });

  describe("when the username SAN's UTF-8 bytes, high bits dropped, spell the expected one", () => {
    it('fails certificate-identity: "ñadmin" is not "C1admin"', async () => {
      const username = Buffer.concat([
        Buffer.from('060a2b0601040183bf300107', 'hex'), // 1.3.6.1.4.1.57264.1.7
        tlv(0xa0, tlv(0x0c, Buffer.from('ñadmin!example.com', 'utf8'))),
      ]);
      const from = await makeInstance({
        editLeaf: (extensions) => {
          const index = extensions.findIndex((extension) => extension.subs[0]?.toOID() === '2.5.29.17');
          extensions[index] = criticalExtension(
            Buffer.from('0603551d11', 'hex'),
            tlv(0x30, tlv(0xa0, username)),
          );
        },
      });
      const result = await verify(undefined, { from, subject: 'C1admin!example.com' });
      assert.deepEqual(failed(result), ['certificate-identity']);
      assert.match(result.checks.find((check) => !check.passed)?.reason ?? '', /ñadmin/);
    });
  });

  describe('when the checkpoint is signed by the log but names another origin', () => {
    const resign = (origin: string) => (bundle: BundleJson) => {
      const proof = bundle.verificationMaterial.tlogEntries[0].inclusionProof;
      const [, ...rest] = proof.checkpoint.envelope.split('\n\n')[0].split('\n');
      const note = `${[origin, ...rest].join('\n')}\n`;
      const signature = sign('sha256', Buffer.from(note), instance.rekorKey);
      const value = Buffer.concat([instance.logId.subarray(0, 4), signature]).toString('base64');
      proof.checkpoint.envelope = `${note}\n— rekor.test ${value}\n`;
    };

    it('verifies when the origin is the log (control)', async () => {
      const result = await verify(resign('rekor.test - 42'));
      assert.equal(result.verified, true, JSON.stringify(result.checks, null, 1));
    });

    it('fails tlog-checkpoint', async () => {
      assert.deepEqual(failed(await verify(resign('other-log.example - 42'))), ['tlog-checkpoint']);
      assert.deepEqual(failed(await verify(resign('rekor.test.example'))), ['tlog-checkpoint']);
    });
  });

  describe('when the integrated time is past what a Date can hold', () => {
    it('fails tlog-set, and the other tlog checks still run', async () => {
      const result = await verify((bundle) => {
        bundle.verificationMaterial.tlogEntries[0].integratedTime = '9000000000000';
      });
      const set = result.checks.find((check) => check.check === 'tlog-set');
      assert.equal(set?.passed, false);
      assert.match(set?.reason ?? '', /out of range/);
      assert.equal(result.checks.find((check) => check.check === 'tlog-inclusion')?.passed, true);
    });
  });
});
