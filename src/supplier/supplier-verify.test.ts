import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { predicateTypes } from '../provenance/predicates.js';
import { corpusPath } from '../testing/corpus.js';
import { type CliRun, runVeriship } from '../testing/run-cli.js';
import { createOpenVexDocument, serializeOpenVex } from '../vuln/vex/create-openvex.js';
import {
  advisoryFor,
  corpusSbom,
  makeKey,
  type TestKey,
  withSupplier,
  workspace,
  writeDatabase,
  writeSbomAttestation,
  writeSignedSbom,
  writeTrustPolicy,
} from './__fixtures__/supplier-workspace.js';
import type { SupplierVerification } from './verify-supplier-sbom.js';

/** The real CycloneDX 1.6 spec example: it declares `metadata.supplier.name: "Acme, Inc."` itself. */
const specExample = ['cyclonedx', 'spec-tests', '1.6', 'valid-bom-1.6.json'] as const;
const tomcatAdvisory = advisoryFor('TEST-2025-0001', 'Maven', 'com.acme:tomcat-catalina', {
  fixed: '9.0.30',
  // 7.5: high, not critical.
  cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N',
});
const unrelatedAdvisory = advisoryFor('TEST-2025-0002', 'Maven', 'com.example:not-in-the-sbom');

let directory: string;
let acme: TestKey;
let globex: TestKey;
let stranger: TestKey;
let policy: string;
let emptyDatabase: string;

async function verify(sbom: string, ...flags: string[]): Promise<CliRun & { result: SupplierVerification }> {
  const run = await runVeriship([
    'supplier',
    'verify',
    sbom,
    '--trust',
    policy,
    '--db',
    emptyDatabase,
    '--format',
    'json',
    ...flags,
  ]);
  assert.equal(run.stderr.includes('internal error'), false, run.stderr);
  return { ...run, result: JSON.parse(run.stdout) as SupplierVerification };
}

function check(result: SupplierVerification, name: string) {
  const found = result.checks.find((item) => item.check === name);
  assert.ok(found, `the ${name} check is reported`);
  return found;
}

function failedChecks(result: SupplierVerification): string[] {
  return result.checks.filter((item) => !item.passed).map((item) => item.check);
}

after(async () => {
  await rm(directory, { recursive: true, force: true });
});

before(async () => {
  directory = await workspace();
  acme = makeKey();
  globex = makeKey('ed25519');
  stranger = makeKey();
  policy = await writeTrustPolicy(directory, [
    { name: 'Acme, Inc.', aliases: ['Acme Corp'], keys: [acme] },
    { name: 'Globex Corporation', keys: [globex] },
  ]);
  emptyDatabase = await writeDatabase(join(directory, 'empty'), [unrelatedAdvisory]);
});

