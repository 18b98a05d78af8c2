import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { nodeFileSystem } from '../../io/file-system.js';
import { corpusPath, hasCorpus } from '../../testing/corpus.js';
import type { ScanFinding } from '../report/scan-report.js';
import { applySuppressions, type Suppressions } from './apply-suppressions.js';
import { parseIgnoreFile } from './ignore-file.js';
import { type LoadSuppressionsOptions, loadSuppressions } from './load-suppressions.js';
import { parseOpenVex } from './openvex.js';

const skip = !hasCorpus() && 'corpus not available';
const now = new Date('2026-01-15T12:00:00Z');

function finding(
  id: string,
  purl: string,
  extra: { aliases?: string[]; bomRef?: string; version?: string } = {},
): ScanFinding {
  return {
    id,
    aliases: extra.aliases ?? [],
    package: {
      name: purl.replace(/^pkg:[^/]+\/(?:.*\/)?([^@?#]+).*$/, '$1'),
      ecosystem: 'test',
      purl,
      version: extra.version ?? decodeURIComponent(purl.match(/@([^?#]+)/)?.[1] ?? ''),
      ...(extra.bomRef === undefined ? {} : { bomRef: extra.bomRef }),
    },
    severity: 'high',
    score: 7.5,
    cvss: [],
    summary: '',
    affectedRanges: [],
    fixedVersions: [],
    references: [],
    suppressed: null,
  };
}

const vex = (...segments: string[]) => corpusPath('vex', ...segments);

async function load(options: LoadSuppressionsOptions): Promise<Suppressions> {
  return loadSuppressions(options, nodeFileSystem);
}

function only(findings: ScanFinding[]): ScanFinding {
  assert.equal(findings.length, 1);
  return findings[0] as ScanFinding;
}

const alpine = 'pkg:oci/alpine@sha256%3A124c7d2707904eea7431fffe91522a01e5a861a624ee31d03372cc1d138a3126';

describe('OpenVEX products and subcomponents (go-vex v0.2.0.json)', { skip }, () => {
  const file = vex('openvex', 'go-vex', 'v0.2.0.json');

  it('suppresses a subcomponent finding in the named image, with status, justification and statement', async () => {
    const suppressions = await load({ vexFiles: [file], product: alpine });
    const result = applySuppressions(
      [finding('CVE-2023-3446', 'pkg:apk/alpine/libssl3@3.0.8-r3?arch=x86_64')],
      suppressions,
      now,
    );
    assert.deepEqual(only(result.findings).suppressed, {
      kind: 'vex',
      status: 'not_affected',
      justification: 'vulnerable_code_not_present',
      detail: 'affected functions were removed before packaging',
      document: file,
      statement: 'statements[3]',
    });
  });

  it('finds the statement by an alias of the finding', async () => {
    const suppressions = await load({ vexFiles: [file], product: alpine });
    const result = applySuppressions(
      [finding('GHSA-aaaa-bbbb-cccc', 'pkg:apk/alpine/libcrypto3@3.0.8-r3', { aliases: ['CVE-2023-1255'] })],
      suppressions,
      now,
    );
    assert.equal(only(result.findings).suppressed?.status, 'fixed');
  });

  it('does not apply to the same packages in another image, or when the scanner names no product', async () => {
    const other = 'pkg:oci/alpine@sha256%3A0000000000000000000000000000000000000000000000000000000000000000';
    for (const product of [other, undefined]) {
      const suppressions = await load({ vexFiles: [file], ...(product ? { product } : {}) });
      const result = applySuppressions(
        [finding('CVE-2023-3446', 'pkg:apk/alpine/libssl3@3.0.8-r3')],
        suppressions,
        now,
      );
      assert.equal(only(result.findings).suppressed, null, `product ${product}`);
    }
  });

  it('does not apply to another version of the subcomponent, nor to another vulnerability', async () => {
    const suppressions = await load({ vexFiles: [file], product: alpine });
    const result = applySuppressions(
      [
        finding('CVE-2023-3446', 'pkg:apk/alpine/libssl3@3.1.0-r0'),
        finding('CVE-2024-0001', 'pkg:apk/alpine/libssl3@3.0.8-r3'),
      ],
      suppressions,
      now,
    );
    assert.deepEqual(
      result.findings.map((item) => item.suppressed),
      [null, null],
    );
  });
});

describe('precedence: the latest statement wins', { skip }, () => {
  it('within a document, an undated statement inherits the later document timestamp (sample-history)', async () => {
    const file = vex('openvex', 'vexctl', 'sample-history.openvex.json');
    const nginx = 'pkg:oci/nginx@sha256%3A13d22ec63300e16014d4a42aed735207a8b33c223cff19627dd3042e5a10a3a0';
    const suppressions = await load({ vexFiles: [file], product: nginx });
    const result = applySuppressions(
      [finding('CVE-2023-27103', 'pkg:deb/debian/libde265@1.0.11-1')],
      suppressions,
      now,
    );
    // statements[0] is dated 2023-08-15; statements[1] inherits the document's 2023-08-16.
    assert.equal(only(result.findings).suppressed?.statement, 'statements[1]');
    assert.equal(only(result.findings).suppressed?.justification, 'component_not_present');
  });

  for (const [name, files] of [
    ['vexctl document1 then document2', ['document1.vex.json', 'document2.vex.json']],
    ['vexctl document2 then document1', ['document2.vex.json', 'document1.vex.json']],
  ] as const) {
    it(`across documents, a later fixed overrides an earlier under_investigation (${name})`, async () => {
      const suppressions = await load({ vexFiles: files.map((name) => vex('openvex', 'vexctl', name)) });
      const result = applySuppressions(
        [finding('CVE-1234-5678', 'pkg:apk/wolfi/bash@1.0.0')],
        suppressions,
        now,
      );
      assert.equal(only(result.findings).suppressed?.status, 'fixed');
      assert.equal(
        only(result.findings).suppressed?.document,
        vex('openvex', 'vexctl', 'document2.vex.json'),
      );
    });
  }

  it('across legacy documents too (go-vex v001-1 under_investigation, v001-2 fixed)', async () => {
    for (const order of [
      ['v001-1.vex.json', 'v001-2.vex.json'],
      ['v001-2.vex.json', 'v001-1.vex.json'],
    ]) {
      const suppressions = await load({ vexFiles: order.map((name) => vex('openvex', 'go-vex', name)) });
      const result = applySuppressions(
        [finding('CVE-1234-5678', 'pkg:apk/wolfi/bash@1.0.0')],
        suppressions,
        now,
      );
      assert.equal(only(result.findings).suppressed?.status, 'fixed', order.join(' then '));
    }
  });

  it('a later affected statement overrules an earlier not_affected', () => {
    const document = (timestamp: string, statement: Record<string, unknown>) =>
      parseOpenVex(
        {
          '@context': 'https://openvex.dev/ns/v0.2.0',
          '@id': `https://example.com/vex/${timestamp}`,
          author: 'test',
          timestamp,
          version: 1,
          statements: [
            {
              vulnerability: { name: 'CVE-2024-1' },
              products: [{ '@id': 'pkg:npm/left-pad@1.0.0' }],
              ...statement,
            },
          ],
        },
        `vex-${timestamp}.json`,
      ).statements;
    const notAffected = document('2024-01-01T00:00:00Z', {
      status: 'not_affected',
      justification: 'vulnerable_code_not_in_execute_path',
    });
    const affected = document('2024-02-01T00:00:00Z', { status: 'affected', action_statement: 'upgrade' });
    const sameTimeAffected = document('2024-01-01T00:00:00Z', {
      status: 'affected',
      action_statement: 'upgrade',
    });
    const check = (lists: (typeof notAffected)[]) => {
      const statements = lists.flat().map((statement, order) => ({ ...statement, order }));
      const suppressions: Suppressions = { statements, ignores: [], warnings: [] };
      return only(
        applySuppressions([finding('CVE-2024-1', 'pkg:npm/left-pad@1.0.0')], suppressions, now).findings,
      ).suppressed;
    };
    assert.equal(check([notAffected])?.status, 'not_affected');
    assert.equal(check([notAffected, affected]), null);
    assert.equal(check([affected, notAffected]), null);
    // Same timestamp: the non-suppressing statement wins whatever the order (fail safe).
    assert.equal(check([notAffected, sameTimeAffected]), null);
    assert.equal(check([sameTimeAffected, notAffected]), null);
  });
});

describe('CycloneDX VEX (CycloneDX/bom-examples VEX)', { skip }, () => {
  const bom = JSON.parse(readFileSync(vex('cyclonedx-vex', 'bom.json'), 'utf8')) as {
    serialNumber: string;
    version: number;
    components: { 'bom-ref': string; purl: string; name: string }[];
  };
  const databind = bom.components.find((component) => component.name === 'jackson-databind');
  assert.ok(databind, 'bom.json lists jackson-databind');
  const databindFinding = finding('GHSA-288c-cq4h-88gq', databind.purl, {
    aliases: ['CVE-2020-25649'],
    bomRef: databind['bom-ref'],
  });

  it('applies a BOM-Link to the BOM it names (serial and version), by bom-ref', async () => {
    const suppressions = await load({
      vexFiles: [vex('cyclonedx-vex', 'vex.json')],
      product: { serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79', version: 1 },
    });
    const suppressed = only(applySuppressions([databindFinding], suppressions, now).findings).suppressed;
    assert.equal(suppressed?.kind, 'vex');
    assert.equal(suppressed?.status, 'not_affected');
    assert.equal(suppressed?.justification, 'code_not_reachable');
    assert.equal(suppressed?.statement, 'vulnerabilities[0]');
    assert.match(suppressed?.detail ?? '', /not reachable/);
  });

  it('does not apply it to bom.json, whose serial number is not the one the BOM-Link names', async () => {
    const suppressions = await load({
      vexFiles: [vex('cyclonedx-vex', 'vex.json')],
      product: { serialNumber: bom.serialNumber, version: bom.version },
    });
    assert.equal(only(applySuppressions([databindFinding], suppressions, now).findings).suppressed, null);
  });

  for (const index of [1, 2, 3]) {
    it(`Case-6: the VEX names three products by BOM-Link; bom-${index}.json's findings are suppressed`, async () => {
      const product = JSON.parse(
        readFileSync(vex('cyclonedx-vex', 'Use-Cases', 'Case-6', `bom-${index}.json`), 'utf8'),
      );
      const suppressions = await load({
        vexFiles: [vex('cyclonedx-vex', 'Use-Cases', 'Case-6', 'vex.json')],
        product: {
          serialNumber: product.serialNumber,
          version: product.version,
          bomRef: product.metadata.component['bom-ref'],
        },
      });
      const result = applySuppressions(
        [finding('CVE-2020-25649', 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0')],
        suppressions,
        now,
      );
      assert.equal(only(result.findings).suppressed?.status, 'not_affected');
    });
  }

  const productCases = [
    ['Use-Cases/Case-1/vex.json', 'acme-product', 'not_affected'],
    ['Use-Cases/Case-2/vex.json', 'acme-product', null],
    ['Use-Cases/Case-3/vex.json', 'acme-product', null],
    ['CISA-Use-Cases/Case-1/vex-not_affected.json', 'product-ABC', 'not_affected'],
    ['CISA-Use-Cases/Case-1/vex-fixed.json', 'product-DEF', 'resolved'],
    ['CISA-Use-Cases/Case-1/vex-affected.json', 'product-DEF', null],
    ['CISA-Use-Cases/Case-1/vex-under_investigation.json', 'product-GHI', null],
  ] as const;
  for (const [file, rootBomRef, status] of productCases) {
    it(`${file}: a statement about the product ${status ? `suppresses as ${status}` : 'does not suppress'}`, async () => {
      const document = JSON.parse(readFileSync(vex('cyclonedx-vex', file), 'utf8'));
      const id = document.vulnerabilities[0].id as string;
      const suppressions = await load({
        vexFiles: [vex('cyclonedx-vex', file)],
        product: { bomRef: rootBomRef },
      });
      const result = applySuppressions(
        [finding(id, 'pkg:maven/org.example/component@1.0.0')],
        suppressions,
        now,
      );
      assert.equal(only(result.findings).suppressed?.status ?? null, status);
    });
  }

  it('CISA Case-2: every one of the 19 Ripple20 CVEs is suppressed in product-ABC, nothing else', async () => {
    const file = vex('cyclonedx-vex', 'CISA-Use-Cases', 'Case-2', 'vex.json');
    const document = JSON.parse(readFileSync(file, 'utf8'));
    const ids = (document.vulnerabilities as { id: string }[]).map((vulnerability) => vulnerability.id);
    const suppressions = await load({ vexFiles: [file], product: { bomRef: 'product-ABC' } });
    const findings = [...ids, 'CVE-2021-44228'].map((id) => finding(id, 'pkg:generic/treck-tcpip@6.0.1'));
    const result = applySuppressions(findings, suppressions, now);
    assert.equal(
      result.findings.filter((item) => item.suppressed?.status === 'not_affected').length,
      ids.length,
    );
    assert.equal(result.findings.at(-1)?.suppressed, null);
    assert.ok(ids.length >= 19, `${ids.length} vulnerabilities`);
  });

  for (const caseName of ['Case-4', 'Case-5']) {
    it(`${caseName}: statements limited to vers ranges do not suppress and are reported`, async () => {
      const file = vex('cyclonedx-vex', 'Use-Cases', caseName, 'vex.json');
      const suppressions = await load({ vexFiles: [file], product: { bomRef: 'acme-product' } });
      const result = applySuppressions(
        [finding('CVE-2020-25649', 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0')],
        suppressions,
        now,
      );
      assert.equal(only(result.findings).suppressed, null);
      assert.ok(
        suppressions.warnings.some(
          (warning) => warning.file === file && /not evaluated/.test(warning.message),
        ),
        JSON.stringify(suppressions.warnings),
      );
    });
  }
});

describe('ignore entries', () => {
  const ignoreText = [
    'ignore:',
    '  - id: CVE-2024-1111',
    '    package: pkg:npm/lodash',
    '    reason: build-time only',
    '    expires: 2026-06-30',
    '  - id: GHSA-old0-0000-0000',
    '    reason: waiting for upstream',
    '    expires: 2025-12-31',
    '  - id: CVE-2024-2222',
    '    reason: accepted risk',
    '    expires: 2026-01-15T12:00:00Z',
  ].join('\n');
  const ignores = parseIgnoreFile(ignoreText, '.veriship-ignore.yaml');
  const suppressions: Suppressions = { statements: [], ignores, warnings: [] };

  it('suppress by id or alias and package pattern (any version), until they expire', () => {
    const result = applySuppressions(
      [
        finding('GHSA-lodash-0000-0000', 'pkg:npm/lodash@4.17.20', { aliases: ['CVE-2024-1111'] }),
        finding('CVE-2024-1111', 'pkg:npm/underscore@1.0.0'),
        finding('GHSA-old0-0000-0000', 'pkg:npm/a@1.0.0'),
        finding('CVE-2024-2222', 'pkg:npm/b@1.0.0'),
      ],
      suppressions,
      now,
    );
    assert.deepEqual(result.findings[0]?.suppressed, {
      kind: 'ignore',
      status: 'ignored',
      detail: 'build-time only',
      document: '.veriship-ignore.yaml',
      statement: 'ignore[0]',
      expires: '2026-06-30T00:00:00.000Z',
    });
    assert.equal(result.findings[1]?.suppressed, null, 'another package');
    assert.equal(result.findings[2]?.suppressed, null, 'expired on 2025-12-31');
    assert.equal(result.findings[3]?.suppressed, null, 'expires exactly now');
  });

  it('list every expired entry, sorted by id', () => {
    const result = applySuppressions([], suppressions, now);
    assert.deepEqual(result.expiredIgnores, [
      {
        id: 'CVE-2024-2222',
        reason: 'accepted risk',
        expires: '2026-01-15T12:00:00.000Z',
        file: '.veriship-ignore.yaml',
      },
      {
        id: 'GHSA-old0-0000-0000',
        reason: 'waiting for upstream',
        expires: '2025-12-31T00:00:00.000Z',
        file: '.veriship-ignore.yaml',
      },
    ]);
    const earlier = applySuppressions([], suppressions, new Date('2025-06-01T00:00:00Z'));
    assert.deepEqual(earlier.expiredIgnores, []);
  });

  it('VEX comes first; an ignore entry still accepts a finding VEX calls affected', () => {
    const statements = [
      ...parseOpenVex(
        {
          '@context': 'https://openvex.dev/ns/v0.2.0',
          '@id': 'https://example.com/vex/2',
          author: 'test',
          timestamp: '2024-01-01T00:00:00Z',
          version: 1,
          statements: [
            {
              vulnerability: { name: 'CVE-2024-1111' },
              products: [{ '@id': 'pkg:npm/lodash@4.17.20' }],
              status: 'not_affected',
              justification: 'vulnerable_code_not_in_execute_path',
            },
            {
              vulnerability: { name: 'CVE-2024-1111' },
              products: [{ '@id': 'pkg:npm/lodash@4.17.21' }],
              status: 'affected',
              action_statement: 'upgrade to 4.17.22',
            },
          ],
        },
        'vex.json',
      ).statements,
    ].map((statement, order) => ({ ...statement, order }));
    const result = applySuppressions(
      [
        finding('CVE-2024-1111', 'pkg:npm/lodash@4.17.20'),
        finding('CVE-2024-1111', 'pkg:npm/lodash@4.17.21'),
      ],
      { statements, ignores, warnings: [] },
      now,
    );
    assert.equal(result.findings[0]?.suppressed?.kind, 'vex');
    assert.equal(result.findings[1]?.suppressed?.kind, 'ignore');
  });
});

describe('fixed needs a version', () => {
  it('a fixed statement for a version-less PURL does not suppress; a versioned one does', () => {
    const statements = parseOpenVex(
      {
        '@context': 'https://openvex.dev/ns/v0.2.0',
        '@id': 'https://example.com/vex/3',
        author: 'test',
        timestamp: '2024-01-01T00:00:00Z',
        version: 1,
        statements: [
          { vulnerability: { name: 'CVE-2024-3' }, products: [{ '@id': 'pkg:npm/a' }], status: 'fixed' },
          {
            vulnerability: { name: 'CVE-2024-4' },
            products: [{ '@id': 'pkg:npm/a@2.0.0' }],
            status: 'fixed',
          },
        ],
      },
      'fixed.json',
    ).statements.map((statement, order) => ({ ...statement, order }));
    const result = applySuppressions(
      [finding('CVE-2024-3', 'pkg:npm/a@2.0.0'), finding('CVE-2024-4', 'pkg:npm/a@2.0.0')],
      { statements, ignores: [], warnings: [] },
      now,
    );
    assert.equal(result.findings[0]?.suppressed, null);
    assert.equal(result.findings[1]?.suppressed?.status, 'fixed');
  });
});
