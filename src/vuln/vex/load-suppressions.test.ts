import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { InputError } from '../../errors.js';
import { type FileSystem, fileReadError } from '../../io/file-system.js';
import { corpusPath, hasCorpus } from '../../testing/corpus.js';
import type { ScanFinding } from '../report/scan-report.js';
import { applySuppressions } from './apply-suppressions.js';
import { parseBomLink } from './cyclonedx-vex.js';
import { loadSuppressions } from './load-suppressions.js';
import { VexError, type VexErrorCode } from './vex-error.js';

/** Files in memory: the loader's only access to disk is the injected FileSystem. */
function memoryFileSystem(files: Record<string, string | Buffer>): FileSystem {
  return {
    async readFile(path) {
      const content = files[path];
      if (content === undefined)
        throw fileReadError(path, Object.assign(new Error('absent'), { code: 'ENOENT' }));
      return Buffer.from(content);
    },
    async readDirectory() {
      return [];
    },
    async kind(path) {
      return path in files ? 'file' : 'missing';
    },
  };
}

const cycloneDx = (vulnerabilities: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, vulnerabilities, ...extra });

async function rejectsWith(files: Record<string, string | Buffer>, code: VexErrorCode, pattern: RegExp) {
  const [file] = Object.keys(files);
  await assert.rejects(
    loadSuppressions({ vexFiles: [file as string] }, memoryFileSystem(files)),
    (error: unknown) => {
      assert.ok(error instanceof VexError, `a VexError, not ${String(error)}`);
      assert.equal(error.code, code);
      assert.equal(error.category, 'invalid-input');
      assert.equal(error.file, file);
      assert.match(error.message, pattern);
      return true;
    },
  );
}

function finding(id: string, purl: string, version: string, bomRef?: string): ScanFinding {
  return {
    id,
    aliases: [],
    package: { name: 'x', ecosystem: 'npm', purl, version, ...(bomRef ? { bomRef } : {}) },
    severity: 'high',
    score: null,
    cvss: [],
    summary: '',
    affectedRanges: [],
    fixedVersions: [],
    references: [],
    suppressed: null,
  };
}

describe('loadSuppressions: bad input is rejected naming the file', () => {
  it('rejects a file that is not JSON', async () => {
    await rejectsWith({ 'broken.json': '{"@context": ' }, 'VEX_MALFORMED', /not valid JSON/);
  });

  it('rejects JSON that is no VEX format', async () => {
    await rejectsWith({ 'other.json': '{"hello": "world"}' }, 'VEX_UNSUPPORTED', /neither OpenVEX/);
  });

  it('rejects non-UTF-8 bytes', async () => {
    await rejectsWith({ 'latin1.json': Buffer.from([0x7b, 0xe9, 0x7d]) }, 'VEX_MALFORMED', /not UTF-8/);
  });

  it('rejects a CycloneDX document the official schema rejects (unknown analysis state)', async () => {
    const document = cycloneDx([
      { id: 'CVE-1', analysis: { state: 'not_exploitable' }, affects: [{ ref: 'a' }] },
    ]);
    await rejectsWith(
      { 'cdx.json': document },
      'VEX_MALFORMED',
      /not valid CycloneDX 1\.6: \/vulnerabilities\/0\/analysis\/state/,
    );
  });

  it('rejects a CycloneDX version without VEX analysis, and a CycloneDX SBOM without vulnerabilities', async () => {
    await rejectsWith(
      { 'old.json': JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.3', version: 1 }) },
      'VEX_UNSUPPORTED',
      /specVersion "1\.3"/,
    );
    await rejectsWith(
      { 'sbom.json': JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1 }) },
      'VEX_MALFORMED',
      /\/vulnerabilities: is missing/,
    );
  });

  it('reports a file it cannot read as an input error', async () => {
    await assert.rejects(
      loadSuppressions({ vexFiles: ['missing.json'] }, memoryFileSystem({})),
      (error: unknown) =>
        error instanceof InputError && error.code === 'INPUT_NOT_FOUND' && error.file === 'missing.json',
    );
    await assert.rejects(
      loadSuppressions({ vexFiles: [], ignoreFile: '.veriship-ignore.yaml' }, memoryFileSystem({})),
      (error: unknown) => error instanceof InputError && error.file === '.veriship-ignore.yaml',
    );
  });

  it('rejects the ignore file when an entry has no expiry', async () => {
    const files = { 'ignore.yaml': 'ignore:\n  - id: CVE-1\n    reason: r\n' };
    await assert.rejects(
      loadSuppressions({ vexFiles: [], ignoreFile: 'ignore.yaml' }, memoryFileSystem(files)),
      (error: unknown) => error instanceof VexError && error.code === 'VEX_IGNORE_FILE_INVALID',
    );
  });
});

