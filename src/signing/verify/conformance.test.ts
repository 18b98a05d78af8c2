import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../errors.js';
import { corpusPath, hasCorpus } from '../../testing/corpus.js';
import { keyringFromPublicKey } from '../keyring/keyring.js';
import { artifactFromFile } from './artifact.js';
import type { CheckName, VerificationResult } from './checks.js';
import { parseTrustedRoot } from './trusted-root.js';
import { verifyBundle } from './verify-bundle.js';

/**
 * sigstore-conformance `bundle-verify` (corpus/sigstore/conformance/bundle-verify/README.md): a case passes
 * or fails as its name says, offline. For each `_fail` case we also pin the check that must catch it, so
 * a case cannot pass for the wrong reason. No case is skipped: all 61 give the expected outcome.
 */
const casesDirectory = corpusPath('sigstore', 'conformance', 'bundle-verify');
const productionRoot = corpusPath('sigstore', 'trusted-roots', 'production', 'trusted_root.json');
const stagingRoot = corpusPath('sigstore', 'trusted-roots', 'staging', 'trusted_root.json');
const defaultIdentity =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const defaultIssuer = 'https://token.actions.githubusercontent.com';
// Fixed, so results do not drift with the calendar; it matters only where no verified time exists.
const now = new Date('2026-11-01T00:00:00Z');

/** The check that must fail in each `_fail` case; `trusted-root` = the trusted root is rejected (exit 3). */
const expectedFailure: Readonly<Record<string, CheckName | 'trusted-root'>> = {
  'bundle-empty-certificate-chain_fail': 'bundle-parse',
  'bundle-from-wrong-instance_fail': 'tlog-set',
  'bundle-invalid-base64-signature_fail': 'bundle-parse',
  'bundle-malformed-json_fail': 'bundle-parse',
  'bundle-negative-log-index_fail': 'bundle-parse',
  'bundle-unknown-version_fail': 'bundle-media-type',
  'bundle-with-root-cert_fail': 'certificate-chain',
  'checkpoint-bad-keyhint_fail': 'tlog-checkpoint',
  'checkpoint-wrong-roothash_fail': 'tlog-checkpoint',
  'dsse-invalid-sig_fail': 'signature',
  'dsse-mismatch-envelope_fail': 'tlog-body',
  'inclusion-proof-corrupted-hash_fail': 'tlog-inclusion',
  'incorrect-public-key_fail': 'tlog-body',
  'integrated-time-in-future_fail': 'certificate-chain',
  'intoto-expired-certificate_fail': 'certificate-chain',
  'intoto-log-entry-mismatch_fail': 'tlog-body',
  'intoto-missing-inclusion-proof_fail': 'bundle-parse',
  'intoto-tsa-timestamp-outside-cert-validity_fail': 'certificate-chain',
  'invalid-checkpoint-signature_fail': 'tlog-checkpoint',
  'invalid-ct-key_fail': 'sct',
  'managed-key-no-key_fail': 'key-trust',
  'message-digest-mismatch_fail': 'artifact-digest',
  'rekor2-checkpoint-missing-log-signature_fail': 'tlog-checkpoint',
  'rekor2-checkpoint-missing-origin_fail': 'tlog-checkpoint',
  'rekor2-checkpoint-missing-root-hash_fail': 'tlog-checkpoint',
  'rekor2-checkpoint-no-matching-signature_fail': 'tlog-checkpoint',
  'rekor2-dsse-invalid-sig_fail': 'signature',
  'rekor2-dsse-mismatch-envelope_fail': 'tlog-body',
  'rekor2-dsse-mismatch-sig_fail': 'tlog-body',
  'rekor2-no-inclusion-proof_fail': 'bundle-parse',
  'rekor2-no-timestamp_fail': 'timestamp',
  'rekor2-timestamp-outside-trust-root-tsa-validity_fail': 'timestamp',
  'rekor2-timestamp-outside-tsa-cert-validity_fail': 'timestamp',
  'rekor2-timestamp-payload-mismatch_fail': 'timestamp',
  'rekor2-timestamp-untrusted-tsa-with-embedded-cert_fail': 'timestamp',
  'rekor2-timestamp-untrusted-tsa-without-embedded-cert_fail': 'timestamp',
  'rekor2-timestamp-with-incorrect-time_fail': 'certificate-chain',
  'set-invalid-signature_fail': 'tlog-set',
  'signature-mismatch_fail': 'signature',
  'trust-root-tlog-missing-validity-start_fail': 'trusted-root',
  'wrong-hashedrekord-artifact_fail': 'tlog-body',
  'wrong-hashedrekord-cert-and-sig_fail': 'tlog-body',
  'wrong-material_fail': 'artifact-digest',
};

