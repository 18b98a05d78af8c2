import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { corpusPath, repositoryRoot } from '../../testing/corpus.js';
import { runCommand } from '../../testing/run-command.js';
import { corpusZip, ecosystemZip } from '../../vuln/db/__fixtures__/osv-zips.js';
import { dbImportCommand } from './db-import.js';
import { dbStatusCommand } from './db-status.js';
import { dbUpdateCommand } from './db-update.js';

let directory: string;
before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'veriship-db-cli-'));
});
after(async () => {
  await rm(directory, { recursive: true, force: true });
});

const importedAt = 1_767_323_045; // 2026-01-02T03:04:05Z
const environment = { SOURCE_DATE_EPOCH: String(importedAt) };

describe('veriship db import', () => {
  it('imports the corpus, prints the counts and one warning per skipped file', async () => {
    const db = join(directory, 'import');
    const run = await runCommand(dbImportCommand, [corpusPath('osv'), '--db', db], environment);
    assert.equal(run.exitCode, 0, run.stderr);
    const totals =
      /advisories\.sqlite: added (\d+), updated 0, unchanged (\d+), withdrawn (\d+), skipped (\d+)/.exec(
        run.stdout,
      );
    assert.ok(totals, run.stdout);
    const warnings = run.stderr.split('\n').filter((line) => line.startsWith('veriship: warning: '));
    assert.equal(warnings.length, Number(totals[4]), run.stderr);
    assert.ok(
      warnings.some((line) => line.includes('nointroduced-CVE-2023-41045.json: skipped:')),
      run.stderr,
    );

    const again = await runCommand(
      dbImportCommand,
      [corpusPath('osv'), '--db', db, '--format', 'json'],
      environment,
    );
    assert.equal(again.exitCode, 0, again.stderr);
    const result = JSON.parse(again.stdout);
    assert.equal(result.totals.added, 0);
    assert.equal(result.totals.unchanged, Number(totals[1]) + Number(totals[2]));
  });

  it('exits 3 naming a broken zip, and imports nothing from the other inputs', async () => {
    const db = join(directory, 'broken');
    const zip = join(directory, 'broken.zip');
    const whole = corpusZip();
    await writeFile(zip, whole.subarray(0, whole.length - 30));
    const run = await runCommand(dbImportCommand, [corpusPath('osv', 'go'), zip, '--db', db], environment);
    assert.equal(run.exitCode, 3, run.stderr);
    assert.match(run.stderr, /^veriship: .*broken\.zip: broken zip archive/m);
    const status = await runCommand(dbStatusCommand, ['--db', db, '--format', 'json'], environment);
    assert.equal(status.exitCode, 0, status.stderr);
    assert.equal(JSON.parse(status.stdout).advisories, 0);
  });

  it('exits 2 without a path', async () => {
    assert.equal((await runCommand(dbImportCommand, ['--db', directory])).exitCode, 2);
  });
});

