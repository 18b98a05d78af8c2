import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SbomComponent, SbomDocument } from '../sbom/read/sbom-document.js';
import { memoryAdvisorySource } from './match/advisory-source.js';
import type { OsvAdvisory } from './osv/osv-types.js';
import type { ScanFinding } from './report/scan-report.js';
import { findingsAtOrAbove, scanSbom } from './scan.js';

function component(purl: string | undefined, name: string, version?: string, bomRef?: string): SbomComponent {
  return {
    name,
    type: 'library',
    licenses: [],
    hashes: {},
    ...(purl ? { purl } : {}),
    ...(version ? { version } : {}),
    ...(bomRef ? { bomRef } : {}),
  };
}

function sbom(...components: SbomComponent[]): SbomDocument {
  return { format: 'cyclonedx-json', specVersion: '1.6', components };
}

function advisory(
  id: string,
  fields: Partial<OsvAdvisory> & { package?: [string, string]; events?: Record<string, string>[] },
): OsvAdvisory {
  const [ecosystem, name] = fields.package ?? ['npm', 'left-pad'];
  return {
    id,
    modified: '2024-01-01T00:00:00Z',
    affected: [
      {
        package: { ecosystem, name },
        ranges: [{ type: 'SEMVER', events: fields.events ?? [{ introduced: '0' }, { fixed: '2.0.0' }] }],
      },
    ],
    ...fields,
  };
}

const database = { path: 'memory', advisories: 0 };

function scan(document: SbomDocument, advisories: OsvAdvisory[]) {
  return scanSbom({
    sbom: document,
    sourcePath: 'bom.json',
    advisories: memoryAdvisorySource(advisories),
    database,
  });
}