function readOptional(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined;
}

async function runCase(name: string): Promise<VerificationResult> {
  const directory = join(casesDirectory, name);
  const rootPath = existsSync(join(directory, 'trusted_root.json'))
    ? join(directory, 'trusted_root.json')
    : productionRoot;
  const trustedRoot = parseTrustedRoot(readFileSync(rootPath), rootPath);
  const keyPath = join(directory, 'key.pub');
  const keyring = existsSync(keyPath)
    ? keyringFromPublicKey(readFileSync(keyPath, 'utf8'), keyPath)
    : undefined;
  const artifact = existsSync(join(directory, 'artifact'))
    ? join(directory, 'artifact')
    : join(casesDirectory, 'a.txt');
  return verifyBundle({
    bundle: readFileSync(join(directory, 'bundle.sigstore.json')),
    artifact: artifactFromFile(artifact),
    keyring,
    trustedRoot,
    identity: keyring
      ? undefined
      : {
          subject: readOptional(join(directory, 'identity')) ?? defaultIdentity,
          issuer: readOptional(join(directory, 'issuer')) ?? defaultIssuer,
        },
    now,
  });
}

function describeChecks(result: VerificationResult): string {
  return result.checks
    .map((check) => `${check.passed ? '✓' : '✗'} ${check.check}: ${check.reason ?? ''}`)
    .join('\n');
}

describe('sigstore-conformance bundle-verify', { skip: !hasCorpus() }, () => {
  const cases = hasCorpus()
    ? readdirSync(casesDirectory, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];

  it('has all 61 cases, and an expected failing check for every _fail case', () => {
    assert.equal(cases.length, 61);
    assert.deepEqual(
      cases.filter((name) => name.endsWith('_fail')),
      Object.keys(expectedFailure).sort(),
    );
  });

  for (const name of cases) {
    const shouldFail = name.endsWith('_fail');
    it(`${name}: ${shouldFail ? `fails ${expectedFailure[name]}` : 'verifies'}`, async () => {
      if (expectedFailure[name] === 'trusted-root') {
        await assert.rejects(
          runCase(name),
          (error: unknown) => error instanceof InputError && error.code === 'INPUT_MALFORMED',
        );
        return;
      }
      const result = await runCase(name);
      if (!shouldFail) {
        assert.equal(result.verified, true, describeChecks(result));
        return;
      }
      assert.equal(result.verified, false, describeChecks(result));
      const check = result.checks.find((item) => item.check === expectedFailure[name]);
      assert.equal(
        check?.passed,
        false,
        `expected ${expectedFailure[name]} to fail:\n${describeChecks(result)}`,
      );
    });
  }
});