describe('veriship db status', () => {
  let db: string;
  before(async () => {
    db = join(directory, 'status');
    const run = await runCommand(dbImportCommand, [corpusPath('osv', 'pypi'), '--db', db], environment);
    assert.equal(run.exitCode, 0, run.stderr);
  });

  it('prints counts per ecosystem and the sources; no warning when fresh', async () => {
    const run = await runCommand(dbStatusCommand, ['--db', db], {
      SOURCE_DATE_EPOCH: String(importedAt + 3600),
    });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^last import: 2026-01-02T03:04:05\.000Z \(1 h ago\)$/m);
    assert.match(run.stdout, /^PyPI\s+\d+\s+\d+$/m);
    assert.match(run.stdout, /corpus\/osv\/pypi\s+directory\s+42\s+2026-01-02T03:04:05\.000Z\s+-$/m);
  });

  it('warns on stderr when the newest import is older than --max-age', async () => {
    const later = { SOURCE_DATE_EPOCH: String(importedAt + 8 * 86_400) };
    const stale = await runCommand(dbStatusCommand, ['--db', db, '--format', 'json'], later);
    assert.equal(stale.exitCode, 0);
    assert.match(stale.stderr, /warning: .*newest import is 8 days old/);
    const json = JSON.parse(stale.stdout);
    assert.equal(json.stale, true);
    assert.equal(json.ageSeconds, 8 * 86_400);
    const relaxed = await runCommand(dbStatusCommand, ['--db', db, '--max-age', '10d'], later);
    assert.equal(relaxed.stderr, '');
    assert.equal((await runCommand(dbStatusCommand, ['--db', db, '--max-age', 'soon'])).exitCode, 2);
  });

  it('exits 3 when there is no database', async () => {
    const run = await runCommand(dbStatusCommand, ['--db', join(directory, 'nothing-here')]);
    assert.equal(run.exitCode, 3);
    assert.match(run.stderr, /advisories\.sqlite: no advisory database here/);
  });
});

describe('veriship db update', () => {
  let server: Server;
  let source: string;
  const pypi = ecosystemZip('PyPI');
  let corrupt = false;
  before(async () => {
    server = createServer((request, response) => {
      if (request.url !== '/PyPI/all.zip') return void response.writeHead(404).end();
      const body = Buffer.from(pypi);
      if (corrupt) body[200] = (body[200] as number) ^ 1;
      response.writeHead(200, { 'content-length': String(body.length) }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    source = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('downloads from --source with --allow-http and reports what it verified', async () => {
    corrupt = false;
    const db = join(directory, 'update');
    const run = await runCommand(
      dbUpdateCommand,
      ['--db', db, '--source', source, '--ecosystem', 'pypi', '--allow-http'],
      environment,
    );
    assert.equal(run.exitCode, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(
        `downloaded ${source}/PyPI/all\\.zip \\(${pypi.length} bytes, sha256 [0-9a-f]{64}; verified: content-length\\)`,
      ),
    );
  });

  it('exits 3 on a corrupted archive, 2 on an unknown ecosystem or missing --allow-http', async () => {
    corrupt = true;
    const db = join(directory, 'update-bad');
    const bad = await runCommand(
      dbUpdateCommand,
      ['--db', db, '--source', source, '--ecosystem', 'PyPI', '--allow-http'],
      environment,
    );
    assert.equal(bad.exitCode, 3, bad.stderr);
    assert.match(bad.stderr, /PyPI\/all\.zip: broken zip archive/);
    const unknown = await runCommand(dbUpdateCommand, ['--db', db, '--ecosystem', 'Cobol']);
    assert.equal(unknown.exitCode, 2);
    assert.match(unknown.stderr, /unknown ecosystem "Cobol"/);
    const insecure = await runCommand(dbUpdateCommand, [
      '--db',
      db,
      '--source',
      source,
      '--ecosystem',
      'PyPI',
    ]);
    assert.equal(insecure.exitCode, 3);
    assert.match(insecure.stderr, /refusing plain HTTP/);
  });
});

const cli = join(repositoryRoot, 'dist', 'cli.mjs');
describe('the bundled CLI', { skip: !existsSync(cli) && 'dist/cli.mjs not built' }, () => {
  it('imports and reports status (better-sqlite3 loads from node_modules)', () => {
    const db = join(directory, 'bundle');
    const imported = spawnSync(process.execPath, [cli, 'db', 'import', corpusPath('osv', 'go'), '--db', db], {
      encoding: 'utf8',
    });
    assert.equal(imported.status, 0, imported.stderr);
    const status = spawnSync(process.execPath, [cli, 'db', 'status', '--db', db, '--format', 'json'], {
      encoding: 'utf8',
    });
    assert.equal(status.status, 0, status.stderr);
    assert.equal(JSON.parse(status.stdout).advisories, 60);
  });
});