describe('scanSbom', () => {
  describe('when advisories alias each other', () => {
    const ghsa = advisory('GHSA-aaaa-bbbb-cccc', {
      package: ['PyPI', 'demo'],
      aliases: ['CVE-2024-0001'],
      summary: 'from GitHub',
      events: [{ introduced: '0' }, { fixed: '1.5' }],
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      references: [{ type: 'ADVISORY', url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc' }],
    });
    const pysec = advisory('PYSEC-2024-1', {
      package: ['PyPI', 'Demo'],
      aliases: ['CVE-2024-0001'],
      events: [{ introduced: '0' }, { fixed: '1.4' }],
      references: [{ type: 'WEB', url: 'https://example.org/demo' }],
    });
    const report = scan(sbom(component('pkg:pypi/demo@1.0', 'demo', '1.0', 'demo-ref')), [ghsa, pysec]);

    it('reports one finding, under the ecosystem database id (PYSEC before GHSA)', () => {
      assert.equal(report.findings.length, 1);
      assert.equal(report.findings[0]?.id, 'PYSEC-2024-1');
      assert.deepEqual(report.findings[0]?.aliases, ['GHSA-aaaa-bbbb-cccc', 'CVE-2024-0001']);
    });
    it('takes the worst severity and every reference and fix of the merged advisories', () => {
      const finding = report.findings[0] as ScanFinding;
      assert.equal(finding.severity, 'critical');
      assert.equal(finding.score, 9.8);
      assert.deepEqual(finding.fixedVersions, ['1.4', '1.5']);
      assert.deepEqual(finding.references, [
        'https://example.org/demo',
        'https://github.com/advisories/GHSA-aaaa-bbbb-cccc',
      ]);
      assert.equal(finding.summary, 'from GitHub', 'the first summary there is, as PYSEC has none');
      assert.equal(finding.package.bomRef, 'demo-ref');
    });
    it('merges transitively (A aliases C, B aliases C)', () => {
      const third = advisory('OSV-2024-9', { package: ['PyPI', 'demo'], aliases: ['GHSA-aaaa-bbbb-cccc'] });
      const merged = scan(sbom(component('pkg:pypi/demo@1.0', 'demo', '1.0')), [ghsa, pysec, third]);
      assert.equal(merged.findings.length, 1);
      assert.ok(merged.findings[0]?.aliases.includes('OSV-2024-9'), 'the third id is an alias');
    });
    it('keeps advisories that do not declare an alias apart', () => {
      const other = advisory('GHSA-zzzz-zzzz-zzzz', { package: ['PyPI', 'demo'] });
      assert.equal(
        scan(sbom(component('pkg:pypi/demo@1.0', 'demo', '1.0')), [ghsa, other]).findings.length,
        2,
      );
    });
  });

  describe('when an advisory is withdrawn', () => {
    it('is not reported even if a source returns it', () => {
      const withdrawn = advisory('GHSA-wwww-wwww-wwww', { withdrawn: '2024-02-01T00:00:00Z' });
      const source = { advisoriesFor: () => [withdrawn] };
      const report = scanSbom({
        sbom: sbom(component('pkg:npm/left-pad@1.0.0', 'left-pad', '1.0.0')),
        sourcePath: 'x',
        advisories: source,
        database,
      });
      assert.deepEqual(report.findings, []);
    });
  });

  describe('when an npm package has a legacy mixed-case name (ETag, distinct from etag)', () => {
    const forETag = advisory('GHSA-eeee-eeee-eeee', { package: ['npm', 'ETag'] });
    const forEtag = advisory('GHSA-ffff-ffff-ffff', { package: ['npm', 'etag'] });
    it('matches the ETag advisory when the PURL was lowercased but the component name was not', () => {
      const report = scan(sbom(component('pkg:npm/etag@1.0.0', 'ETag', '1.0.0')), [forETag, forEtag]);
      assert.deepEqual(
        report.findings.map((finding) => [finding.id, finding.package.name]),
        [['GHSA-eeee-eeee-eeee', 'ETag']],
      );
    });
    it('matches the ETag advisory when the PURL keeps the case', () => {
      const report = scan(sbom(component('pkg:npm/ETag@1.0.0', 'ETag', '1.0.0')), [forETag, forEtag]);
      assert.deepEqual(
        report.findings.map((finding) => finding.id),
        ['GHSA-eeee-eeee-eeee'],
      );
    });
    it('still matches the lowercase package as itself', () => {
      const report = scan(sbom(component('pkg:npm/etag@1.0.0', 'etag', '1.0.0')), [forETag, forEtag]);
      assert.deepEqual(
        report.findings.map((finding) => finding.id),
        ['GHSA-ffff-ffff-ffff'],
      );
    });
  });

  describe('when an SBOM repeats a bom-ref for two versions of a package', () => {
    it('scans both versions: the vulnerable one is not hidden behind the first', () => {
      const report = scan(
        sbom(
          component('pkg:npm/left-pad@2.1.0', 'left-pad', '2.1.0', 'left-pad'),
          component('pkg:npm/left-pad@1.0.0', 'left-pad', '1.0.0', 'left-pad'),
        ),
        [advisory('GHSA-1111-2222-3333', {})],
      );
      assert.deepEqual(
        report.findings.map((finding) => finding.package.version),
        ['1.0.0'],
      );
      assert.equal(report.summary.components, 2);
    });
  });

  describe('when one advisory has entries for several packages (OSV "IsVulnerable": affected.package == pkg)', () => {
    // The npm entry is fixed in 2.0.0; the entries for another ecosystem and another package of the same
    // name or ecosystem affect every version. Only the component's own entry may decide.
    const shared: OsvAdvisory = {
      id: 'GHSA-mmmm-mmmm-mmmm',
      modified: '2024-01-01T00:00:00Z',
      affected: [
        {
          package: { ecosystem: 'npm', name: 'left-pad' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }],
        },
        {
          package: { ecosystem: 'PyPI', name: 'left-pad' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }],
        },
        {
          package: { ecosystem: 'npm', name: 'right-pad' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }],
        },
      ],
    };
    it("evaluates only the entry for the component's ecosystem and name", () => {
      const fixed = scan(sbom(component('pkg:npm/left-pad@3.0.0', 'left-pad', '3.0.0')), [shared]);
      assert.deepEqual(fixed.findings, [], 'a PyPI or right-pad entry matched npm left-pad 3.0.0');
      const affected = scan(sbom(component('pkg:npm/left-pad@1.0.0', 'left-pad', '1.0.0')), [shared]);
      assert.deepEqual(
        affected.findings.map((finding) => [finding.id, finding.affectedRanges, finding.fixedVersions]),
        [
          [
            'GHSA-mmmm-mmmm-mmmm',
            [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }],
            ['2.0.0'],
          ],
        ],
      );
    });
  });

  describe('when an advisory also carries a GIT range', () => {
    it('matches on the SEMVER range and leaves the commit range out of the finding', () => {
      const withGit = advisory('GHSA-gggg-gggg-gggg', {});
      withGit.affected?.[0]?.ranges?.push({
        type: 'GIT',
        repo: 'https://github.com/example/left-pad',
        events: [{ introduced: '0' }, { fixed: 'a'.repeat(40) }],
      });
      const report = scan(sbom(component('pkg:npm/left-pad@1.0.0', 'left-pad', '1.0.0')), [withGit]);
      assert.equal(report.findings.length, 1);
      assert.deepEqual(
        report.findings[0]?.affectedRanges.map((range) => range.type),
        ['SEMVER'],
      );
    });
  });

  describe('when a Go PURL has no version and the component gives it with its v', () => {
    it('reads the version without the v, as a versioned Go PURL gives it', () => {
      const report = scan(sbom(component('pkg:golang/golang.org/x/net', 'golang.org/x/net', 'v0.6.0')), [
        advisory('GO-2023-1571', {
          package: ['Go', 'golang.org/x/net'],
          events: [{ introduced: '0' }, { fixed: '0.7.0' }],
        }),
      ]);
      assert.deepEqual(report.notScanned, []);
      assert.deepEqual(
        report.findings.map((finding) => [finding.id, finding.package.version]),
        [['GO-2023-1571', '0.6.0']],
      );
    });
  });

  describe('when two components share a PURL under different bom-refs (a merged SBOM)', () => {
    it('reports the finding for each bom-ref', () => {
      const report = scan(
        sbom(
          component('pkg:npm/left-pad@1.0.0', 'left-pad', '1.0.0', 'orders|left-pad'),
          component('pkg:npm/left-pad@1.0.0', 'left-pad', '1.0.0', 'billing|left-pad'),
        ),
        [advisory('GHSA-1111-2222-3333', {})],
      );
      assert.deepEqual(report.findings.map((finding) => finding.package.bomRef).sort(), [
        'billing|left-pad',
        'orders|left-pad',
      ]);
      assert.equal(report.summary.components, 2);
    });
  });

  describe('when components cannot be scanned', () => {
    const report = scan(
      sbom(
        component(undefined, 'vendored', '1.0'),
        component('pkg:deb/debian/curl@7.50.3-1', 'curl', '7.50.3-1'),
        component('pkg:composer/laravel/framework@7.12.0', 'framework', '7.12.0'),
        component('pkg:npm/left-pad', 'left-pad'),
        component('pkg:npm/left-pad@not.a.version', 'left-pad', 'not.a.version'),
      ),
      [advisory('GHSA-1111-2222-3333', {})],
    );
    it('lists each with its reason, never dropping one', () => {
      assert.deepEqual(
        report.notScanned.map((entry) => [entry.name, entry.reason]),
        [
          ['curl', 'no OSV ecosystem for PURL type "deb"'],
          ['framework', 'no version ordering for ecosystem Packagist'],
          ['left-pad', 'no version'],
          ['left-pad', 'version "not.a.version" is not a valid npm version'],
          ['vendored', 'no PURL'],
        ],
      );
      assert.equal(report.summary.notScanned, 5);
      assert.equal(report.summary.components, 5);
    });
  });

  describe('when an advisory range cannot be evaluated', () => {
    it('records a warning naming the component and advisory', () => {
      const broken = advisory('GHSA-bbbb-bbbb-bbbb', { events: [{ introduced: '0' }, { fixed: 'x.y' }] });
      const report = scan(sbom(component('pkg:npm/left-pad@1.0.0', 'left-pad', '1.0.0')), [broken]);
      assert.deepEqual(report.findings, []);
      assert.equal(report.warnings?.length, 1);
      assert.equal(report.warnings?.[0]?.advisory, 'GHSA-bbbb-bbbb-bbbb');
      assert.equal(report.warnings?.[0]?.component, 'pkg:npm/left-pad@1.0.0');
      assert.match(report.warnings?.[0]?.message ?? '', /x\.y/);
    });
  });

  describe('ordering and counting', () => {
    const low = advisory('GHSA-llll-llll-llll', {
      package: ['npm', 'b'],
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N' }],
    });
    const high = advisory('GHSA-hhhh-hhhh-hhhh', {
      package: ['npm', 'a'],
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }],
    });
    const none = advisory('GHSA-nnnn-nnnn-nnnn', { package: ['npm', 'a'] });
    const document = sbom(
      component('pkg:npm/b@1.0.0', 'b', '1.0.0', 'b'),
      component('pkg:npm/a@1.0.0', 'a', '1.0.0', 'a'),
      component('pkg:npm/a@1.0.0', 'a', '1.0.0', 'a'),
    );
    const report = scan(document, [low, high, none]);
    it('sorts by severity, then package and id, and scans a repeated component once', () => {
      assert.deepEqual(
        report.findings.map((finding) => `${finding.severity} ${finding.package.name} ${finding.id}`),
        ['high a GHSA-hhhh-hhhh-hhhh', 'low b GHSA-llll-llll-llll', 'unknown a GHSA-nnnn-nnnn-nnnn'],
      );
      assert.equal(report.summary.components, 2);
    });
    it('counts unsuppressed findings per severity', () => {
      assert.deepEqual(report.summary.bySeverity, {
        critical: 0,
        high: 1,
        medium: 0,
        low: 1,
        none: 0,
        unknown: 1,
      });
    });
    it('applies the suppression hook after matching', () => {
      const suppressed = scanSbom({
        sbom: document,
        sourcePath: 'bom.json',
        advisories: memoryAdvisorySource([high]),
        database,
        suppress: (findings) => ({
          findings: findings.map((finding) => ({
            ...finding,
            suppressed: {
              kind: 'ignore',
              status: 'ignored',
              document: 'ignore.yaml',
              statement: '0',
              detail: 'accepted',
            },
          })),
          expiredIgnores: [],
        }),
      });
      assert.equal(suppressed.summary.suppressed, 1);
      assert.equal(suppressed.summary.bySeverity.high, 0);
      assert.deepEqual(findingsAtOrAbove(suppressed, 'low'), []);
    });
  });

  describe('findingsAtOrAbove', () => {
    const report = scan(
      sbom(component('pkg:npm/a@1.0.0', 'a', '1.0.0'), component('pkg:npm/b@1.0.0', 'b', '1.0.0')),
      [
        advisory('GHSA-mmmm-mmmm-mmmm', {
          package: ['npm', 'a'],
          severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:N' }],
        }),
        advisory('GHSA-uuuu-uuuu-uuuu', { package: ['npm', 'b'] }),
      ],
    );
    it('never fails at none (report only)', () => {
      assert.deepEqual(findingsAtOrAbove(report, 'none'), []);
    });
    it('fails at or above the threshold, and on unknown severity at any threshold (fail closed)', () => {
      assert.deepEqual(
        findingsAtOrAbove(report, 'medium')
          .map((finding) => finding.id)
          .sort(),
        ['GHSA-mmmm-mmmm-mmmm', 'GHSA-uuuu-uuuu-uuuu'],
      );
      assert.deepEqual(
        findingsAtOrAbove(report, 'critical').map((finding) => finding.id),
        ['GHSA-uuuu-uuuu-uuuu'],
      );
    });
  });
});