describe('veriship supplier verify', () => {
  describe('when a trusted supplier signed a valid SBOM that declares it', () => {
    it('passes every check and exits 0', async () => {
      const { sbom } = await writeSignedSbom(
        directory,
        'acme.cdx.json',
        await corpusSbom(...specExample),
        acme,
      );
      const run = await verify(sbom);
      assert.equal(run.exitCode, 0, run.stdout);
      assert.equal(run.result.verified, true);
      assert.deepEqual(
        run.result.checks.map((item) => [item.check, item.passed]),
        [
          ['signature', true],
          ['supplier-trusted', true],
          ['sbom-valid', true],
          ['supplier-match', true],
          ['vulnerabilities', true],
        ],
      );
      assert.equal(run.result.supplier, 'Acme, Inc.');
      assert.equal(run.result.signer, `key ${acme.keyId}`);
      assert.deepEqual(run.result.declaredSupplier, { name: 'Acme, Inc.', field: 'metadata.supplier.name' });
      assert.equal(run.result.failOn, 'high', 'high is the default threshold');
    });

    it('prints each check with ✓ in text form', async () => {
      const { sbom } = await writeSignedSbom(
        directory,
        'acme-text.cdx.json',
        await corpusSbom(...specExample),
        acme,
      );
      const run = await runVeriship(['supplier', 'verify', sbom, '--trust', policy, '--db', emptyDatabase]);
      assert.equal(run.exitCode, 0, run.stdout + run.stderr);
      for (const name of [
        'signature',
        'supplier-trusted',
        'sbom-valid',
        'supplier-match',
        'vulnerabilities',
      ]) {
        assert.match(run.stdout, new RegExp(`✓ ${name}: `), `${name} is printed as passed`);
      }
      assert.match(run.stdout, /verified: supplier Acme, Inc\., all 5 checks passed/);
    });

    it('accepts the supplier under an alias, whatever the case and surrounding spaces', async () => {
      const document = withSupplier(await corpusSbom(...specExample), '  ACME CORP ');
      const { sbom } = await writeSignedSbom(directory, 'alias.cdx.json', document, acme);
      const run = await verify(sbom);
      assert.equal(run.exitCode, 0, JSON.stringify(run.result.checks));
      assert.match(check(run.result, 'supplier-match').reason ?? '', /alias "Acme Corp"/);
    });
  });

  describe('when the SBOM is CycloneDX XML (the 1.6 spec example) or SPDX 2.3 JSON', () => {
    it('validates the XML and reads its declared supplier', async () => {
      const xml = await readFile(
        corpusPath('sbom', 'cyclonedx', 'spec-tests', '1.6', 'valid-bom-1.6.xml'),
        'utf8',
      );
      const { sbom } = await writeSignedSbom(directory, 'acme.cdx.xml', xml, acme);
      const run = await verify(sbom);
      assert.equal(run.exitCode, 0, JSON.stringify(run.result.checks));
      assert.match(check(run.result, 'sbom-valid').reason ?? '', /CycloneDX XML 1\.6/);
    });

    it("attributes the SPDX example to its described package's supplier (Jane Doe), not to Acme", async () => {
      const spdx = await readFile(corpusPath('sbom', 'spdx', 'SPDXJSONExample-v2.3.spdx.json'), 'utf8');
      const { sbom } = await writeSignedSbom(directory, 'example.spdx.json', spdx, acme);
      const run = await verify(sbom);
      assert.equal(run.result.declaredSupplier?.name, 'Jane Doe');
      assert.match(run.result.declaredSupplier?.field ?? '', /supplier \(SPDXRef-Package\)$/);
      assert.equal(check(run.result, 'supplier-match').passed, false);
      assert.equal(check(run.result, 'sbom-valid').passed, true, check(run.result, 'sbom-valid').reason);
    });
  });

  describe('when the SBOM is signed by a key no supplier lists', () => {
    it('fails supplier-trusted (and the signature, which has nothing trusted to verify with)', async () => {
      const { sbom } = await writeSignedSbom(
        directory,
        'stranger.cdx.json',
        await corpusSbom(...specExample),
        stranger,
      );
      const run = await verify(sbom);
      assert.equal(run.exitCode, 1);
      assert.equal(check(run.result, 'supplier-trusted').passed, false);
      assert.match(check(run.result, 'supplier-trusted').reason ?? '', new RegExp(stranger.keyId));
      assert.equal(check(run.result, 'signature').passed, false);
      assert.equal(run.result.supplier, null);
      assert.equal(check(run.result, 'sbom-valid').passed, true, 'the other checks still run');
    });
  });

  describe('when the SBOM was edited after it was signed', () => {
    it('fails signature, naming the digest mismatch', async () => {
      const { sbom } = await writeSignedSbom(
        directory,
        'tampered.cdx.json',
        await corpusSbom(...specExample),
        acme,
      );
      const document = JSON.parse(await readFile(sbom, 'utf8'));
      document.components[0].version = '9.0.99';
      await writeFile(sbom, JSON.stringify(document, null, 2));
      const run = await verify(sbom);
      assert.equal(run.exitCode, 1);
      const signature = check(run.result, 'signature');
      assert.equal(signature.passed, false);
      assert.match(signature.reason ?? '', /artifact-digest/);
      assert.ok(
        signature.details?.some((detail) => detail.check === 'artifact-digest' && !detail.passed),
        'the bundle check that failed is among the details',
      );
      assert.equal(
        check(run.result, 'supplier-trusted').passed,
        false,
        'an unverified signer is not trusted',
      );
    });
  });

  describe('when supplier B signs an SBOM that declares supplier A', () => {
    it('verifies the signature and the signer, and fails supplier-match', async () => {
      const { sbom } = await writeSignedSbom(
        directory,
        'mismatch.cdx.json',
        await corpusSbom(...specExample),
        globex,
      );
      const run = await verify(sbom);
      assert.equal(run.exitCode, 1);
      assert.deepEqual(failedChecks(run.result), ['supplier-match']);
      assert.equal(run.result.supplier, 'Globex Corporation');
      assert.match(
        check(run.result, 'supplier-match').reason ?? '',
        /"Acme, Inc\.".*signed by Globex Corporation/,
      );
    });
  });

  describe('when the SBOM declares no supplier', () => {
    it('fails supplier-match', async () => {
      const document = await corpusSbom('cyclonedx', 'spec-tests', '1.6', 'valid-minimal-viable-1.6.json');
      const { sbom } = await writeSignedSbom(directory, 'anonymous.cdx.json', document, acme);
      const run = await verify(sbom);
      assert.equal(run.exitCode, 1);
      assert.deepEqual(failedChecks(run.result), ['supplier-match']);
      assert.match(check(run.result, 'supplier-match').reason ?? '', /declares no supplier/);
    });
  });

  describe('when the SBOM breaks its schema', () => {
    it('fails sbom-valid with the schema errors', async () => {
      // The spec's own invalid example (serialNumber not a urn:uuid), with the supplier declared.
      const document = withSupplier(
        await corpusSbom('cyclonedx', 'spec-tests', '1.6', 'invalid-serialnumber-1.6.json'),
        'Acme, Inc.',
      );
      const { sbom } = await writeSignedSbom(directory, 'invalid.cdx.json', document, acme);
      const run = await verify(sbom);
      assert.equal(run.exitCode, 1);
      assert.deepEqual(failedChecks(run.result), ['sbom-valid']);
      const valid = check(run.result, 'sbom-valid');
      assert.ok(
        valid.details?.some((detail) => detail.check === '/serialNumber'),
        `the serialNumber error is listed: ${JSON.stringify(valid.details)}`,
      );
    });

    it('fails sbom-valid, supplier-match and vulnerabilities when it is not an SBOM at all', async () => {
      const { sbom } = await writeSignedSbom(directory, 'notes.json', '{"not": "an sbom"}\n', acme);
      const run = await verify(sbom);
      assert.equal(run.exitCode, 1);
      assert.deepEqual(failedChecks(run.result), ['sbom-valid', 'supplier-match', 'vulnerabilities']);
      assert.equal(run.result.scanSummary, null);
    });
  });

  describe('with a finding in the SBOM', () => {
    let database: string;
    before(async () => {
      database = await writeDatabase(join(directory, 'tomcat'), [tomcatAdvisory, unrelatedAdvisory]);
    });

    it('fails vulnerabilities at the default threshold (high) and writes the scan report with -o', async () => {
      const { sbom } = await writeSignedSbom(
        directory,
        'vulnerable.cdx.json',
        await corpusSbom(...specExample),
        acme,
      );
      const report = join(directory, 'vulnerable-scan.json');
      const run = await verify(sbom, '--db', database, '-o', report);
      assert.equal(run.exitCode, 1);
      assert.deepEqual(failedChecks(run.result), ['vulnerabilities']);
      const vulnerabilities = check(run.result, 'vulnerabilities');
      assert.deepEqual(
        vulnerabilities.details?.map((detail) => detail.check),
        ['TEST-2025-0001'],
      );
      const written = JSON.parse(await readFile(report, 'utf8'));
      assert.equal(written.schema, 'https://veriship.dev/scan-report/v1');
      assert.deepEqual(
        written.findings.map((finding: { id: string }) => finding.id),
        ['TEST-2025-0001'],
      );
    });

    it("passes when the supplier's VEX says the component is not affected", async () => {
      const { sbom } = await writeSignedSbom(
        directory,
        'vexed.cdx.json',
        await corpusSbom(...specExample),
        acme,
      );
      const vex = join(directory, 'acme.openvex.json');
      await writeFile(
        vex,
        serializeOpenVex(
          createOpenVexDocument({
            vulnerability: 'TEST-2025-0001',
            products: ['pkg:maven/com.acme/tomcat-catalina@9.0.14?packaging=jar'],
            status: 'not_affected',
            justification: 'vulnerable_code_not_in_execute_path',
            author: 'Acme, Inc.',
            timestamp: new Date('2025-06-01T00:00:00Z'),
          }),
        ),
      );
      const run = await verify(sbom, '--db', database, '--vex', vex);
      assert.equal(run.exitCode, 0, JSON.stringify(run.result.checks));
      assert.equal(run.result.scanSummary?.suppressed, 1);
    });

    it('follows --fail-on over the policy, and the policy over the default', async () => {
      const { sbom } = await writeSignedSbom(
        directory,
        'threshold.cdx.json',
        await corpusSbom(...specExample),
        acme,
      );
      const lenient = await verify(sbom, '--db', database, '--fail-on', 'critical');
      assert.equal(lenient.exitCode, 0, 'a high finding passes --fail-on critical');
      assert.equal(lenient.result.failOn, 'critical');
      const criticalPolicy = await writeTrustPolicy(
        directory,
        [{ name: 'Acme, Inc.', keys: [acme] }],
        ['scan:', '  failOn: critical'],
        'critical-policy.yaml',
      );
      const fromPolicy = await verify(sbom, '--db', database, '--trust', criticalPolicy);
      assert.equal(fromPolicy.exitCode, 0, 'scan.failOn of the policy replaces the default');
      const overridden = await verify(sbom, '--db', database, '--trust', criticalPolicy, '--fail-on', 'high');
      assert.equal(overridden.exitCode, 1, '--fail-on replaces scan.failOn');
    });

    it('passes with --fail-on none, saying the finding is not gated rather than that there is none', async () => {
      const { sbom } = await writeSignedSbom(
        directory,
        'ungated.cdx.json',
        await corpusSbom(...specExample),
        acme,
      );
      const run = await verify(sbom, '--db', database, '--fail-on', 'none');
      assert.equal(run.exitCode, 0, JSON.stringify(run.result.checks));
      const reason = check(run.result, 'vulnerabilities').reason ?? '';
      assert.doesNotMatch(reason, /no unsuppressed finding/);
      assert.match(reason, /not gated \(--fail-on none\): 1 unsuppressed finding \(/);
    });
  });

  describe('when the supplier publishes a DSSE attestation of the SBOM', () => {
    it('accepts it when its predicate is this SBOM', async () => {
      const document = await corpusSbom(...specExample);
      const { sbom } = await writeSignedSbom(directory, 'attested.cdx.json', document, acme);
      const bundle = await writeSbomAttestation(
        directory,
        'attested.intoto.json',
        document,
        predicateTypes.cyclonedx,
        acme,
      );
      const run = await verify(sbom, '--bundle', bundle);
      assert.equal(run.exitCode, 0, JSON.stringify(run.result.checks));
      assert.ok(
        check(run.result, 'signature').details?.some(
          (detail) => detail.check === 'sbom-predicate' && detail.passed,
        ),
        'the predicate was compared with the SBOM',
      );
    });

    it('accepts an attestation written by `veriship attest --predicate-type sbom`', async () => {
      const { sbom } = await writeSignedSbom(
        directory,
        'cli-attested.cdx.json',
        await corpusSbom(...specExample),
        acme,
      );
      const privateKey = join(directory, 'acme.key');
      await writeFile(privateKey, acme.privateKeyPem);
      const subject = join(directory, 'app.tar.gz');
      await writeFile(subject, 'the software the SBOM describes\n');
      const attestation = join(directory, 'cli-attested.intoto.json');
      const attest = await runVeriship([
        'attest',
        '--predicate-type',
        'sbom',
        '--predicate',
        sbom,
        '--subject',
        subject,
        '--key',
        privateKey,
        '-o',
        attestation,
      ]);
      assert.equal(attest.exitCode, 0, attest.stderr);
      // The statement goes to -o, the signed bundle beside it (X.json → X.sigstore.json).
      const run = await verify(sbom, '--bundle', join(directory, 'cli-attested.intoto.sigstore.json'));
      assert.equal(run.exitCode, 0, JSON.stringify(run.result.checks));
    });

    it('fails signature when the attestation is of another SBOM', async () => {
      const document = await corpusSbom(...specExample);
      const { sbom } = await writeSignedSbom(directory, 'attested-other.cdx.json', document, acme);
      const other = await corpusSbom('cyclonedx', 'spec-tests', '1.6', 'valid-dependency-1.6.json');
      const bundle = await writeSbomAttestation(
        directory,
        'other.intoto.json',
        other,
        predicateTypes.cyclonedx,
        acme,
      );
      const run = await verify(sbom, '--bundle', bundle);
      assert.equal(run.exitCode, 1);
      assert.equal(check(run.result, 'signature').passed, false);
      assert.match(check(run.result, 'signature').reason ?? '', /sbom-predicate/);
    });
  });

  describe('with a keyless supplier (sigstore-conformance happy-path-v0.3, public-good trusted root)', () => {
    const cases = corpusPath('sigstore', 'conformance', 'bundle-verify');
    const beacon =
      'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
    const root = corpusPath('sigstore', 'trusted-roots', 'production', 'trusted_root.json');

    async function keylessPolicy(subjectPattern: string): Promise<string> {
      return writeTrustPolicy(
        directory,
        [
          {
            name: 'Conformance',
            extra: [
              'identities:',
              `  - subjectPattern: ${JSON.stringify(subjectPattern)}`,
              '    issuer: https://token.actions.githubusercontent.com',
            ],
          },
        ],
        [`trustedRoot: ${JSON.stringify(root)}`],
        `keyless-${subjectPattern.length}.yaml`,
      );
    }

    it('verifies the signature and the identity (the artifact is no SBOM, so the SBOM checks fail)', async () => {
      const trust = await keylessPolicy('https://github\\.com/sigstore-conformance/.+');
      const run = await verify(
        join(cases, 'a.txt'),
        '--bundle',
        join(cases, 'happy-path-v0.3', 'bundle.sigstore.json'),
        '--trust',
        trust,
      );
      assert.equal(run.exitCode, 1);
      assert.equal(
        check(run.result, 'signature').passed,
        true,
        JSON.stringify(check(run.result, 'signature')),
      );
      assert.equal(check(run.result, 'supplier-trusted').passed, true);
      assert.equal(run.result.signer, `${beacon} (issuer https://token.actions.githubusercontent.com)`);
      assert.deepEqual(failedChecks(run.result), ['sbom-valid', 'supplier-match', 'vulnerabilities']);
    });

    it('fails supplier-trusted for an identity outside the pattern', async () => {
      const trust = await keylessPolicy('https://github\\.com/acme/.+');
      const run = await verify(
        join(cases, 'a.txt'),
        '--bundle',
        join(cases, 'happy-path-v0.3', 'bundle.sigstore.json'),
        '--trust',
        trust,
      );
      assert.equal(check(run.result, 'supplier-trusted').passed, false);
      assert.match(check(run.result, 'supplier-trusted').reason ?? '', /extremely-dangerous/);
    });
  });

  describe('with the large juice-shop SBOM (CycloneDX 1.4 from npm) and a supplier added', () => {
    it('verifies it, and the VEX suppresses the finding a synthetic advisory makes', async () => {
      const document = withSupplier(
        await corpusSbom('cyclonedx', 'real', 'juice-shop-npm-flat', 'bom.1.4.json'),
        'Globex Corporation',
      );
      const components = document.components as { purl?: string; name: string; version: string }[];
      const target = components.find(
        (component) => component.purl?.startsWith('pkg:npm/') && !component.purl.includes('%40'),
      );
      assert.ok(target?.purl, 'the SBOM has an unscoped npm component');
      // No severity: unknown counts as critical, so only the VEX can make this pass.
      const database = await writeDatabase(join(directory, 'juice'), [
        advisoryFor('TEST-2025-0100', 'npm', target.name),
      ]);
      const { sbom } = await writeSignedSbom(directory, 'juice-shop.cdx.json', document, globex);
      const failing = await verify(sbom, '--db', database);
      assert.equal(failing.exitCode, 1);
      assert.deepEqual(failedChecks(failing.result), ['vulnerabilities']);

      const vex = join(directory, 'globex.openvex.json');
      await writeFile(
        vex,
        serializeOpenVex(
          createOpenVexDocument({
            vulnerability: 'TEST-2025-0100',
            // Every copy of the package in the SBOM (juice-shop has several versions of some).
            products: [
              ...new Set(
                components
                  .filter((component) => component.name === target.name && component.purl)
                  .map((component) => component.purl as string),
              ),
            ],
            status: 'not_affected',
            justification: 'inline_mitigations_already_exist',
            timestamp: new Date('2025-06-01T00:00:00Z'),
          }),
        ),
      );
      const passing = await verify(sbom, '--db', database, '--vex', vex);
      assert.equal(passing.exitCode, 0, JSON.stringify(passing.result.checks));
      assert.equal(passing.result.supplier, 'Globex Corporation');
    });
  });

  describe('inputs it cannot use', () => {
    it('exits 3 naming the trust policy and the entry for an unknown key', async () => {
      const bad = join(directory, 'bad-policy.yaml');
      await writeFile(
        bad,
        [
          'apiVersion: veriship.dev/v1',
          'kind: SupplierTrust',
          'suppliers:',
          '  - name: Acme',
          '    key: x.pub',
          '',
        ].join('\n'),
      );
      const { sbom } = await writeSignedSbom(
        directory,
        'any.cdx.json',
        await corpusSbom(...specExample),
        acme,
      );
      const run = await runVeriship(['supplier', 'verify', sbom, '--trust', bad, '--db', emptyDatabase]);
      assert.equal(run.exitCode, 3);
      assert.match(run.stderr, /bad-policy\.yaml: suppliers\[0\] \(Acme\)\.key: unknown key/);
    });

    it('exits 3 when the bundle is missing, and 2 without --trust', async () => {
      const sbom = join(directory, 'unsigned.cdx.json');
      await writeFile(sbom, await readFile(corpusPath('sbom', ...specExample)));
      const missing = await runVeriship([
        'supplier',
        'verify',
        sbom,
        '--trust',
        policy,
        '--db',
        emptyDatabase,
      ]);
      assert.equal(missing.exitCode, 3);
      assert.match(missing.stderr, /unsigned\.cdx\.json\.sigstore\.json: no such file/);
      const usage = await runVeriship(['supplier', 'verify', sbom]);
      assert.equal(usage.exitCode, 2);
    });

    it('exits 2 for an unknown --fail-on value before it reads the trust policy', async () => {
      const run = await runVeriship([
        'supplier',
        'verify',
        join(directory, 'any.cdx.json'),
        '--trust',
        join(directory, 'no-such-policy.yaml'),
        '--fail-on',
        'severe',
      ]);
      assert.equal(run.exitCode, 2, run.stderr);
      assert.match(run.stderr, /fail-on/);
    });

    it('exits 3 when there is no advisory database', async () => {
      const { sbom } = await writeSignedSbom(
        directory,
        'nodb.cdx.json',
        await corpusSbom(...specExample),
        acme,
      );
      const run = await runVeriship([
        'supplier',
        'verify',
        sbom,
        '--trust',
        policy,
        '--db',
        join(directory, 'nothing'),
      ]);
      assert.equal(run.exitCode, 3);
      assert.match(run.stderr, /no advisory database/);
    });
  });
});
