import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Ajv as AjvType } from 'ajv';
import { readSbom } from '../../src/sbom/read/read-sbom.js';
import { validateSbom } from '../../src/sbom/validate/validate-sbom.js';
import { corpusPath } from '../../src/testing/corpus.js';
import { memoryAdvisorySource } from '../../src/vuln/match/advisory-source.js';
import { renderCycloneDxVdr } from '../../src/vuln/report/cyclonedx-vdr.js';
import { renderJson } from '../../src/vuln/report/json.js';
import { remediations } from '../../src/vuln/report/remediation.js';
import { renderSarif } from '../../src/vuln/report/sarif.js';
import type { ScanFinding, ScanReport } from '../../src/vuln/report/scan-report.js';
import { renderTable } from '../../src/vuln/report/table.js';
import { scanSbom } from '../../src/vuln/scan.js';
import { corpusAdvisories } from './corpus-advisories.js';

const fixture = join(import.meta.dirname, '__fixtures__', 'mixed-ecosystems.cdx.json');
const sbom = await readSbom(fixture, readFileSync(fixture));
const advisories = memoryAdvisorySource(corpusAdvisories());

/** jquery's finding suppressed by a VEX statement, i18next's by an ignore entry: both kinds in every format. */
function suppress(findings: ScanFinding[]): Pick<ScanReport, 'findings' | 'expiredIgnores'> {
  return {
    findings: findings.map((finding) => {
      if (finding.package.name === 'jquery') {
        return {
          ...finding,
          suppressed: {
            kind: 'vex' as const,
            status: 'not_affected',
            justification: 'vulnerable_code_not_in_execute_path',
            detail: 'jQuery is only loaded on the admin page, which never calls the affected API',
            document: 'app.openvex.json',
            statement: 'https://example.com/vex/1#statement-0',
          },
        };
      }
      if (finding.package.name === 'i18next') {
        return {
          ...finding,
          suppressed: {
            kind: 'ignore' as const,
            status: 'ignored',
            detail: 'build-time only',
            document: '.veriship-ignore.yaml',
            statement: 'ignore[0]',
            expires: '2099-01-01T00:00:00.000Z',
          },
        };
      }
      return finding;
    }),
    expiredIgnores: [],
  };
}

const report = scanSbom({
  sbom,
  sourcePath: 'sbom/mixed-ecosystems.cdx.json',
  advisories,
  database: { path: '/tmp/advisories.sqlite', advisories: 148, builtAt: '2026-01-01T00:00:00.000Z' },
  suppress,
});

describe('the remediation list', () => {
  const fixes = new Map(
    remediations(report.findings).map((fix) => [fix.package.name, fix.upgradeTo ?? 'none']),
  );
  it('offers the smallest version that clears every finding on the package', () => {
    // golang.org/x/net 0.6.0: GO-2023-1571 fixed 0.7.0, GO-2024-2687 fixed 0.23.0 → 0.7.0 is still in
    // GO-2024-2687's range, so 0.23.0.
    assert.equal(fixes.get('golang.org/x/net'), '0.23.0');
    // regex 1.5.4: both merged advisories fixed in 1.5.5.
    assert.equal(fixes.get('regex'), '1.5.5');
    // passenger 4.0.2: [4.0.1, 4.0.5) → 4.0.5 (3.0.21 is below the installed version).
    assert.equal(fixes.get('passenger'), '4.0.5');
    // ascii 0.9.2: both advisories fixed in 0.9.3.
    assert.equal(fixes.get('ascii'), '0.9.3');
  });
  it('says when no fix exists (py: last_affected 1.11.0, no fixed event)', () => {
    assert.equal(fixes.get('py'), 'none');
  });
  it('leaves suppressed findings out', () => {
    assert.equal(fixes.has('jquery'), false);
    assert.equal(fixes.has('i18next'), false);
  });
});

