import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { scanCommand } from '../../src/cli/commands/scan.js';
import { fixedClock } from '../../src/runtime.js';
import { corpusPath } from '../../src/testing/corpus.js';
import { runVeriship } from '../../src/testing/run-cli.js';
import { runCommand } from '../../src/testing/run-command.js';
import { openAdvisoryDatabase } from '../../src/vuln/db/database.js';
import { importAdvisories } from '../../src/vuln/db/import-advisories.js';
import type { ScanFinding, ScanReport } from '../../src/vuln/report/scan-report.js';
import { corpusAdvisoryFiles } from './corpus-advisories.js';

/**
 * End to end: the corpus OSV records imported into a real database, then `veriship scan` on SBOMs made
 * from corpus lockfiles and on a hand-written SBOM of real package versions. Every expected finding below
 * was checked by hand against the record's ranges; the comment beside it says why.
 */
const fixture = join(import.meta.dirname, '__fixtures__', 'mixed-ecosystems.cdx.json');
let directory: string;

before(async () => {
  directory = mkdtempSync(join(tmpdir(), 'veriship-scan-'));
  const database = openAdvisoryDatabase(join(directory, 'db'));
  try {
    await importAdvisories(database, corpusAdvisoryFiles(), {
      clock: fixedClock(new Date('2026-01-01T00:00:00Z')),
    });
  } finally {
    database.close();
  }
});
after(() => rmSync(directory, { recursive: true, force: true }));

async function scanJson(
  target: string,
  ...flags: string[]
): Promise<{ exitCode: number; report: ScanReport; stderr: string }> {
  const run = await runCommand(
    scanCommand,
    [target, '--db', join(directory, 'db'), '--format', 'json', ...flags],
    {
      SOURCE_DATE_EPOCH: '1767225600',
    },
  );
  assert.ok(run.stdout.startsWith('{'), `a JSON report (stderr: ${run.stderr})`);
  return { exitCode: run.exitCode, report: JSON.parse(run.stdout) as ScanReport, stderr: run.stderr };
}

function summary(findings: readonly ScanFinding[]): string[] {
  return findings.map((finding) => `${finding.package.name}@${finding.package.version} ${finding.id}`).sort();
}

function finding(report: ScanReport, id: string): ScanFinding {
  const found = report.findings.find((candidate) => candidate.id === id);
  assert.ok(found, `finding ${id} is reported`);
  return found;
}

