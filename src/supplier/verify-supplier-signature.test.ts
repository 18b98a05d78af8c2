import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nodeFileSystem } from '../io/file-system.js';
import { serializeBundle } from '../signing/sign/bundle-json.js';
import { messageSignatureBundle } from '../signing/sign/message-bundle.js';
import { corpusPath } from '../testing/corpus.js';
import { makeKey, type TestKey, workspace, writeTrustPolicy } from './__fixtures__/supplier-workspace.js';
import { loadTrustPolicy, type TrustPolicy } from './load-trust-policy.js';
import { checkSbomPredicate, verifySupplierSignature } from './verify-supplier-signature.js';

const now = new Date('2026-06-01T00:00:00Z');
const cases = corpusPath('sigstore', 'conformance', 'bundle-verify');
const productionRoot = corpusPath('sigstore', 'trusted-roots', 'production', 'trusted_root.json');
const sbom = Buffer.from('{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1}\n');

let directory: string;
let acme: TestKey;
let globex: TestKey;

async function loadPolicy(
  ...arguments_: Parameters<typeof writeTrustPolicy> extends [string, ...infer Rest] ? Rest : never
): Promise<TrustPolicy> {
  return loadTrustPolicy(await writeTrustPolicy(directory, ...arguments_), nodeFileSystem);
}

async function sign(key: TestKey, content: Buffer, hint: boolean): Promise<Buffer> {
  const { createHash } = await import('node:crypto');
  const bundle = messageSignatureBundle({
    digest: createHash('sha256').update(content).digest(),
    signature: await key.signer.sign(content),
    keyId: key.keyId,
  });
  if (!hint) bundle.verificationMaterial.publicKey = {} as { hint: string };
  return Buffer.from(serializeBundle(bundle));
}

after(async () => {
  await rm(directory, { recursive: true, force: true });
});

before(async () => {
  directory = await workspace();
  acme = makeKey();
  globex = makeKey();
});