describe('the table report', () => {
  const table = renderTable(report);
  it('groups findings under their package and lists the remediation', () => {
    assert.match(table, /^golang\.org\/x\/net@0\.6\.0 \(Go\)\n {2}GO-2023-1571 /m);
    assert.match(table, /^ {2}golang\.org\/x\/net@0\.6\.0 +-> 0\.23\.0 /m);
    assert.match(table, /^ {2}py@1\.11\.0 +no fix available /m);
  });
  it('marks suppressed findings and lists what was not scanned', () => {
    assert.match(table, /\[suppressed: vex not_affected, vulnerable_code_not_in_execute_path\]/);
    assert.match(table, /^ {2}vendored-lib@0\.1\.0: no PURL$/m);
  });
  it('is the same text on every run', () => {
    assert.equal(
      renderTable(
        scanSbom({
          sbom,
          sourcePath: 'sbom/mixed-ecosystems.cdx.json',
          advisories,
          database: report.database,
          suppress,
        }),
      ),
      table,
    );
  });
});

describe('the JSON report', () => {
  it('is the ScanReport with its schema first and sorted keys below', () => {
    const text = renderJson(report);
    const parsed = JSON.parse(text) as ScanReport;
    assert.equal(Object.keys(parsed)[0], 'schema');
    assert.deepEqual(
      parsed.findings.map((finding) => finding.id),
      report.findings.map((finding) => finding.id),
    );
    const first = parsed.findings[0] as unknown as Record<string, unknown>;
    assert.deepEqual(Object.keys(first), [...Object.keys(first)].sort());
  });
});

/** The OASIS schema is draft-04; it uses no keyword whose meaning changed, so draft-07 Ajv reads it as is. */
async function sarifValidator() {
  const schema = JSON.parse(
    readFileSync(
      join(import.meta.dirname, '../../src/vuln/report/__fixtures__/sarif-schema-2.1.0.json'),
      'utf8',
    ),
  ) as Record<string, unknown>;
  schema.$id = schema.id;
  delete schema.id;
  schema.$schema = 'http://json-schema.org/draft-07/schema#';
  const { Ajv } = await import('ajv');
  const ajv: AjvType = new Ajv({ strict: false, allErrors: true });
  (createRequire(import.meta.url)('ajv-formats') as (ajv: AjvType) => void)(ajv);
  return ajv.compile(schema);
}

describe('the SARIF report', () => {
  const log = JSON.parse(renderSarif(report, { artifactPath: 'sbom/mixed-ecosystems.cdx.json' }));
  const run = log.runs[0];
  it('is valid SARIF 2.1.0 (OASIS errata01 schema)', async () => {
    const validate = await sarifValidator();
    assert.equal(validate(log), true, JSON.stringify(validate.errors?.slice(0, 5)));
  });
  it('has one rule per vulnerability id with help and a GitHub security-severity', () => {
    const ids = [...new Set(report.findings.map((finding) => finding.id))].sort();
    assert.deepEqual(
      run.tool.driver.rules.map((rule: { id: string }) => rule.id),
      ids,
    );
    for (const rule of run.tool.driver.rules) {
      assert.ok(rule.help.text.length > 0 && rule.help.markdown.length > 0, `${rule.id} has help`);
      const severity = rule.properties['security-severity'];
      if (severity !== undefined)
        assert.match(severity, /^\d+\.\d$/, `${rule.id} security-severity is a number in a string`);
    }
    const regex = run.tool.driver.rules.find((rule: { id: string }) => rule.id === 'RUSTSEC-2022-0013');
    assert.equal(regex.properties['security-severity'], '7.5', 'RUSTSEC-2022-0013 carries CVSS 3.1 7.5');
  });
  it('has one result per finding, each at the scanned file', () => {
    assert.equal(run.results.length, report.findings.length);
    for (const result of run.results) {
      assert.equal(
        result.locations[0].physicalLocation.artifactLocation.uri,
        'sbom/mixed-ecosystems.cdx.json',
      );
      assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId, 'ruleIndex points at the rule');
    }
  });
  it('names every component it could not scan as a tool execution notification, so none reads as clean', () => {
    assert.ok(report.notScanned.length > 0, 'the fixture has unscannable components');
    const texts = run.invocations[0].toolExecutionNotifications.map(
      (notification: { message: { text: string } }) => notification.message.text,
    );
    assert.equal(run.invocations[0].executionSuccessful, true);
    for (const entry of report.notScanned) {
      assert.ok(
        texts.some(
          (text: string) => text.startsWith(`not scanned: ${entry.name}`) && text.endsWith(entry.reason),
        ),
        `${entry.name}: ${entry.reason} in ${JSON.stringify(texts)}`,
      );
    }
  });
  it('carries suppressions as kind external with the justification', () => {
    const suppressed = run.results.filter((result: { suppressions?: unknown[] }) => result.suppressions);
    assert.equal(suppressed.length, 2);
    for (const result of suppressed) assert.equal(result.suppressions[0].kind, 'external');
    assert.ok(
      suppressed.some((result: { suppressions: { justification: string }[] }) =>
        result.suppressions[0]?.justification.includes('vulnerable_code_not_in_execute_path'),
      ),
      'the VEX justification is kept',
    );
  });
});