describe('veriship scan on corpus lockfiles (poetry-1/gino)', () => {
  let report: ScanReport;
  before(async () => {
    ({ report } = await scanJson(corpusPath('lockfiles', 'poetry-1', 'gino')));
  });
  it('finds exactly the advisories that affect the locked versions', () => {
    assert.deepEqual(summary(report.findings), [
      // aiohttp 3.8.1: PYSEC-2023-250 ECOSYSTEM introduced 0, fixed 3.9.0 → 3.8.1 < 3.9.0.
      'aiohttp@3.8.1 PYSEC-2023-250',
      // py 1.11.0: PYSEC-2022-42969 introduced 0, last_affected 1.11.0 → inclusive, affected.
      'py@1.11.0 PYSEC-2022-42969',
    ]);
  });
  it('does not report the withdrawn PYSEC-2022-43059, although its range (introduced 0) covers aiohttp 3.8.1', () => {
    assert.ok(
      !report.findings.some((candidate) => candidate.id === 'PYSEC-2022-43059'),
      'withdrawn record not matched',
    );
  });
  it('does not report versions past the fix (werkzeug 2.0.3 vs PYSEC-2019-140 fixed 0.15.3; urllib3 1.26.8 vs PYSEC-2019-132 fixed 1.24.3)', () => {
    assert.ok(
      !report.findings.some(
        (candidate) => candidate.package.name === 'werkzeug' || candidate.package.name === 'urllib3',
      ),
      'no finding',
    );
  });
  it('carries the aliases, fixes and references of the record', () => {
    const py = finding(report, 'PYSEC-2022-42969');
    assert.deepEqual(py.aliases, ['GHSA-w596-4wvx-j9j6', 'CVE-2022-42969']);
    assert.deepEqual(py.fixedVersions, [], 'last_affected names no fix');
    assert.equal(py.package.purl, 'pkg:pypi/py@1.11.0');
    const aiohttp = finding(report, 'PYSEC-2023-250');
    assert.deepEqual(aiohttp.fixedVersions, ['3.9.0']);
    assert.ok(aiohttp.references.length > 0, 'references are listed');
    assert.deepEqual(aiohttp.affectedRanges, [
      { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.9.0' }] },
    ]);
  });
});

describe('veriship scan on a hand-written SBOM of real versions', () => {
  let report: ScanReport;
  let stderr: string;
  before(async () => {
    ({ report, stderr } = await scanJson(fixture));
  });
  it('matches Go, crates.io, npm, Maven, RubyGems and PyPI components, merging aliases', () => {
    assert.deepEqual(summary(report.findings), [
      // GHSA-mrrw-grhq-86gf introduced 0.6.0 fixed 0.9.3 and RUSTSEC-2023-0015 introduced 0.6.1-0 fixed
      // 0.9.3: the same flaw, but neither names the other as an alias, so they stay two findings.
      'ascii@0.9.2 GHSA-mrrw-grhq-86gf',
      'ascii@0.9.2 RUSTSEC-2023-0015',
      // akka-actor_2.12 2.5.15: GHSA-mr95-9rr4-668f ECOSYSTEM [2.5.0, 2.5.16).
      'com.typesafe.akka:akka-actor_2.12@2.5.15 GHSA-mr95-9rr4-668f',
      // golang.org/x/net 0.6.0 (v0.6.0 in the PURL): GO-2023-1571 [0, 0.7.0) merged with its alias
      // GHSA-vvpx-j8f3-3w6h; GO-2024-2687 [0, 0.23.0). Not GO-2022-1144 (fixed 0.4.0) nor
      // GO-2023-1495 (fixed 0.1.1-0.20221104162952-702349b0e862).
      'golang.org/x/net@0.6.0 GO-2023-1571',
      'golang.org/x/net@0.6.0 GO-2024-2687',
      // i18next 1.10.2: GHSA-f89g-whpf-6q9m [0, 1.10.3).
      'i18next@1.10.2 GHSA-f89g-whpf-6q9m',
      // jquery 2.2.4: GHSA-mhpp-875w-9cpv [2.1.1-0, 3.0.0).
      'jquery@2.2.4 GHSA-mhpp-875w-9cpv',
      // mixin-deep 2.0.0: GHSA-fhjf-83wg-r2j9 events unsorted, [0, 1.3.2) ∪ [2.0.0, 2.0.1); 1.3.2 is the fix.
      'mixin-deep@2.0.0 GHSA-fhjf-83wg-r2j9',
      // passenger 4.0.2: GHSA-9qj7-jvg4-qr2x [0, 3.0.21) ∪ [4.0.1, 4.0.5).
      'passenger@4.0.2 GHSA-9qj7-jvg4-qr2x',
      // py 1.11.0: PYSEC-2022-42969, last_affected 1.11.0.
      'py@1.11.0 PYSEC-2022-42969',
      // regex 1.5.4: RUSTSEC-2022-0013 [0.0.0-0, 1.5.5) merged with GHSA-m5pq-gvj9-9vr8 [0, 1.5.5).
      'regex@1.5.4 RUSTSEC-2022-0013',
      // time 0.1.45: RUSTSEC-2020-0071 [0.0.0-0, 0.2.0) and GHSA-wcg3-cvx6-7396 [0.1, 0.2] share only
      // CVE-2020-26235: merged through it.
      'time@0.1.45 RUSTSEC-2020-0071',
    ]);
  });
  it('reports merged findings under the ecosystem database id with the union of aliases', () => {
    assert.deepEqual(finding(report, 'GO-2023-1571').aliases, ['GHSA-vvpx-j8f3-3w6h', 'CVE-2022-41723']);
    assert.deepEqual(finding(report, 'RUSTSEC-2022-0013').aliases, ['GHSA-m5pq-gvj9-9vr8', 'CVE-2022-24713']);
    assert.deepEqual(finding(report, 'RUSTSEC-2020-0071').aliases, ['GHSA-wcg3-cvx6-7396', 'CVE-2020-26235']);
  });
  it('lists what it could not scan, with reasons', () => {
    assert.deepEqual(
      report.notScanned.map((entry) => `${entry.name}: ${entry.reason}`),
      [
        'curl: no OSV ecosystem for PURL type "deb"',
        'framework: no version ordering for ecosystem Packagist',
        'vendored-lib: no PURL',
      ],
    );
    assert.equal(report.summary.components, 14);
  });
  it('says on stderr that components were not scanned, whatever the report format', () => {
    assert.match(stderr, /^veriship: warning: 3 of 14 components not scanned /m);
  });
  it('names the input bom-refs', () => {
    assert.equal(finding(report, 'GHSA-mhpp-875w-9cpv').package.bomRef, 'jquery');
  });
});

describe('veriship scan exit codes and thresholds', () => {
  it('exits 0 by default (--fail-on none: report only)', async () => {
    const { exitCode } = await scanJson(fixture);
    assert.equal(exitCode, 0);
  });
  it('exits 1 and names the findings at or above --fail-on', async () => {
    const { exitCode, stderr } = await scanJson(fixture, '--fail-on', 'critical');
    assert.equal(exitCode, 1);
    assert.match(stderr, /at or above --fail-on critical/);
  });
  it('takes the threshold from --config when --fail-on is absent', async () => {
    const config = join(directory, 'veriship.yaml');
    writeFileSync(config, 'scan:\n  failOn: low\n');
    const { exitCode } = await scanJson(fixture, '--config', config);
    assert.equal(exitCode, 1);
  });
  it('suppresses with an ignore file and then passes the gate', async () => {
    const { report: full } = await scanJson(fixture);
    const ignore = join(directory, 'ignore.yaml');
    writeFileSync(
      ignore,
      `ignore:\n${full.findings.map((entry) => `  - id: ${entry.id}\n    reason: accepted in test\n    expires: 2099-01-01\n`).join('')}`,
    );
    const { exitCode, report } = await scanJson(fixture, '--fail-on', 'low', '--ignore', ignore);
    assert.equal(
      report.summary.suppressed,
      full.findings.length,
      report.findings.map((entry) => entry.id).join(),
    );
    assert.equal(exitCode, 0);
  });
  it('suppresses with an OpenVEX statement and keeps the finding, marked, in the report', async () => {
    const vex = join(directory, 'app.openvex.json');
    writeFileSync(
      vex,
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        '@id': 'https://example.com/vex/app-1',
        author: 'Test',
        timestamp: '2025-06-01T00:00:00Z',
        version: 1,
        statements: [
          {
            vulnerability: { name: 'CVE-2016-10707' },
            products: [{ '@id': 'pkg:npm/jquery@2.2.4' }],
            status: 'not_affected',
            justification: 'vulnerable_code_not_in_execute_path',
          },
        ],
      }),
    );
    const { report } = await scanJson(fixture, '--vex', vex);
    // GHSA-mhpp-875w-9cpv aliases CVE-2016-10707: the statement names the CVE, the finding the GHSA.
    const jquery = finding(report, 'GHSA-mhpp-875w-9cpv');
    assert.equal(jquery.suppressed?.kind, 'vex');
    assert.equal(jquery.suppressed?.status, 'not_affected');
    assert.equal(report.summary.suppressed, 1);
  });
  it('exits 3 with a hint when there is no database', async () => {
    const run = await runCommand(scanCommand, [fixture, '--db', join(directory, 'missing')]);
    assert.equal(run.exitCode, 3);
    assert.match(run.stderr, /veriship db (update|import)/);
  });
  it('exits 3 naming the file for an unreadable SBOM', async () => {
    const bad = join(directory, 'bad.json');
    writeFileSync(bad, '{"bomFormat": "CycloneDX", ');
    const run = await runCommand(scanCommand, [bad, '--db', join(directory, 'db')]);
    assert.equal(run.exitCode, 3);
    assert.ok(run.stderr.includes(bad), run.stderr);
  });
  it('exits 2 for an unknown format', async () => {
    const run = await runCommand(scanCommand, [fixture, '--format', 'xml']);
    assert.equal(run.exitCode, 2);
  });
});

