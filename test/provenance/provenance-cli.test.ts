import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkStatementV1 } from '../../src/provenance/conformance.js';
import { corpusPath, hasCorpus, repositoryRoot } from '../../src/testing/corpus.js';
import { runVeriship } from '../../src/testing/run-cli.js';

const workspace = mkdtempSync(join(tmpdir(), 'veriship-provenance-'));
const artifact = join(workspace, 'app-1.2.0.tgz');
const other = join(workspace, 'app-1.2.0.whl');
writeFileSync(artifact, 'an npm package\n');
writeFileSync(other, 'a wheel\n');

const github = {
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_REF: 'refs/tags/v1.2.0',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/release.yml@refs/tags/v1.2.0',
  GITHUB_RUN_ID: '4242',
  SOURCE_DATE_EPOCH: '1764000000',
};

async function keyPair(): Promise<{ key: string; pub: string }> {
  const prefix = join(workspace, `key-${Math.random().toString(16).slice(2)}`);
  const run = await runVeriship(['keys', 'generate', '--out', prefix, '--no-passphrase']);
  assert.equal(run.exitCode, 0, run.stderr);
  return { key: `${prefix}.key`, pub: `${prefix}.pub` };
}

describe('veriship attest provenance / verify-attestation', () => {
  it('writes the statement and its bundle, deterministically under SOURCE_DATE_EPOCH, and verifies', async () => {
    const { key, pub } = await keyPair();
    const first = join(workspace, 'one', 'provenance.json');
    const second = join(workspace, 'two', 'provenance.json');
    for (const output of [first, second]) {
      const run = await runVeriship(
        ['attest', 'provenance', '--subject', artifact, '--subject', other, '--key', key, '-o', output],
        github,
      );
      assert.equal(run.exitCode, 0, run.stderr);
      assert.ok(
        existsSync(output.replace(/\.json$/, '.sigstore.json')),
        'provenance.sigstore.json beside the statement',
      );
    }
    assert.equal(
      readFileSync(first, 'utf8'),
      readFileSync(second, 'utf8'),
      'same inputs, same statement bytes',
    );
    const statement = JSON.parse(readFileSync(first, 'utf8'));
    assert.deepEqual(checkStatementV1(statement), [], 'conforms to in-toto v1 and SLSA v1');
    assert.equal(
      statement.predicate.runDetails.metadata.finishedOn,
      '2025-11-24T16:00:00Z',
      'time from SOURCE_DATE_EPOCH',
    );
    assert.deepEqual(
      statement.subject.map((s: { name: string }) => s.name),
      ['app-1.2.0.tgz', 'app-1.2.0.whl'],
    );

    const bundle = first.replace(/\.json$/, '.sigstore.json');
    const ok = await runVeriship([
      'verify-attestation',
      artifact,
      '--bundle',
      bundle,
      '--key',
      pub,
      '--statement-type',
      'v1',
      '--builder-id',
      'https://github.com/acme/app/.github/workflows/release.yml',
      '--source-uri',
      'github.com/acme/app',
      '--source-tag',
      'v1.2.0',
      '--format',
      'json',
    ]);
    assert.equal(ok.exitCode, 0, ok.stdout + ok.stderr);
    const result = JSON.parse(ok.stdout);
    assert.equal(result.verified, true, 'verified');
    assert.equal(result.facts.sourceRef, 'refs/tags/v1.2.0');

    const stale = await runVeriship([
      'verify-attestation',
      artifact,
      '--bundle',
      bundle,
      '--key',
      pub,
      '--max-age',
      '24h',
    ]);
    assert.equal(stale.exitCode, 1, 'built in 2025: older than 24h');
    assert.match(stale.stdout, /✗ max-age: built 2025-11-24T16:00:00Z/);
    const wrongBuilder = await runVeriship([
      'verify-attestation',
      other,
      '--bundle',
      bundle,
      '--key',
      pub,
      '--builder-id',
      'https://github.com/evil/app/.github/workflows/x.yml',
    ]);
    assert.equal(wrongBuilder.exitCode, 1, 'wrong builder');
    assert.match(wrongBuilder.stdout, /✗ builder-id/);
  });

  it('policy eval reads verified provenance facts from our statement and its bundle', async () => {
    const { key, pub } = await keyPair();
    const output = join(workspace, 'policy', 'provenance.json');
    const attest = await runVeriship(
      ['attest', 'provenance', '--subject', artifact, '--key', key, '-o', output],
      github,
    );
    assert.equal(attest.exitCode, 0, attest.stderr);
    const facts = async (keyFile: string, subject: string) => {
      const run = await runVeriship([
        'policy',
        'eval',
        '--provenance',
        output,
        '--artifact',
        subject,
        '--key',
        keyFile,
        '--explain',
        '--format',
        'json',
      ]);
      return JSON.parse(run.stderr.slice(run.stderr.indexOf('{'))).provenance;
    };
    const good = await facts(pub, artifact);
    assert.equal(good.verified, true, JSON.stringify(good.checks));
    assert.equal(good.builderId, `${github.GITHUB_SERVER_URL}/${github.GITHUB_WORKFLOW_REF}`);
    assert.equal(good.sourceRepository, 'github.com/acme/app');
    const { pub: otherPub } = await keyPair();
    assert.equal((await facts(otherPub, artifact)).verified, false, 'another key: not verified');
    assert.equal(
      (await facts(pub, other)).verified,
      false,
      'an artifact that is not a subject: not verified',
    );
  });

  it('bad input: exit 2 for usage, exit 3 for an unreadable subject, and no file written', async () => {
    const { key } = await keyPair();
    const output = join(workspace, 'bad', 'provenance.json');
    const noKey = await runVeriship(['attest', 'provenance', '--subject', artifact, '-o', output], github);
    assert.equal(noKey.exitCode, 2, noKey.stderr);
    const missing = await runVeriship(
      ['attest', 'provenance', '--subject', join(workspace, 'nope.tgz'), '--key', key, '-o', output],
      github,
    );
    assert.equal(missing.exitCode, 3, missing.stderr);
    assert.match(missing.stderr, /nope\.tgz/);
    assert.ok(!existsSync(output), 'no statement written');
    const badAge = await runVeriship([
      'verify-attestation',
      artifact,
      '--bundle',
      output,
      '--key',
      key,
      '--max-age',
      '7 days',
    ]);
    assert.equal(badAge.exitCode, 2, 'an unreadable duration is a usage error, not "no limit"');
  });

  it('attest --predicate-type: SBOM, OpenVEX and custom predicates; a file of the wrong kind is refused', {
    skip: !hasCorpus() && 'no corpus',
  }, async () => {
    const { key, pub } = await keyPair();
    const sbom = corpusPath('vex', 'cyclonedx-vex', 'bom.json');
    const vex = corpusPath('vex', 'openvex', 'go-vex', 'v0.2.0.json');
    const cases: [string[], string][] = [
      [['--predicate-type', 'sbom', '--predicate', sbom], 'https://cyclonedx.org/bom'],
      [['--predicate-type', 'openvex', '--predicate', vex], 'https://openvex.dev/ns/v0.2.0'],
      [
        [
          '--predicate-type',
          'custom',
          '--predicate-type-uri',
          'https://example.com/test-result/v1',
          '--predicate',
          vex,
        ],
        'https://example.com/test-result/v1',
      ],
    ];
    for (const [flags, type] of cases) {
      const output = join(workspace, 'attest', `${type.replace(/\W+/g, '-')}.json`);
      const run = await runVeriship(['attest', ...flags, '--subject', artifact, '--key', key, '-o', output]);
      assert.equal(run.exitCode, 0, run.stderr);
      const statement = JSON.parse(readFileSync(output, 'utf8'));
      assert.equal(statement.predicateType, type);
      assert.deepEqual(checkStatementV1(statement), []);
      const verified = await runVeriship([
        'verify-attestation',
        artifact,
        '--bundle',
        output.replace(/\.json$/, '.sigstore.json'),
        '--key',
        pub,
        '--predicate-type',
        type,
      ]);
      assert.equal(verified.exitCode, 0, verified.stdout);
      const asProvenance = await runVeriship([
        'verify-attestation',
        artifact,
        '--bundle',
        output.replace(/\.json$/, '.sigstore.json'),
        '--key',
        pub,
      ]);
      assert.equal(asProvenance.exitCode, 1, 'not provenance: the default predicate-type expectation fails');
    }
    const wrong = await runVeriship([
      'attest',
      '--predicate-type',
      'sbom',
      '--predicate',
      vex,
      '--subject',
      artifact,
      '--key',
      key,
      '-o',
      join(workspace, 'wrong.json'),
    ]);
    assert.equal(wrong.exitCode, 3, wrong.stderr);
    assert.match(wrong.stderr, /v0\.2\.0\.json: not a CycloneDX or SPDX JSON SBOM/);
    const noUri = await runVeriship([
      'attest',
      '--predicate-type',
      'custom',
      '--predicate',
      vex,
      '--subject',
      artifact,
      '--key',
      key,
    ]);
    assert.equal(noUri.exitCode, 2, noUri.stderr);
  });

  it('the bundled CLI (dist/cli.mjs) attests and verifies', () => {
    const cli = join(repositoryRoot, 'dist', 'cli.mjs');
    assert.ok(existsSync(cli), 'dist/cli.mjs is built (npm test builds before testing)');
    const prefix = join(workspace, 'dist-key');
    const run = (args: string[]) =>
      spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...github } });
    assert.equal(run(['keys', 'generate', '--out', prefix, '--no-passphrase']).status, 0);
    const output = join(workspace, 'dist', 'provenance.json');
    const attest = run([
      'attest',
      'provenance',
      '--subject',
      artifact,
      '--key',
      `${prefix}.key`,
      '-o',
      output,
    ]);
    assert.equal(attest.status, 0, attest.stderr);
    const verify = run([
      'verify-attestation',
      artifact,
      '--bundle',
      join(workspace, 'dist', 'provenance.sigstore.json'),
      '--key',
      `${prefix}.pub`,
      '--source-uri',
      'github.com/acme/app',
    ]);
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  });
});