describe('CycloneDX VEX details', () => {
  it('a not_affected with neither justification nor detail does not suppress, with a warning', async () => {
    const files = {
      'vex.json': cycloneDx([
        { id: 'CVE-1', analysis: { state: 'not_affected' }, affects: [{ ref: 'pkg:npm/a@1.0.0' }] },
      ]),
    };
    const suppressions = await loadSuppressions({ vexFiles: ['vex.json'] }, memoryFileSystem(files));
    const result = applySuppressions(
      [finding('CVE-1', 'pkg:npm/a@1.0.0', '1.0.0', 'pkg:npm/a@1.0.0')],
      suppressions,
      new Date(),
    );
    assert.equal(result.findings[0]?.suppressed, null);
    assert.match(
      suppressions.warnings[0]?.message ?? '',
      /without a justification or detail does not suppress/,
    );
  });

  it('exact affects versions limit the statement; a plain ref resolves to the VEX component PURL', async () => {
    const files = {
      'vex.json': cycloneDx(
        [
          {
            'bom-ref': 'vuln-1',
            id: 'CVE-2',
            references: [{ id: 'GHSA-2222-2222-2222', source: { name: 'GitHub' } }],
            analysis: { state: 'false_positive', lastUpdated: '2024-05-01T00:00:00Z' },
            affects: [{ ref: 'component-a', versions: [{ version: '1.0.0', status: 'unaffected' }] }],
          },
        ],
        { components: [{ type: 'library', name: 'a', 'bom-ref': 'component-a', purl: 'pkg:npm/a' }] },
      ),
    };
    const suppressions = await loadSuppressions({ vexFiles: ['vex.json'] }, memoryFileSystem(files));
    const result = applySuppressions(
      [
        finding('GHSA-2222-2222-2222', 'pkg:npm/a@1.0.0', '1.0.0'),
        finding('CVE-2', 'pkg:npm/a@1.0.1', '1.0.1'),
      ],
      suppressions,
      new Date(),
    );
    assert.deepEqual(result.findings[0]?.suppressed, {
      kind: 'vex',
      status: 'false_positive',
      document: 'vex.json',
      statement: 'vuln-1',
    });
    assert.equal(result.findings[1]?.suppressed, null);
  });

  it('affects versions on the product are versions of the product, not of the package with the finding', async () => {
    const files = {
      'vex.json': cycloneDx([
        {
          id: 'CVE-3',
          analysis: { state: 'not_affected', justification: 'code_not_reachable' },
          affects: [{ ref: 'acme-product', versions: [{ version: '2.4.0', status: 'unaffected' }] }],
        },
      ]),
    };
    const check = async (product: string | { componentVersion: string }, packageVersion: string) => {
      const identity = typeof product === 'string' ? { purl: product } : product;
      const suppressions = await loadSuppressions(
        { vexFiles: ['vex.json'], product: { bomRef: 'acme-product', ...identity } },
        memoryFileSystem(files),
      );
      const result = applySuppressions(
        [finding('CVE-3', `pkg:npm/lib@${packageVersion}`, packageVersion)],
        suppressions,
        new Date(),
      );
      return result.findings[0]?.suppressed?.status ?? null;
    };
    // Product 2.4.0 is declared unaffected: a finding in any of its packages is suppressed.
    assert.equal(await check('pkg:generic/acme-product@2.4.0', '1.0.0'), 'not_affected');
    // Product 3.0.0 is not: a package that happens to be at 2.4.0 must not be suppressed.
    assert.equal(await check('pkg:generic/acme-product@3.0.0', '2.4.0'), null);
    // The root component's own version, when the SBOM gives it without a PURL (CycloneDX metadata.component).
    assert.equal(await check({ componentVersion: '2.4.0' }, '1.0.0'), 'not_affected');
    assert.equal(await check({ componentVersion: '3.0.0' }, '2.4.0'), null);
  });

  it('parses BOM-Links, percent-decoding the bom-ref', () => {
    assert.deepEqual(
      parseBomLink('urn:cdx:3E671687-395b-41f5-a30f-a58921a69b79/2#pkg:npm/%40scope/a@1.0.0'),
      { serialNumber: '3e671687-395b-41f5-a30f-a58921a69b79', version: 2, bomRef: 'pkg:npm/@scope/a@1.0.0' },
    );
    assert.equal(parseBomLink('urn:cdx:not-a-uuid/1#x'), undefined);
    assert.equal(parseBomLink('acme-product'), undefined);
  });
});

describe('loadSuppressions on the corpus', { skip: !hasCorpus() && 'corpus not available' }, () => {
  it('rejects bom.json given as VEX: a CycloneDX 1.3 SBOM, older than VEX analysis', async () => {
    const path = corpusPath('vex', 'cyclonedx-vex', 'bom.json');
    await rejectsWith(
      { [path]: readFileSync(path) },
      'VEX_UNSUPPORTED',
      /specVersion "1\.3" has no VEX analysis/,
    );
  });
});
