/**
 * Real provenance from slsa-framework/slsa-verifier's test data (../shared/corpus/slsa/SOURCE.md says,
 * for each file, what slsa-verifier expects). Bundles with a transparency-log entry verify offline against
 * the Sigstore public-good trusted root; bare DSSE envelopes (slsa-github-generator v1) have no log entry
 * in the file, so their signing time cannot be established offline and they must fail closed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { slsaProvenanceV1, slsaProvenanceV02 } from '../../src/provenance/statement.js';
import { statementFacts } from '../../src/provenance/verify/attestation-facts.js';
import type { AttestationExpectations } from '../../src/provenance/verify/expectations.js';
import { readAttestationCandidates, statementOf } from '../../src/provenance/verify/read-attestation.js';
import {
  type AttestationVerification,
  verifyAttestation,
} from '../../src/provenance/verify/verify-attestation.js';
import { artifactFromFile } from '../../src/signing/verify/artifact.js';
import { parseTrustedRoot } from '../../src/signing/verify/trusted-root.js';
import { corpusPath, hasCorpus } from '../../src/testing/corpus.js';

interface Row {
  file: string;
  builder: string;
  ref: string;
  sha256: string;
}

/** The corpus rows for copied attestation files, with slsa-verifier's expected builder, ref and subject. */
function rows(): Row[] {
  const source = readFileSync(corpusPath('slsa', 'SOURCE.md'), 'utf8');
  const found: Row[] = [];
  for (const line of source.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const file = cells[1];
    const exercises = cells[6] ?? '';
    if (!file || file.startsWith('(not copied)') || !/^slsa-verifier\/gha_/.test(file)) continue;
    const builder = /trusted builder (\S+) \(builder/.exec(exercises)?.[1];
    const ref = /; ref (refs\/\S+) \(/.exec(exercises)?.[1];
    const sha256 = /\('sha256', '([0-9a-f]{64})'\)/.exec(exercises)?.[1];
    if (builder && ref && sha256) found.push({ file, builder, ref, sha256 });
  }
  return found;
}

const identity = {
  subjectPattern:
    '^https://github\\.com/slsa-framework/(slsa-github-generator|example-trw)/\\.github/workflows/[^@]+@refs/tags/v[0-9.]+$',
  issuer: 'https://token.actions.githubusercontent.com',
};

function hasLogEntry(file: string): boolean {
  const bytes = readFileSync(corpusPath('slsa', file));
  const bundle = JSON.parse(Buffer.from(readAttestationCandidates(bytes)[0]?.bundle ?? []).toString('utf8'));
  return (bundle.verificationMaterial?.tlogEntries?.length ?? 0) > 0;
}

async function verifyRow(
  row: Row,
  overrides: Partial<AttestationExpectations> = {},
): Promise<AttestationVerification> {
  const trustedRoot = parseTrustedRoot(
    readFileSync(corpusPath('sigstore', 'trusted-roots', 'production', 'trusted_root.json')),
    'trusted_root.json',
  );
  const ref = row.ref.startsWith('refs/heads/') ? { sourceRef: row.ref } : { sourceRef: row.ref };
  return verifyAttestation({
    attestation: readFileSync(corpusPath('slsa', row.file)),
    artifact: { algorithm: 'sha256', hex: row.sha256 },
    trustedRoot,
    identity,
    expectations: {
      predicateTypes: [slsaProvenanceV1, slsaProvenanceV02],
      statementType: 'any',
      builderId: row.builder,
      sourceUri: 'github.com/slsa-framework/example-package',
      ...ref,
      ...overrides,
    },
    now: new Date('2026-11-29T00:00:00Z'),
  });
}

function failed(result: AttestationVerification): string[] {
  return result.checks.filter((check) => !check.passed).map((check) => check.check);
}

describe('slsa-verifier corpus', { skip: !hasCorpus() && 'no ../shared/corpus' }, () => {
  const all = hasCorpus() ? rows() : [];
  const bundles = all.filter((row) => hasLogEntry(row.file));
  const envelopes = all.filter((row) => !hasLogEntry(row.file));

  it('reads SOURCE.md: both kinds of file are present', () => {
    assert.ok(bundles.length >= 6, `at least 6 bundles with log entries (found ${bundles.length})`);
    assert.ok(envelopes.length >= 3, `at least 3 bare envelopes (found ${envelopes.length})`);
  });

  for (const row of bundles) {
    it(`${row.file}: verifies offline with slsa-verifier's expectations`, async () => {
      const result = await verifyRow(row);
      assert.deepEqual(failed(result), [], JSON.stringify(result.checks, null, 2));
      assert.equal(result.verified, true, 'verified');
    });
    it(`${row.file}: another source, an untrusted builder, another ref each fail their check`, async () => {
      const source = await verifyRow(row, { sourceUri: 'github.com/slsa-framework/example-package-fork' });
      assert.deepEqual(failed(source), ['source-uri'], 'only source-uri fails');
      const builder = await verifyRow(row, {
        builderId:
          'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/not-trusted.yml',
      });
      assert.deepEqual(failed(builder), ['builder-id'], 'only builder-id fails');
      const other = row.ref === 'refs/heads/main' ? 'refs/heads/master' : 'refs/tags/v0.0.1';
      const ref = await verifyRow(row, { sourceRef: other });
      assert.deepEqual(failed(ref), ['source-ref'], 'only source-ref fails');
      const statementV1 = await verifyRow(row, { statementType: 'v1' });
      assert.deepEqual(
        failed(statementV1),
        ['statement-type'],
        'these are v0.1 statements: rejected when v1 is required',
      );
      const digest = await verifyRow({ ...row, sha256: '0'.repeat(64) });
      assert.deepEqual(failed(digest), ['dsse-subject'], 'another artifact is not a subject');
    });
  }

  for (const row of envelopes) {
    it(`${row.file}: a bare DSSE envelope parses, but cannot verify offline (fails closed)`, async () => {
      const result = await verifyRow(row);
      assert.equal(result.verified, false, 'no log entry: not verified');
      assert.ok(failed(result).includes('tlog-inclusion'), `tlog-inclusion fails; failed: ${failed(result)}`);
      // Everything the statement says still checks out, so the report shows exactly why it failed.
      for (const check of ['dsse-subject', 'builder-id', 'source-uri', 'source-ref', 'signature']) {
        assert.ok(!failed(result).includes(check), `${check} passes on the content`);
      }
    });
  }

  it('versioned tags: v13.0.30 matches v13, v13.0, v13.0.30; not v13.1 or v12', async () => {
    const row = envelopes.find((item) => item.ref === 'refs/tags/v13.0.30');
    assert.ok(row, 'the v13.0.30 row is in the corpus');
    for (const [tag, ok] of [
      ['v13', true],
      ['v13.0', true],
      ['v13.0.30', true],
      ['v13.1', false],
      ['v12', false],
      ['v13.0.31', false],
    ] as const) {
      const result = await verifyRow(row, { sourceRef: undefined, sourceVersionedTag: tag });
      assert.equal(!failed(result).includes('source-ref'), ok, `--source-versioned-tag ${tag}`);
    }
  });

  it("npm's attestations documents: both attestations read; provenance facts as npm writes them", () => {
    const bytes = readFileSync(
      corpusPath('slsa', 'slsa-verifier', 'npm', 'gha', 'provenance-npm-test-cli-v1-prega.tgz.json'),
    );
    const candidates = readAttestationCandidates(bytes);
    assert.equal(candidates.length, 2, 'publish attestation and provenance');
    const facts = candidates.map((candidate) => statementFacts(statementOf(candidate)));
    const provenance = facts.find((item) => item.predicateType === slsaProvenanceV1);
    assert.ok(provenance, 'an SLSA v1 provenance statement');
    assert.equal(provenance.sourceUri, 'https://github.com/sigstore/sigstore-js');
    assert.equal(provenance.sourceRef, 'refs/heads/main');
    assert.deepEqual(provenance.sourceDigest, { gitCommit: '46e7056ff9912ebfee5298d94024895a9fea76c0' });
  });

  it('npm provenance (keyless, GitHub Actions) verifies offline by the tarball sha512; a bad signature fails', async () => {
    const directory = corpusPath('slsa', 'slsa-verifier', 'npm', 'gha');
    const trustedRoot = parseTrustedRoot(
      readFileSync(corpusPath('sigstore', 'trusted-roots', 'production', 'trusted_root.json')),
      'trusted_root.json',
    );
    const cases: [string, boolean][] = [
      ['provenance-npm-test-cli-v1-prega.tgz.json', true],
      ['provenance-npm-test-cli-v1-prega-invalidsigprov.tgz.json', false],
    ];
    for (const [name, valid] of cases) {
      const bytes = readFileSync(`${directory}/${name}`);
      const provenance = readAttestationCandidates(bytes)
        .map((candidate) => statementFacts(statementOf(candidate)))
        .find((facts) => facts.predicateType === slsaProvenanceV1);
      const sha512 = provenance?.subjects[0]?.digest.sha512;
      assert.ok(sha512, `${name}: the provenance names the tarball by sha512`);
      const result = await verifyAttestation({
        attestation: bytes,
        artifact: { algorithm: 'sha512', hex: sha512 },
        trustedRoot,
        identity: {
          subjectPattern:
            '^https://github\\.com/sigstore/sigstore-js/\\.github/workflows/release\\.yml@refs/heads/main$',
          issuer: 'https://token.actions.githubusercontent.com',
        },
        expectations: {
          predicateTypes: [slsaProvenanceV1],
          statementType: 'v1',
          builderId: 'https://github.com/actions/runner/github-hosted',
          sourceUri: 'github.com/sigstore/sigstore-js',
          sourceRef: 'refs/heads/main',
        },
        now: new Date('2026-11-29T00:00:00Z'),
      });
      assert.equal(result.verified, valid, `${name}: ${JSON.stringify(failed(result))}`);
      if (!valid) assert.ok(failed(result).includes('signature'), `${name}: the signature check fails`);
    }
  });

  it('GitHub artifact attestations (bcr): verified offline; one signed by another workflow fails on the certificate, although its content claims the right builder', async () => {
    const directory = corpusPath('slsa', 'slsa-verifier', 'bcr');
    const trustedRoot = parseTrustedRoot(
      readFileSync(corpusPath('sigstore', 'trusted-roots', 'production', 'trusted_root.json')),
      'trusted_root.json',
    );
    for (const [name, valid] of [
      ['MODULE', true],
      ['MODULE-wrong-signer', false],
    ] as const) {
      const result = await verifyAttestation({
        attestation: readFileSync(`${directory}/${name}.bazel.intoto.jsonl`),
        artifact: artifactFromFile(`${directory}/${name}.bazel`),
        trustedRoot,
        identity: {
          subjectPattern:
            '^https://github\\.com/bazel-contrib/publish-to-bcr/\\.github/workflows/publish\\.yaml@refs/tags/.+$',
          issuer: 'https://token.actions.githubusercontent.com',
        },
        expectations: {
          predicateTypes: [slsaProvenanceV1],
          statementType: 'v1',
          builderId: 'https://github.com/bazel-contrib/publish-to-bcr/.github/workflows/publish.yaml',
          sourceUri: 'github.com/aspect-build/rules_lint',
        },
        now: new Date('2026-11-29T00:00:00Z'),
      });
      assert.deepEqual(failed(result), valid ? [] : ['certificate-identity'], name);
      assert.equal(result.verified, valid, name);
    }
  });

  it('slsa-github-generator examples parse: statements, envelopes and a bare v0.2 predicate', () => {
    const directory = corpusPath('slsa', 'slsa-github-generator');
    const envelope = readAttestationCandidates(readFileSync(`${directory}/binary-linux-amd64.intoto.jsonl`));
    const fromEnvelope = statementFacts(statementOf(envelope[0] as never));
    assert.equal(fromEnvelope.predicateType, slsaProvenanceV02);
    assert.match(
      fromEnvelope.builderId ?? '',
      /^https:\/\/github\.com\/[^/]+\/slsa-github-generator[^/]*\/\.github\/workflows\//,
    );
    const statement = statementFacts(JSON.parse(readFileSync(`${directory}/attestation1.intoto`, 'utf8')));
    assert.ok(statement.subjects.length > 0, 'attestation1.intoto has subjects');
    const predicate = JSON.parse(readFileSync(`${directory}/valid-slsa-v02.json`, 'utf8'));
    const wrapped = statementFacts({
      _type: 'https://in-toto.io/Statement/v0.1',
      predicateType: slsaProvenanceV02,
      subject: [],
      predicate,
    });
    assert.equal(wrapped.builderId, predicate.builder.id);
  });
});