describe('veriship attest provenance --keyless against a local Fulcio and Rekor', () => {
  it('signs the statement with a Fulcio certificate and a Rekor entry that @sigstore/verify accepts', async () => {
    const { startMockSigstore } = await import('../../src/testing/mock-sigstore.js');
    const { bundleFromJSON } = await import('@sigstore/bundle');
    const { toSignedEntity, Verifier } = await import('@sigstore/verify');
    const mock = await startMockSigstore();
    try {
      const subject = 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.2.0';
      const claims = { iss: 'https://token.actions.githubusercontent.com', sub: subject, aud: 'sigstore' };
      const token = ['{"alg":"RS256"}', JSON.stringify(claims), 'sig']
        .map((part) => Buffer.from(part).toString('base64url'))
        .join('.');
      const output = join(workspace, 'keyless', 'provenance.json');
      const run = await runVeriship(
        [
          'attest',
          'provenance',
          '--subject',
          artifact,
          '--keyless',
          '--fulcio-url',
          mock.fulcioUrl,
          '--rekor-url',
          mock.rekorUrl,
          '-o',
          output,
        ],
        { ...github, SIGSTORE_ID_TOKEN: token },
      );
      assert.equal(run.exitCode, 0, run.stderr);
      assert.match(
        run.stdout,
        /keyless https:\/\/github\.com\/acme\/app\/\.github\/workflows\/release\.yml@refs\/tags\/v1\.2\.0/,
      );
      const bundle = bundleFromJSON(
        JSON.parse(readFileSync(output.replace(/\.json$/, '.sigstore.json'), 'utf8')),
      );
      assert.equal(bundle.verificationMaterial.tlogEntries.length, 1, 'one Rekor entry');
      new Verifier(mock.trustMaterial).verify(toSignedEntity(bundle), { subjectAlternativeName: subject });
      const both = await runVeriship(
        ['attest', 'provenance', '--subject', artifact, '--keyless', '--key', 'x.key'],
        github,
      );
      assert.equal(both.exitCode, 2, 'a key and --keyless exclude each other');
    } finally {
      await mock.close();
    }
  });
});