describe('the CycloneDX VDR', () => {
  const text = renderCycloneDxVdr(report, { sbom, timestamp: new Date('2026-01-01T00:00:00Z') });
  const bom = JSON.parse(text);
  it('is valid CycloneDX 1.6 (official schema and bom-ref rules)', async () => {
    const validation = await validateSbom('vdr.json', Buffer.from(text));
    assert.deepEqual(validation.errors, []);
    assert.equal(validation.valid, true);
  });
  it('points every affects[].ref at the input SBOM bom-ref of the component', () => {
    const input = JSON.parse(readFileSync(fixture, 'utf8'));
    const inputRefs = new Set(
      input.components.map((component: { 'bom-ref': string }) => component['bom-ref']),
    );
    for (const vulnerability of bom.vulnerabilities) {
      assert.ok(
        inputRefs.has(vulnerability.affects[0].ref),
        `${vulnerability.id} → ${vulnerability.affects[0].ref}`,
      );
    }
    const jquery = bom.vulnerabilities.find(
      (vulnerability: { id: string }) => vulnerability.id === 'GHSA-mhpp-875w-9cpv',
    );
    assert.equal(jquery.affects[0].ref, 'jquery');
    assert.deepEqual(jquery.affects[0].versions, [{ version: '2.2.4', status: 'affected' }]);
  });
  it('carries analysis state and justification for suppressed findings only', () => {
    const analysed = bom.vulnerabilities.filter(
      (vulnerability: { analysis?: unknown }) => vulnerability.analysis,
    );
    assert.equal(analysed.length, 2);
    const jquery = analysed.find(
      (vulnerability: { id: string }) => vulnerability.id === 'GHSA-mhpp-875w-9cpv',
    );
    assert.equal(jquery.analysis.state, 'not_affected');
    assert.equal(jquery.analysis.justification, 'code_not_reachable');
    const i18next = analysed.find(
      (vulnerability: { id: string }) => vulnerability.id === 'GHSA-f89g-whpf-6q9m',
    );
    assert.equal(i18next.analysis.state, 'exploitable');
    assert.deepEqual(i18next.analysis.response, ['will_not_fix']);
  });
  it('rates with CVSS method and vector, and keeps the input components and root', () => {
    const regex = bom.vulnerabilities.find(
      (vulnerability: { id: string }) => vulnerability.id === 'RUSTSEC-2022-0013',
    );
    assert.ok(
      regex.ratings.some(
        (rating: { method: string; vector: string }) =>
          rating.method === 'CVSSv31' && rating.vector.startsWith('CVSS:3.1/'),
      ),
      'a CVSS 3.1 rating',
    );
    assert.equal(bom.components.length, sbom.components.length);
    assert.equal(bom.metadata.component['bom-ref'], 'app');
  });
  it('points each version at its own component when the SBOM repeats a bom-ref for two versions', async () => {
    const repeated = {
      ...sbom,
      root: undefined,
      components: ['2.2.4', '2.3.0'].map((version) => ({
        bomRef: 'jquery',
        name: 'jquery',
        version,
        purl: `pkg:npm/jquery@${version}`,
        type: 'library',
        licenses: [],
        hashes: {},
      })),
    };
    const scanned = scanSbom({ sbom: repeated, sourcePath: 'x', advisories, database: report.database });
    const vdr = JSON.parse(renderCycloneDxVdr(scanned, { sbom: repeated, timestamp: new Date(0) }));
    const refOf = new Map(
      vdr.components.map((component: { 'bom-ref': string; version: string }) => [
        component['bom-ref'],
        component.version,
      ]),
    );
    assert.equal(vdr.vulnerabilities.length, 2, 'GHSA-mhpp-875w-9cpv for each version');
    for (const vulnerability of vdr.vulnerabilities) {
      const [affect] = vulnerability.affects;
      assert.equal(refOf.get(affect.ref), affect.versions[0].version, `${vulnerability.id} → ${affect.ref}`);
    }
    assert.ok(
      vdr.vulnerabilities.some(
        (vulnerability: { affects: { versions: { version: string }[] }[] }) =>
          vulnerability.affects[0]?.versions[0]?.version === '2.3.0',
      ),
      'jquery 2.3.0 is scanned too',
    );
  });
  it('adds the finding’s own severity as a rating when a merged advisory’s rating exceeds every vector', async () => {
    const [first] = report.findings;
    assert.ok(first, 'the fixture has findings');
    const vector = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N'; // 5.3 medium
    const finding: ScanFinding = {
      ...first,
      severity: 'high', // from an alias rated HIGH by its database, without a vector
      score: 5.3,
      cvss: [{ version: '3.1', vector, score: 5.3 }],
      suppressed: null,
    };
    const merged = { ...report, findings: [finding] };
    const text = renderCycloneDxVdr(merged, { sbom, timestamp: new Date(0) });
    assert.deepEqual(JSON.parse(text).vulnerabilities[0].ratings, [
      { score: 5.3, severity: 'medium', method: 'CVSSv31', vector },
      { severity: 'high' },
    ]);
    assert.deepEqual((await validateSbom('vdr.json', Buffer.from(text))).errors, []);
    // When a vector gives the finding's severity, the vectors alone rate it.
    const rated = { ...merged, findings: [{ ...finding, severity: 'medium' as const }] };
    const vdr = JSON.parse(renderCycloneDxVdr(rated, { sbom, timestamp: new Date(0) }));
    assert.deepEqual(vdr.vulnerabilities[0].ratings, [
      { score: 5.3, severity: 'medium', method: 'CVSSv31', vector },
    ]);
  });
  it('leaves out hashes under an algorithm named like an Object.prototype member, without failing', async () => {
    const odd = {
      ...sbom,
      root: undefined,
      components: [
        {
          bomRef: 'jquery',
          name: 'jquery',
          version: '2.2.4',
          purl: 'pkg:npm/jquery@2.2.4',
          type: 'library',
          licenses: [],
          hashes: { toString: '00', valueOf: '00', 'SHA-1': 'a'.repeat(40) },
        },
      ],
    };
    const scanned = scanSbom({ sbom: odd, sourcePath: 'x', advisories, database: report.database });
    const text = renderCycloneDxVdr(scanned, { sbom: odd, timestamp: new Date(0) });
    assert.deepEqual(JSON.parse(text).components[0].hashes, [{ alg: 'SHA-1', content: 'a'.repeat(40) }]);
    assert.deepEqual((await validateSbom('vdr.json', Buffer.from(text))).errors, []);
  });
  it('validates for SBOMs of every input format (SPDX 2.3 example, CycloneDX XML)', async () => {
    for (const path of [
      corpusPath('sbom', 'spdx', 'SPDXJSONExample-v2.3.spdx.json'),
      corpusPath('sbom', 'cyclonedx', 'real', 'cern-lhc-vdm-editor-e564943', 'bom.xml'),
      corpusPath('sbom', 'cyclonedx', 'real', 'dropwizard-1.3.15', 'bom.json'),
    ]) {
      const input = await readSbom(path, readFileSync(path));
      const scanned = scanSbom({ sbom: input, sourcePath: path, advisories, database: report.database });
      const vdr = renderCycloneDxVdr(scanned, { sbom: input, timestamp: new Date(0) });
      const validation = await validateSbom(path, Buffer.from(vdr));
      assert.deepEqual(validation.errors.slice(0, 5), [], path);
    }
  });
});
