import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../src/runtime.js';
import { corpusPath, repositoryRoot } from '../../src/testing/corpus.js';
import { openAdvisoryDatabase } from '../../src/vuln/db/database.js';
import { importAdvisories } from '../../src/vuln/db/import-advisories.js';
import { corpusAdvisoryFiles } from './corpus-advisories.js';

/**
 * The bundle is what users run: better-sqlite3 (external, native), xmlbuilder2 (external, loaded for XML
 * SBOMs only) and the lazily loaded scan chunk must all resolve from dist/cli.mjs.
 */
let directory: string;
before(async () => {
  directory = mkdtempSync(join(tmpdir(), 'veriship-scan-bundle-'));
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

function bundled(...args: string[]) {
  return spawnSync(process.execPath, [join(repositoryRoot, 'dist', 'cli.mjs'), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
}

describe('veriship scan from the bundle', () => {
  it('scans a project folder (poetry-1/gino) and gates on --fail-on', () => {
    const result = bundled(
      'scan',
      corpusPath('lockfiles', 'poetry-1', 'gino'),
      '--db',
      join(directory, 'db'),
      '--format',
      'json',
      '--fail-on',
      'medium',
    );
    assert.equal(result.status, 1, result.stderr);
    const ids = JSON.parse(result.stdout)
      .findings.map((finding: { id: string }) => finding.id)
      .sort();
    assert.deepEqual(ids, ['PYSEC-2022-42969', 'PYSEC-2023-250']);
  });
  it('reads a CycloneDX XML SBOM', () => {
    const result = bundled(
      'scan',
      corpusPath('sbom', 'cyclonedx', 'real', 'cern-lhc-vdm-editor-e564943', 'bom.xml'),
      '--db',
      join(directory, 'db'),
      '--format',
      'json',
    );
    assert.equal(result.status, 0, result.stderr);
    assert.ok(JSON.parse(result.stdout).summary.components > 0, 'components were read');
  });
});