describe('veriship scan DIR (registered in the CLI)', () => {
  it('reads the folder as `veriship sbom DIR` does and finds the same advisories as for its SBOM', async () => {
    const folder = corpusPath('lockfiles', 'poetry-1', 'fastapi-realworld');
    const run = await runVeriship(['scan', folder, '--db', join(directory, 'db'), '--format', 'json']);
    assert.equal(run.exitCode, 0, run.stderr);
    const report = JSON.parse(run.stdout) as ScanReport;
    // py 1.11.0 is locked here too: PYSEC-2022-42969 (last_affected 1.11.0).
    assert.deepEqual(summary(report.findings), ['py@1.11.0 PYSEC-2022-42969']);
    assert.equal(report.source, folder);
  });
  it('points SARIF results at the lockfile it read', async () => {
    const folder = corpusPath('lockfiles', 'poetry-1', 'fastapi-realworld');
    const run = await runVeriship(['scan', folder, '--db', join(directory, 'db'), '--format', 'sarif']);
    const log = JSON.parse(run.stdout);
    assert.match(
      log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri,
      /fastapi-realworld\/poetry\.lock$/,
    );
  });
  it('names the lockfile once however the folder is named (relative or absolute)', async () => {
    // Inside the working folder the URI is relative to it (GitHub resolves it against the repository).
    const scratch = mkdtempSync(join(process.cwd(), '.scan-sarif-'));
    try {
      const folder = join(scratch, 'app');
      cpSync(corpusPath('lockfiles', 'poetry-1', 'fastapi-realworld'), folder, { recursive: true });
      const uris: string[] = [];
      for (const target of [
        relative(process.cwd(), folder),
        `./${relative(process.cwd(), folder)}`,
        folder,
      ]) {
        const run = await runVeriship(['scan', target, '--db', join(directory, 'db'), '--format', 'sarif']);
        assert.equal(run.exitCode, 0, run.stderr);
        const log = JSON.parse(run.stdout);
        uris.push(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri);
      }
      const expected = relative(process.cwd(), join(folder, 'poetry.lock')).split(sep).join('/');
      assert.deepEqual(uris, [expected, expected, expected]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
  it('writes the report atomically with -o and says so in --help', async () => {
    const output = join(directory, 'out', 'report.cdx.json');
    const run = await runVeriship([
      'scan',
      fixture,
      '--db',
      join(directory, 'db'),
      '--format',
      'cyclonedx',
      '-o',
      output,
    ]);
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(JSON.parse(readFileSync(output, 'utf8')).specVersion, '1.6');
    const help = await runVeriship(['scan', '--help']);
    assert.match(help.stdout, /--fail-on LEVEL/);
    assert.match(help.stdout, /--format FORMAT/);
  });
  it('is deterministic: the same input gives the same bytes', async () => {
    const args = ['scan', fixture, '--db', join(directory, 'db'), '--format', 'cyclonedx'];
    const first = await runVeriship(args, { SOURCE_DATE_EPOCH: '1767225600' });
    const second = await runVeriship(args, { SOURCE_DATE_EPOCH: '1767225600' });
    assert.equal(first.stdout, second.stdout);
    assert.equal(JSON.parse(first.stdout).metadata.timestamp, '2026-01-01T00:00:00Z');
  });
});
