import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nodeFileSystem } from '../../io/file-system.js';
import { statementFacts } from '../../provenance/verify/attestation-facts.js';
import { readSbom } from '../../sbom/read/read-sbom.js';
import { keyringFromPublicKey } from '../../signing/keyring/keyring.js';
import { encodeBundle, generateTestKey, messageSignatureBundle } from '../../signing/verify/test-bundles.js';
import { corpusPath, hasCorpus } from '../../testing/corpus.js';
import { evaluatePolicies } from '../evaluate-policy.js';
import { emptyPolicyInput } from '../input-document.js';
import { PolicyError } from '../policy-error.js';
import { builtinPolicy } from '../read-policies.js';
import { readArtifactFact } from './artifact-facts.js';
import { provenanceFacts } from './provenance-facts.js';
import { readSbomFacts } from './sbom-facts.js';
import { scanFacts } from './scan-facts.js';
import { supplierFacts } from './supplier-facts.js';

const now = new Date('2026-06-01T00:00:00Z');

function rejects(run: () => unknown, code: string, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof PolicyError, `a PolicyError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('sbomFacts', { skip: !hasCorpus() }, () => {
  it('keeps every component readSbom reads, with id, licenses and hashes, and the validator verdict', async () => {
    const path = corpusPath('sbom', 'cyclonedx', 'real', 'dropwizard-1.3.15', 'bom.json');
    const content = await readFile(path);
    const document = await readSbom(path, content);
    const facts = await readSbomFacts(path, content);
    assert.equal(facts.components.length, document.components.length);
    assert.equal(facts.valid, true);
    assert.deepEqual(facts.validationErrors, []);
    for (const [index, component] of document.components.entries()) {
      const fact = facts.components[index];
      assert.equal(fact?.id, component.purl ?? `${component.name}@${component.version}`);
      assert.deepEqual(fact?.hashes, component.hashes);
      assert.deepEqual(fact?.licenses, component.licenses);
      assert.equal(fact?.group, component.group ?? null, 'absent optional fields are null, never missing');
    }
  });

  it('reports an invalid SBOM as invalid with its violations (a spec-test invalid file)', async () => {
    const path = corpusPath('sbom', 'cyclonedx', 'spec-tests', '1.6', 'invalid-hash-sha256-1.6.json');
    const facts = await readSbomFacts(path, await readFile(path));
    assert.equal(facts.valid, false);
    assert.ok(facts.validationErrors.length > 0, 'the schema violations are listed');
    const result = evaluatePolicies([builtinPolicy()], { ...emptyPolicyInput(), sbom: facts }, { now });
    assert.equal(result.rules.find((rule) => rule.id === 'sbom-present-and-valid')?.decision, 'fail');
  });
});

describe('scanFacts', () => {
  const report = (findings: unknown[], schema = 'https://veriship.dev/scan-report/v1') =>
    Buffer.from(JSON.stringify({ schema, source: 'bom.json', findings, notScanned: [] }));
  const finding = {
    id: 'GHSA-1',
    aliases: ['CVE-1'],
    package: { name: 'a', ecosystem: 'npm', purl: 'pkg:npm/a@1.0.0', version: '1.0.0' },
    severity: 'high',
    score: 7.5,
    cvss: [],
    summary: '',
    affectedRanges: [],
    fixedVersions: ['1.0.1'],
    references: [],
    suppressed: null,
  };

  it('rejects a report of another schema, naming the file', () => {
    rejects(
      () => scanFacts('scan.json', report([], 'https://example.com/v2'), now),
      'POLICY_INPUT_INVALID',
      /schema is "https:\/\/example.com\/v2"/,
    );
    rejects(() => scanFacts('scan.json', Buffer.from('{'), now), 'POLICY_INPUT_INVALID', /not valid JSON/);
    rejects(
      () => scanFacts('scan.json', report([{ ...finding, severity: 'severe' }]), now),
      'POLICY_INPUT_INVALID',
      /findings\[0\]/,
    );
  });

  it('rejects a suppression the scanner cannot have written, instead of suppressing the finding', () => {
    for (const suppressed of [{}, { kind: 'maybe', status: 'ignored', document: 'd', statement: '0' }]) {
      rejects(
        () => scanFacts('scan.json', report([{ ...finding, suppressed }]), now),
        'POLICY_INPUT_INVALID',
        /findings\[0\]\.suppressed/,
      );
    }
  });

  it('marks ignores whose expiry has passed as expired', () => {
    const ignore = (expires: string) => ({
      ...finding,
      suppressed: { kind: 'ignore', status: 'ignored', document: '.ignore.yaml', statement: '0', expires },
    });
    const facts = scanFacts('scan.json', report([finding, ignore('2026-12-31'), ignore('2026-05-31')]), now);
    assert.deepEqual(
      facts.findings.map((fact) => fact.suppressed?.expired ?? null),
      [null, false, true],
    );
    assert.equal(facts.findings[0]?.score, 7.5);
  });
});

describe('supplierFacts', () => {
  it('reads the list and rejects an entry without a verdict', () => {
    const facts = supplierFacts(
      's.json',
      Buffer.from('[{"name":"acme","signature":{"verified":true,"signer":"x"}}]'),
    );
    assert.deepEqual(facts, [{ name: 'acme', sbom: null, signature: { verified: true, signer: 'x' } }]);
    rejects(() => supplierFacts('s.json', Buffer.from('[{"name":"acme"}]')), 'POLICY_INPUT_INVALID', /\[0\]/);
  });
});

describe('provenanceFacts over slsa-verifier testdata', { skip: !hasCorpus() }, () => {
  const statementOf = async (name: string) => {
    const line = (await readFile(corpusPath('slsa', 'slsa-verifier', 'special', name), 'utf8')).split(
      '\n',
    )[0] as string;
    return JSON.parse(Buffer.from(JSON.parse(line).payload, 'base64').toString('utf8'));
  };
  const params = {
    trustedBuilders: [
      'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml',
    ],
    trustedRepositories: ['github.com/slsa-framework/example-package'],
  };
  const artifact = (sha256: string) => ({
    name: 'artifact1',
    path: 'artifact1',
    digest: { sha256 },
    signature: { present: false, verified: false, bundle: null, checks: [], keyId: null, identity: null },
  });

  it('passes the multi-subject provenance for its first subject (expected OK by slsa-verifier)', async () => {
    const facts = statementFacts(await statementOf('binary-linux-amd64-multi-subject-first.intoto.jsonl'));
    const provenance = provenanceFacts({
      verified: true,
      checks: [{ check: 'signature', passed: true }],
      facts,
    });
    assert.equal(provenance.sourceRepository, 'github.com/slsa-framework/example-package');
    assert.equal(provenance.subjects.length, 3);
    const input = {
      ...emptyPolicyInput(),
      provenance,
      artifacts: [artifact('482ce8c8f7e867da3a3c05a9aee637703e17470ed1cf882a9e5b405e8f82619d')],
    };
    const rule = evaluatePolicies([builtinPolicy()], input, { now, params }).rules.find(
      (candidate) => candidate.id === 'provenance-trusted-builder',
    );
    assert.equal(rule?.decision, 'pass', JSON.stringify(rule?.violations));
  });

  it('fails the untrusted-builder provenance (expected FAIL by slsa-verifier), naming builder and repository', async () => {
    const facts = statementFacts(await statementOf('binary-linux-amd64-untrusted-builder.intoto.jsonl'));
    const provenance = provenanceFacts({
      verified: true,
      checks: [{ check: 'signature', passed: true }],
      facts,
    });
    const input = {
      ...emptyPolicyInput(),
      provenance,
      artifacts: [artifact('b01c4f22b92c57fe1c94ba99b568e8d704bbf544882784b5b8c765fc32e627c4')],
    };
    const rule = evaluatePolicies([builtinPolicy()], input, { now, params }).rules.find(
      (candidate) => candidate.id === 'provenance-trusted-builder',
    );
    assert.deepEqual(
      rule?.violations.map((violation) => violation.message),
      [
        'builder https://github.com/asraa/slsa-github-generator/.github/workflows/builder_go_slsa3.yml@refs/tags/v1.4.0 is not in params.trustedBuilders',
        'source repository github.com/asraa/slsa-on-github-test is not in params.trustedRepositories',
      ],
    );
  });

  it('is not verified without checks, whatever the verifier said', () => {
    assert.equal(provenanceFacts({ verified: true, checks: [], facts: undefined }).verified, false);
  });
});

describe('readArtifactFact', () => {
  const key = generateTestKey('ecdsa-p256');
  const other = generateTestKey('ecdsa-p256');
  let directory: string;
  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'veriship-policy-artifacts-'));
    await writeFile(join(directory, 'app.tgz'), 'the release tarball\n');
    await writeFile(
      join(directory, 'app.tgz.sigstore.json'),
      encodeBundle(messageSignatureBundle(key, await readFile(join(directory, 'app.tgz')))),
    );
    await writeFile(join(directory, 'unsigned.tgz'), 'no bundle\n');
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('verifies the bundle beside the artifact and names the key that signed', async () => {
    const fact = await readArtifactFact(join(directory, 'app.tgz'), {
      keyring: keyringFromPublicKey(key.publicKeyPem, 'release.pub'),
      fileSystem: nodeFileSystem,
      now,
    });
    assert.equal(fact.name, 'app.tgz');
    assert.equal(fact.digest.sha256, createHash('sha256').update('the release tarball\n').digest('hex'));
    assert.equal(fact.signature.present, true);
    assert.equal(fact.signature.verified, true);
    assert.equal(fact.signature.keyId, key.keyId);
    assert.ok(
      fact.signature.checks.every((check) => check.passed),
      'every check passed',
    );
  });

  it('does not verify with another key, and has no signer then', async () => {
    const fact = await readArtifactFact(join(directory, 'app.tgz'), {
      keyring: keyringFromPublicKey(other.publicKeyPem, 'other.pub'),
      fileSystem: nodeFileSystem,
      now,
    });
    assert.equal(fact.signature.verified, false);
    assert.equal(fact.signature.keyId, null);
    assert.ok(
      fact.signature.checks.some((check) => !check.passed),
      'a check failed',
    );
  });

  it('reports a missing bundle as not present', async () => {
    const fact = await readArtifactFact(join(directory, 'unsigned.tgz'), { fileSystem: nodeFileSystem, now });
    assert.deepEqual(fact.signature, {
      present: false,
      verified: false,
      bundle: null,
      checks: [],
      keyId: null,
      identity: null,
    });
  });
});
