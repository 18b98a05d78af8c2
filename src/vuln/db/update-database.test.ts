import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../runtime.js';
import { ecosystemZip, writeZip } from './__fixtures__/osv-zips.js';
import { crc32c } from './crc32c.js';
import { type AdvisoryDatabase, openAdvisoryDatabase } from './database.js';
import { parseGoogHash } from './download.js';
import { updateAdvisoryDatabase } from './update-database.js';
import { VulnDatabaseError } from './vuln-db-error.js';

const clock = fixedClock(new Date('2026-01-02T03:04:05Z'));

/** What a route serves: the body, and how to lie about it. */
interface Route {
  body: Buffer;
  /** Headers computed from this body instead (a body corrupted after the hashes were taken). */
  headersFrom?: Buffer;
  /** Send only this many bytes, then cut the connection. */
  cutAfter?: number;
  goog?: boolean;
}

/** x-goog-hash as Cloud Storage sends it: base64 CRC-32C (big-endian) and MD5. */
function googHash(body: Buffer): string {
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32c(body));
  return `crc32c=${crc.toString('base64')},md5=${createHash('md5').update(body).digest('base64')}`;
}

let server: Server;
let base: string;
const routes = new Map<string, Route>();
let directory: string;

before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'veriship-vulndb-update-'));
  server = createServer((request, response) => {
    const route = routes.get(request.url ?? '');
    if (!route) {
      response.writeHead(404).end('not found');
      return;
    }
    const announced = route.headersFrom ?? route.body;
    response.writeHead(200, {
      'content-type': 'application/zip',
      'content-length': String(announced.length),
      ...(route.goog === false ? {} : { 'x-goog-hash': googHash(announced) }),
    });
    if (route.cutAfter !== undefined) {
      response.write(route.body.subarray(0, route.cutAfter), () => response.socket?.destroy());
      return;
    }
    response.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mirror`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(directory, { recursive: true, force: true });
});

let counter = 0;
function freshDatabase(): AdvisoryDatabase {
  counter++;
  return openAdvisoryDatabase(join(directory, `db-${counter}`));
}

const goZip = ecosystemZip('Go');
const pypiZip = ecosystemZip('PyPI');

function serveDefaults() {
  routes.clear();
  routes.set('/mirror/Go/all.zip', { body: goZip });
  routes.set('/mirror/PyPI/all.zip', { body: pypiZip });
}

async function expectUnchanged(
  database: AdvisoryDatabase,
  action: () => Promise<unknown>,
  code: string,
  pattern: RegExp,
) {
  const before = JSON.stringify(database.status());
  await assert.rejects(action, (error: unknown) => {
    assert.ok(error instanceof VulnDatabaseError, String(error));
    assert.equal(error.code, code, error.message);
    assert.match(`${error.file}: ${error.message}`, pattern);
    return true;
  });
  assert.equal(JSON.stringify(database.status()), before, 'the database is unchanged');
  const leftovers = (await readdir(join(database.path, '..'))).filter((name) =>
    name.startsWith('.download-'),
  );
  assert.deepEqual(leftovers, [], 'temporary downloads removed');
}

describe('db update against a local mirror', () => {
  it('downloads, verifies and imports each ecosystem archive', async () => {
    serveDefaults();
    const database = freshDatabase();
    try {
      const result = await updateAdvisoryDatabase(database, {
        clock,
        source: base,
        ecosystems: ['Go', 'PyPI'],
        allowHttp: true,
      });
      assert.deepEqual(
        result.downloads.map((download) => [download.ecosystem, download.bytes, download.verified]),
        [
          ['Go', goZip.length, ['content-length', 'md5', 'crc32c']],
          ['PyPI', pypiZip.length, ['content-length', 'md5', 'crc32c']],
        ],
      );
      assert.equal(result.downloads[0]?.sha256, createHash('sha256').update(goZip).digest('hex'));
      assert.ok(result.totals.added > 50, `added ${result.totals.added}`);
      assert.deepEqual(
        database.status().sources.map((source) => [source.location, source.kind]),
        [
          [`${base}/Go/all.zip`, 'download'],
          [`${base}/PyPI/all.zip`, 'download'],
        ],
      );
      assert.ok(database.advisoriesFor('Go', 'github.com/gogo/protobuf').length > 0, 'Go advisories match');
    } finally {
      database.close();
    }
  });

  it('removes advisories the mirror no longer has, on the next update', async () => {
    serveDefaults();
    const database = freshDatabase();
    try {
      await updateAdvisoryDatabase(database, { clock, source: base, ecosystems: ['PyPI'], allowHttp: true });
      const before = database.status().advisories;
      assert.ok(
        database.advisoriesFor('PyPI', 'django').some((a) => a.id === 'PYSEC-2019-10'),
        'present at first',
      );
      // The same archive without PYSEC-2019-10.
      const { osvCorpusFiles } = await import('./__fixtures__/osv-corpus.js');
      const entries = osvCorpusFiles()
        .filter((file) => file.name.startsWith('pypi/') && !file.name.endsWith('PYSEC-2019-10.json'))
        .map((file) => ({ name: file.name.slice('pypi/'.length), data: file.text }));
      routes.set('/mirror/PyPI/all.zip', { body: writeZip(entries) });
      const result = await updateAdvisoryDatabase(database, {
        clock,
        source: base,
        ecosystems: ['PyPI'],
        allowHttp: true,
      });
      assert.ok(result.totals.removed >= 1, `removed ${result.totals.removed}`);
      assert.ok(!database.advisoriesFor('PyPI', 'django').some((a) => a.id === 'PYSEC-2019-10'), 'gone');
      assert.equal(database.status().advisories, before - result.totals.removed);
    } finally {
      database.close();
    }
  });

  it('fails a truncated download on its Content-Length and leaves the database unchanged', async () => {
    serveDefaults();
    const database = freshDatabase();
    try {
      await updateAdvisoryDatabase(database, { clock, source: base, ecosystems: ['Go'], allowHttp: true });
      routes.set('/mirror/PyPI/all.zip', { body: pypiZip, cutAfter: Math.floor(pypiZip.length / 2) });
      await expectUnchanged(
        database,
        () =>
          updateAdvisoryDatabase(database, {
            clock,
            source: base,
            ecosystems: ['Go', 'PyPI'],
            allowHttp: true,
          }),
        'VULN_DB_INTEGRITY_FAILED',
        /PyPI\/all\.zip: truncated: received \d+ of the \d+ bytes/,
      );
    } finally {
      database.close();
    }
  });

  it('fails a corrupted body on the x-goog-hash MD5 and leaves the database unchanged', async () => {
    serveDefaults();
    const corrupted = Buffer.from(pypiZip);
    corrupted[100] = (corrupted[100] as number) ^ 0xff;
    routes.set('/mirror/PyPI/all.zip', { body: corrupted, headersFrom: pypiZip });
    const database = freshDatabase();
    try {
      await expectUnchanged(
        database,
        () =>
          updateAdvisoryDatabase(database, {
            clock,
            source: base,
            ecosystems: ['Go', 'PyPI'],
            allowHttp: true,
          }),
        'VULN_DB_INTEGRITY_FAILED',
        /PyPI\/all\.zip: MD5 .* does not match x-goog-hash/,
      );
    } finally {
      database.close();
    }
  });

  it('catches a corrupted body without server digests by the zip CRC-32s', async () => {
    serveDefaults();
    const corrupted = Buffer.from(pypiZip);
    corrupted[100] = (corrupted[100] as number) ^ 0xff;
    routes.set('/mirror/PyPI/all.zip', { body: corrupted, goog: false });
    const database = freshDatabase();
    try {
      await expectUnchanged(
        database,
        () =>
          updateAdvisoryDatabase(database, { clock, source: base, ecosystems: ['PyPI'], allowHttp: true }),
        'VULN_DB_INPUT_INVALID',
        /PyPI\/all\.zip: broken zip archive/,
      );
    } finally {
      database.close();
    }
  });

  it('checks a SHA-256 manifest when given one, failing closed on a missing entry', async () => {
    serveDefaults();
    const manifest = join(directory, 'SHA256SUMS');
    const sha = (body: Buffer) => createHash('sha256').update(body).digest('hex');
    const database = freshDatabase();
    try {
      await writeFile(manifest, `${sha(goZip)}  Go/all.zip\n${sha(pypiZip)}  PyPI/all.zip\n`);
      const ok = await updateAdvisoryDatabase(database, {
        clock,
        source: base,
        ecosystems: ['Go', 'PyPI'],
        allowHttp: true,
        checksums: manifest,
      });
      assert.ok(
        ok.downloads.every((download) => download.verified.includes('sha256')),
        'sha256 verified',
      );
      await writeFile(manifest, `${sha(goZip)}  Go/all.zip\n${'0'.repeat(64)}  PyPI/all.zip\n`);
      await expectUnchanged(
        database,
        () =>
          updateAdvisoryDatabase(database, {
            clock,
            source: base,
            ecosystems: ['Go', 'PyPI'],
            allowHttp: true,
            checksums: manifest,
          }),
        'VULN_DB_INTEGRITY_FAILED',
        /PyPI\/all\.zip: SHA-256 [0-9a-f]{64} does not match 0{64}/,
      );
      await writeFile(manifest, `${sha(goZip)}  Go/all.zip\n`);
      await expectUnchanged(
        database,
        () =>
          updateAdvisoryDatabase(database, {
            clock,
            source: base,
            ecosystems: ['Go', 'PyPI'],
            allowHttp: true,
            checksums: manifest,
          }),
        'VULN_DB_INTEGRITY_FAILED',
        /lists no digest for PyPI\/all\.zip/,
      );
      // A wrong digest and the right one for the same name: which one the publisher meant is unknown (the
      // last line alone would verify).
      await writeFile(
        manifest,
        `${sha(goZip)}  Go/all.zip\n${'0'.repeat(64)}  ./PyPI/all.zip\n${sha(pypiZip)}  PyPI/all.zip\n`,
      );
      await expectUnchanged(
        database,
        () =>
          updateAdvisoryDatabase(database, {
            clock,
            source: base,
            ecosystems: ['Go', 'PyPI'],
            allowHttp: true,
            checksums: manifest,
          }),
        'VULN_DB_INPUT_INVALID',
        /line 3: PyPI\/all\.zip is listed twice with different digests/,
      );
    } finally {
      database.close();
    }
  });

  it('reports an HTTP error and refuses plain HTTP unless allowed', async () => {
    serveDefaults();
    const database = freshDatabase();
    try {
      await expectUnchanged(
        database,
        () => updateAdvisoryDatabase(database, { clock, source: base, ecosystems: ['npm'], allowHttp: true }),
        'VULN_DB_DOWNLOAD_FAILED',
        /npm\/all\.zip: HTTP 404/,
      );
      await expectUnchanged(
        database,
        () => updateAdvisoryDatabase(database, { clock, source: base, ecosystems: ['Go'] }),
        'VULN_DB_DOWNLOAD_FAILED',
        /refusing plain HTTP/,
      );
    } finally {
      database.close();
    }
  });
});

describe('x-goog-hash and CRC-32C', () => {
  it('computes the RFC 3720 check value', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  });

  it('parses the header, also when repeated', () => {
    assert.deepEqual(parseGoogHash('crc32c=n03x6A==,md5=Ojk9c3dhfxgoKVVHYwFbHQ=='), {
      crc32c: 'n03x6A==',
      md5: 'Ojk9c3dhfxgoKVVHYwFbHQ==',
    });
    assert.deepEqual(parseGoogHash(['crc32c=AAAAAA==', 'md5=AAAA']), { crc32c: 'AAAAAA==', md5: 'AAAA' });
    assert.deepEqual(parseGoogHash(undefined), {});
  });
});