describe('verifySupplierSignature', () => {
  it('finds the signer among every supplier when the bundle names no key', async () => {
    const policy = await loadPolicy([
      { name: 'Acme', keys: [acme] },
      { name: 'Globex', keys: [globex] },
    ]);
    const result = await verifySupplierSignature({
      bundle: await sign(globex, sbom, false),
      sbom,
      sbomFile: 'bom.json',
      policy,
      now,
    });
    assert.equal(result.signature.passed, true, result.signature.reason);
    assert.equal(result.trusted.passed, true, result.trusted.reason);
    assert.equal(result.supplier?.name, 'Globex');
  });

  it("fails both checks when a stranger's bundle names a supplier's key id (the hint is not signed)", async () => {
    const policy = await loadPolicy([{ name: 'Acme', keys: [acme] }], [], 'forged.yaml');
    const stranger = makeKey();
    const forged = JSON.parse((await sign(stranger, sbom, true)).toString('utf8'));
    forged.verificationMaterial.publicKey.hint = acme.keyId;
    const result = await verifySupplierSignature({
      bundle: Buffer.from(JSON.stringify(forged)),
      sbom,
      sbomFile: 'bom.json',
      policy,
      now,
    });
    assert.equal(result.signature.passed, false);
    assert.match(result.signature.reason ?? '', /signature: the signature does not verify/);
    assert.equal(result.trusted.passed, false);
    assert.match(
      result.trusted.reason ?? '',
      new RegExp(`names key ${acme.keyId} of Acme, but the signature does not verify`),
    );
    assert.equal(result.supplier, undefined);
  });

  it("fails the signature when the supplier's key is outside its window", async () => {
    await writeFile(join(directory, 'acme.pub'), acme.publicKeyPem);
    const policy = await loadPolicy([
      {
        name: 'Acme',
        extra: [
          'keys:',
          `  - path: ${JSON.stringify(join(directory, 'acme.pub'))}`,
          '    validUntil: 2026-01-01T00:00:00Z',
        ],
      },
    ]);
    const result = await verifySupplierSignature({
      bundle: await sign(acme, sbom, true),
      sbom,
      sbomFile: 'bom.json',
      policy,
      now,
    });
    assert.equal(result.signature.passed, false);
    assert.match(result.signature.reason ?? '', /key-trust: .*valid until 2026-01-01/);
    assert.equal(result.trusted.passed, false);
  });

  it("reports the window of the key that signed when the bundle names no key, not another supplier's key", async () => {
    await writeFile(join(directory, 'acme-expired.pub'), acme.publicKeyPem);
    const policy = await loadPolicy(
      [
        { name: 'Globex', keys: [globex] },
        {
          name: 'Acme',
          extra: [
            'keys:',
            `  - path: ${JSON.stringify(join(directory, 'acme-expired.pub'))}`,
            '    validUntil: 2026-01-01T00:00:00Z',
          ],
        },
      ],
      [],
      'hintless-expired.yaml',
    );
    const result = await verifySupplierSignature({
      bundle: await sign(acme, sbom, false),
      sbom,
      sbomFile: 'bom.json',
      policy,
      now,
    });
    assert.equal(result.signature.passed, false);
    assert.match(result.signature.reason ?? '', /key-trust: .*valid until 2026-01-01/);
    assert.equal(result.trusted.passed, false);
    assert.match(result.trusted.reason ?? '', /of Acme, but key-trust failed/);
    assert.equal(result.supplier, undefined);
  });

  it('fails both checks, keeping the parse error, for a bundle that is not JSON', async () => {
    const policy = await loadPolicy([{ name: 'Acme', keys: [acme] }]);
    const result = await verifySupplierSignature({
      bundle: Buffer.from('{"mediaType":'),
      sbom,
      sbomFile: 'bom.json',
      policy,
      now,
    });
    assert.equal(result.signature.passed, false);
    assert.equal(result.signature.details?.[0]?.check, 'bundle-parse');
    assert.equal(result.trusted.passed, false);
  });

  it('verifies a real managed-key bundle (sigstore-conformance managed-key-happy-path, base64 hint, Rekor entry)', async () => {
    const policy = await loadPolicy(
      [
        {
          name: 'Conformance',
          extra: ['keys:', `  - path: ${JSON.stringify(join(cases, 'managed-key-happy-path', 'key.pub'))}`],
        },
      ],
      [`trustedRoot: ${JSON.stringify(productionRoot)}`],
      'managed-key.yaml',
    );
    const artifact = await readFile(join(cases, 'a.txt'));
    const result = await verifySupplierSignature({
      bundle: await readFile(join(cases, 'managed-key-happy-path', 'bundle.sigstore.json')),
      sbom: artifact,
      sbomFile: 'a.txt',
      policy,
      now,
    });
    assert.equal(result.signature.passed, true, JSON.stringify(result.signature));
    assert.ok(
      result.signature.details?.some((detail) => detail.check === 'tlog-inclusion' && detail.passed),
      'the log entry was verified against the supplier’s trusted root',
    );
    assert.equal(result.supplier?.name, 'Conformance');
  });

  it('fails supplier-trusted when a keyless identity matches two suppliers', async () => {
    const identity = (pattern: string) => [
      'identities:',
      `  - subjectPattern: ${JSON.stringify(pattern)}`,
      '    issuer: https://token.actions.githubusercontent.com',
    ];
    const policy = await loadPolicy(
      [
        { name: 'Conformance', extra: identity('https://github\\.com/sigstore-conformance/.+') },
        { name: 'Anyone on GitHub', extra: identity('https://github\\.com/.+') },
      ],
      [`trustedRoot: ${JSON.stringify(productionRoot)}`],
      'overlap.yaml',
    );
    const result = await verifySupplierSignature({
      bundle: await readFile(join(cases, 'happy-path-v0.3', 'bundle.sigstore.json')),
      sbom: await readFile(join(cases, 'a.txt')),
      sbomFile: 'a.txt',
      policy,
      now,
    });
    assert.equal(result.signature.passed, true, result.signature.reason);
    assert.equal(result.trusted.passed, false);
    assert.match(result.trusted.reason ?? '', /2 suppliers \(Conformance, Anyone on GitHub\)/);
    assert.equal(result.supplier, undefined);
  });

  it('does not trust a keyless identity whose subject matches but whose issuer is another', async () => {
    // The bundle's certificate was issued for GitHub Actions' OIDC issuer; the supplier trusts the same
    // subject pattern only from Google's issuer, so the supplier must not be a candidate at all.
    const policy = await loadPolicy(
      [
        {
          name: 'Conformance',
          extra: [
            'identities:',
            `  - subjectPattern: ${JSON.stringify('https://github\\.com/sigstore-conformance/.+')}`,
            '    issuer: https://accounts.google.com',
          ],
        },
      ],
      [`trustedRoot: ${JSON.stringify(productionRoot)}`],
      'other-issuer.yaml',
    );
    const result = await verifySupplierSignature({
      bundle: await readFile(join(cases, 'happy-path-v0.3', 'bundle.sigstore.json')),
      sbom: await readFile(join(cases, 'a.txt')),
      sbomFile: 'a.txt',
      policy,
      now,
    });
    assert.equal(result.trusted.passed, false);
    assert.match(
      result.trusted.reason ?? '',
      /\(issuer https:\/\/token\.actions\.githubusercontent\.com\), which no supplier in .*other-issuer\.yaml lists/,
    );
    assert.equal(result.signature.passed, false);
    assert.match(result.signature.reason ?? '', /no supplier in .* trusts the signer/);
    assert.equal(result.supplier, undefined);
  });
});

describe('checkSbomPredicate', () => {
  const statement = (predicateType: string, predicate: unknown, type = 'https://in-toto.io/Statement/v1') =>
    Buffer.from(JSON.stringify({ _type: type, subject: [], predicateType, predicate }));
  const document = JSON.parse(sbom.toString('utf8'));

  it('passes for the same JSON value, whatever the key order', () => {
    const reordered = { version: 1, specVersion: '1.6', bomFormat: 'CycloneDX' };
    assert.equal(checkSbomPredicate(statement('https://cyclonedx.org/bom', reordered), sbom).passed, true);
  });
  it('fails for another predicate type, statement type or document', () => {
    assert.equal(
      checkSbomPredicate(statement('https://slsa.dev/provenance/v1', document), sbom).passed,
      false,
    );
    assert.equal(
      checkSbomPredicate(
        statement('https://cyclonedx.org/bom', document, 'https://in-toto.io/Statement/v0.1'),
        sbom,
      ).passed,
      false,
    );
    assert.equal(
      checkSbomPredicate(statement('https://cyclonedx.org/bom', { ...document, version: 2 }), sbom).passed,
      false,
    );
    assert.equal(checkSbomPredicate(Buffer.from('null'), sbom).passed, false);
  });
});