/** corpus/sigstore/SOURCE.md gives each vector's expected outcome and trust root. */
describe('sigstore-python and sigstore-js vectors', { skip: !hasCorpus() }, () => {
  const python = (file: string) => corpusPath('sigstore', 'sigstore-python', file);
  const trustConfigRoot = () => {
    // sigstore-python's TSA tests: the trust config's root with tsa/ca.json as its only TSA.
    const root = JSON.parse(readFileSync(python('tsa/trust_config.json'), 'utf8')).trustedRoot;
    root.timestampAuthorities = [JSON.parse(readFileSync(python('tsa/ca.json'), 'utf8'))];
    return Buffer.from(JSON.stringify(root));
  };
  const verifyVector = (options: {
    bundle: string;
    artifact?: string;
    root: Buffer;
    issuer: string;
  }): Promise<VerificationResult> =>
    verifyBundle({
      bundle: readFileSync(options.bundle),
      artifact: options.artifact ? artifactFromFile(options.artifact) : undefined,
      trustedRoot: parseTrustedRoot(options.root, 'trusted_root.json'),
      // The vectors were checked with no identity policy; `.*` accepts any signer, the issuer still counts.
      identity: { subjectPattern: '.*', issuer: options.issuer },
      now,
    });
  const staging = () => readFileSync(stagingRoot);
  const github = 'https://github.com/login/oauth';

  const pythonCases: [string, string, boolean, CheckName | undefined][] = [
    ['bundle.txt.sigstore', 'bundle.txt', true, undefined],
    ['bundle_v3.txt.sigstore', 'bundle_v3.txt', true, undefined],
    ['staging-rekor-v2.txt.sigstore.json', 'staging-rekor-v2.txt', true, undefined],
    ['bundle_cve_2022_36056.txt.sigstore', 'bundle_cve_2022_36056.txt', false, 'tlog-body'],
    ['bundle_invalid_version.txt.sigstore', 'bundle_invalid_version.txt', false, 'bundle-media-type'],
    ['bundle_no_cert_v1.txt.sigstore', 'bundle_no_cert_v1.txt', false, 'bundle-parse'],
    ['bundle_no_log_entry.txt.sigstore', 'bundle_no_log_entry.txt', false, 'tlog-inclusion'],
    ['bundle_no_checkpoint.txt.sigstore', 'bundle_no_checkpoint.txt', false, 'bundle-parse'],
    ['bundle_v3_no_signed_time.txt.sigstore.json', 'bundle_v3_no_signed_time.txt', false, 'timestamp'],
  ];
  for (const [bundle, artifact, ok, check] of pythonCases) {
    it(`sigstore-python ${bundle}: ${ok ? 'verifies' : `fails ${check}`}`, async () => {
      const issuer = bundle.startsWith('bundle_no_log_entry') ? 'https://accounts.google.com' : github;
      const result = await verifyVector({
        bundle: python(bundle),
        artifact: python(artifact),
        root: staging(),
        issuer,
      });
      assert.equal(result.verified, ok, describeChecks(result));
      if (check)
        assert.equal(
          result.checks.find((item) => item.check === check)?.passed,
          false,
          describeChecks(result),
        );
    });
  }

  it('sigstore-python a.dsse.staging-rekor-v2: verifies as an attestation, and its subject is a.txt', async () => {
    const bundle = python('a.dsse.staging-rekor-v2.txt.sigstore.json');
    const common = { bundle, root: staging(), issuer: defaultIssuer };
    // sigstore-python's verify_dsse checks no subject; the statement names the conformance a.txt.
    assert.equal((await verifyVector(common)).verified, true);
    assert.equal((await verifyVector({ ...common, artifact: join(casesDirectory, 'a.txt') })).verified, true);
    const other = await verifyVector({ ...common, artifact: python('a.dsse.staging-rekor-v2.txt') });
    assert.deepEqual(
      other.checks.filter((item) => !item.passed).map((item) => item.check),
      ['dsse-subject'],
    );
  });

  it('sigstore-python tsa/bundle.txt.late_timestamp: fails (timestamp outside the certificate validity)', async () => {
    const result = await verifyVector({
      bundle: python('tsa/bundle.txt.late_timestamp.sigstore'),
      artifact: python('tsa/bundle.txt'),
      root: trustConfigRoot(),
      issuer: 'https://accounts.google.com',
    });
    assert.equal(result.verified, false);
  });

  // Deliberate divergence, listed rather than skipped: the bundle carries a second RFC 3161 timestamp whose
  // message imprint is not over this signature. sigstore-python (and sigstore-go) skip timestamps that do
  // not verify and count the rest; we fail closed on any timestamp present that does not verify, as
  // sigstore-js does (docs/verify.md, "timestamp"). Without that timestamp the bundle verifies.
  it('sigstore-python tsa/bundle.txt: fails timestamp on its unverifiable second timestamp, verifies without it', async () => {
    const path = python('tsa/bundle.txt.sigstore');
    const options = {
      artifact: python('tsa/bundle.txt'),
      root: trustConfigRoot(),
      issuer: 'https://accounts.google.com',
    };
    const result = await verifyVector({ ...options, bundle: path });
    assert.deepEqual(
      result.checks.filter((item) => !item.passed).map((item) => item.check),
      ['timestamp'],
    );
    const bundle = JSON.parse(readFileSync(path, 'utf8'));
    bundle.verificationMaterial.timestampVerificationData.rfc3161Timestamps.splice(1, 1);
    const trimmed = await verifyBundle({
      bundle: Buffer.from(JSON.stringify(bundle)),
      artifact: artifactFromFile(options.artifact),
      trustedRoot: parseTrustedRoot(options.root, 'trusted_root.json'),
      identity: { subjectPattern: '.*', issuer: options.issuer },
      now,
    });
    assert.equal(trimmed.verified, true, describeChecks(trimmed));
  });

  const jsBundles = [
    'bundleV01-dsse-no-proof',
    'bundleV01-dsse-with-proof',
    'bundleV01-full-cert-chain',
    'bundleV01-intoto-no-proof',
    'bundleV01-intoto-with-proof',
    'bundleV02-dsse',
    'bundleV03-dsse',
    'bundleV03-intoto',
  ];
  for (const name of jsBundles) {
    it(`sigstore-js ${name}: verifies against the production root (attestation only, as its CI does)`, async () => {
      const result = await verifyVector({
        bundle: corpusPath('sigstore', 'sigstore-js', 'bundles', `${name}.sigstore`),
        root: readFileSync(productionRoot),
        issuer: github,
      });
      assert.equal(result.verified, true, describeChecks(result));
    });
  }
});
