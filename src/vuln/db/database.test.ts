import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../runtime.js';
import { corpusPath } from '../../testing/corpus.js';
import type { OsvAdvisory } from '../osv/osv-types.js';
import { osvCorpusFiles, osvSchemaValidator } from './__fixtures__/osv-corpus.js';
import { corpusZip, writeZip } from './__fixtures__/osv-zips.js';
import { writeZip64Stored } from './__fixtures__/zip64-writer.js';
import { type AdvisoryDatabase, advisoriesQuery, connectionOf, openAdvisoryDatabase } from './database.js';
import { defaultDatabaseDirectory } from './default-directory.js';
import { importAdvisories } from './import-advisories.js';
import { VulnDatabaseError } from './vuln-db-error.js';

const clock = fixedClock(new Date('2026-01-02T03:04:05Z'));
const corpus = corpusPath('osv');

/** What the schema (ajv) says the corpus holds: the oracle for the import counts. */
function expectedFromSchema() {
  const validate = osvSchemaValidator();
  const valid: { name: string; advisory: OsvAdvisory }[] = [];
  let invalid = 0;
  for (const file of osvCorpusFiles()) {
    const value = JSON.parse(file.text);
    if (validate(value)) valid.push({ name: file.name, advisory: value as OsvAdvisory });
    else invalid++;
  }
  const firstById = new Map<string, OsvAdvisory>();
  for (const { advisory } of valid) if (!firstById.has(advisory.id)) firstById.set(advisory.id, advisory);
  return { valid, invalid, firstById };
}

let directory: string;
before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'veriship-vulndb-'));
});
after(async () => {
  await rm(directory, { recursive: true, force: true });
});

let counter = 0;
function freshDatabase(): AdvisoryDatabase {
  counter++;
  return openAdvisoryDatabase(join(directory, `db-${counter}`));
}

/** Every query the corpus can answer, as a comparable snapshot of the database's matching behaviour. */
function snapshot(database: AdvisoryDatabase): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const { advisory } of expectedFromSchema().valid) {
    for (const affected of advisory.affected ?? []) {
      if (!affected.package) continue;
      const key = `${affected.package.ecosystem}|${affected.package.name}`;
      result[key] = database
        .advisoriesFor(affected.package.ecosystem, affected.package.name)
        .map((a) => a.id);
    }
  }
  return result;
}

describe('importing the OSV corpus from a folder', () => {
  let database: AdvisoryDatabase;
  const expected = expectedFromSchema();
  before(() => {
    database = freshDatabase();
  });
  after(() => database.close());

  it('imports every schema-valid record and skips every other JSON file with its name', async () => {
    const result = await importAdvisories(database, [corpus], { clock });
    assert.equal(result.totals.records, expected.valid.length);
    assert.equal(result.totals.added, expected.firstById.size);
    assert.equal(result.totals.unchanged, expected.valid.length - expected.firstById.size);
    assert.equal(result.totals.skipped, expected.invalid);
    const withdrawn = [...expected.firstById.values()].filter((advisory) => advisory.withdrawn).length;
    assert.ok(withdrawn > 0, 'the corpus has withdrawn advisories');
    assert.equal(result.totals.withdrawn, withdrawn);
    assert.equal(result.warnings.length, expected.invalid);
    assert.ok(
      result.warnings.some((warning) => warning.file.endsWith('osv-linter/nointroduced-CVE-2023-41045.json')),
      'the record without introduced is named',
    );
    const status = database.status();
    assert.equal(status.advisories, expected.firstById.size);
    assert.equal(status.withdrawn, withdrawn);
    assert.deepEqual(
      status.sources.map((source) => [source.kind, source.importedAt, source.advisories]),
      [['directory', '2026-01-02T03:04:05.000Z', expected.valid.length]],
    );
  });

  it('finds each advisory under each package it names, raw names as written, withdrawn ones never', () => {
    let checked = 0;
    for (const advisory of expected.firstById.values()) {
      for (const affected of advisory.affected ?? []) {
        if (!affected.package) continue;
        const ids = database
          .advisoriesFor(affected.package.ecosystem, affected.package.name)
          .map((a) => a.id);
        assert.equal(
          ids.includes(advisory.id),
          advisory.withdrawn === undefined,
          `${advisory.id} under ${affected.package.name}`,
        );
        assert.deepEqual(ids, [...new Set(ids)].sort(), 'deduplicated and sorted by id');
        checked++;
      }
    }
    assert.ok(checked > 100, `checked ${checked} package entries`);
  });

  it('normalises the queried name and ecosystem case: PyPI per PEP 503', () => {
    const ids = database.advisoriesFor('pypi', 'Products_PluggableAuthService').map((a) => a.id);
    assert.deepEqual(ids, ['GHSA-p44j-xrqg-4xrr']);
  });

  it('returns the stored advisory as it was written', () => {
    const [advisory] = database
      .advisoriesFor('Go', 'github.com/gogo/protobuf')
      .filter((a) => a.id === 'GO-2021-0053');
    const original = expected.firstById.get('GO-2021-0053');
    assert.deepEqual(advisory, original);
  });

  it('filters by ecosystem suffix only when the query has one', () => {
    const family = database.advisoriesFor('Alpine', 'openssl').map((a) => a.id);
    assert.ok(family.includes('CVE-2018-5407'), JSON.stringify(family));
    assert.deepEqual(
      database.advisoriesFor('Alpine:v3.3', 'openssl').map((a) => a.id),
      family,
    );
    assert.deepEqual(database.advisoriesFor('Alpine:v9.9', 'openssl'), []);
    assert.deepEqual(database.advisoriesFor('NoSuchEcosystem', 'openssl'), []);
  });

  it('is idempotent: the same import again changes nothing', async () => {
    const before = snapshot(database);
    const result = await importAdvisories(database, [corpus], { clock });
    assert.equal(result.totals.added, 0);
    assert.equal(result.totals.updated, 0);
    assert.equal(result.totals.unchanged, expected.valid.length);
    assert.deepEqual(snapshot(database), before);
  });
});

describe('importing the corpus from a zip archive', () => {
  it('gives the same database as the folder', async () => {
    const zip = join(directory, 'corpus.zip');
    await writeFile(zip, corpusZip());
    const fromFolder = freshDatabase();
    const fromZip = freshDatabase();
    try {
      const folder = await importAdvisories(fromFolder, [corpus], { clock });
      const archive = await importAdvisories(fromZip, [zip], { clock });
      assert.deepEqual({ ...archive.totals }, { ...folder.totals });
      assert.ok(
        archive.warnings.every((warning) => warning.file.startsWith(`${zip}!`)),
        'entries named inside the archive',
      );
      assert.deepEqual(snapshot(fromZip), snapshot(fromFolder));
      const [source] = fromZip.status().sources;
      assert.equal(source?.kind, 'zip');
      assert.match(source?.sha256 ?? '', /^[0-9a-f]{64}$/);
    } finally {
      fromFolder.close();
      fromZip.close();
    }
  });
});

describe('zip entries stored without compression, or with a byte order mark', () => {
  for (const method of ['store', 'deflate'] as const) {
    it(`import and read back (${method}d, BOM)`, async () => {
      const zip = join(directory, `${method}.zip`);
      const file = osvCorpusFiles().find((candidate) => candidate.name === 'go/GO-2022-0511.json');
      assert.ok(file, 'corpus file');
      await writeFile(zip, writeZip([{ name: 'GO-2022-0511.json', data: `\ufeff${file.text}`, method }]));
      const database = freshDatabase();
      try {
        const result = await importAdvisories(database, [zip], { clock });
        assert.equal(result.totals.added, 1);
        const original = JSON.parse(file.text) as OsvAdvisory;
        const name = original.affected?.[0]?.package?.name ?? '';
        assert.deepEqual(database.advisoriesFor('Go', name), [original]);
      } finally {
        database.close();
      }
    });
  }
});

describe('a ZIP64 archive of more than 65,535 entries (as osv.dev serves for npm)', () => {
  it('imports every entry', async () => {
    const count = 66_000;
    const entries = Array.from({ length: count }, (_, index) => {
      const id = `GHSA-zip6-4000-${String(index).padStart(5, '0')}`;
      const advisory = {
        id,
        modified: '2024-01-01T00:00:00Z',
        affected: [{ package: { ecosystem: 'npm', name: `package-${index % 1000}` } }],
      };
      return { name: `${id}.json`, data: Buffer.from(JSON.stringify(advisory)) };
    });
    const zip = join(directory, 'zip64.zip');
    await writeFile(zip, writeZip64Stored(entries));
    const database = freshDatabase();
    try {
      const result = await importAdvisories(database, [zip], { clock });
      assert.equal(result.totals.added, count);
      assert.equal(database.advisoriesFor('npm', 'package-7').length, count / 1000);
      assert.deepEqual(database.status().ecosystems, [
        { ecosystem: 'npm', advisories: count, packages: 1000 },
      ]);
    } finally {
      database.close();
    }
  });
});

describe('incremental updates', () => {
  const base = {
    id: 'GHSA-test-0000-0001',
    modified: '2024-01-01T00:00:00Z',
    summary: 'first',
    affected: [
      {
        package: { ecosystem: 'npm', name: 'left-pad' },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }] }],
      },
    ],
  };
  const write = async (name: string, value: unknown) => {
    const folder = join(directory, `incremental-${name}`);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'advisory.json'), JSON.stringify(value));
    return folder;
  };

  it('replaces a record by a later-modified one, ignores an older one, and drops a withdrawn one from matching', async () => {
    const database = freshDatabase();
    try {
      await importAdvisories(database, [await write('v1', base)], { clock });
      const newer = { ...base, modified: '2024-01-01T00:00:00.5Z', summary: 'second' };
      const updated = await importAdvisories(database, [await write('v2', newer)], { clock });
      assert.equal(updated.totals.updated, 1);
      assert.equal(database.advisoriesFor('npm', 'left-pad')[0]?.summary, 'second');

      const older = await importAdvisories(database, [await write('v0', base)], { clock });
      assert.equal(older.totals.unchanged, 1);
      assert.equal(database.advisoriesFor('npm', 'left-pad')[0]?.summary, 'second');

      const withdrawn = { ...newer, modified: '2024-02-01T00:00:00Z', withdrawn: '2024-02-01T00:00:00Z' };
      const result = await importAdvisories(database, [await write('v3', withdrawn)], { clock });
      assert.equal(result.totals.withdrawn, 1);
      assert.deepEqual(database.advisoriesFor('npm', 'left-pad'), []);
      // A stale copy (older modified) cannot bring it back.
      await importAdvisories(database, [await write('v1', base)], { clock });
      assert.deepEqual(database.advisoriesFor('npm', 'left-pad'), []);
      assert.equal(database.status().withdrawn, 1);
    } finally {
      database.close();
    }
  });

  it('moves the index when a record changes its packages', async () => {
    const database = freshDatabase();
    try {
      await importAdvisories(database, [await write('p1', base)], { clock });
      const moved = {
        ...base,
        modified: '2024-03-01T00:00:00Z',
        affected: [{ package: { ecosystem: 'npm', name: 'right-pad' } }],
      };
      await importAdvisories(database, [await write('p2', moved)], { clock });
      assert.deepEqual(database.advisoriesFor('npm', 'left-pad'), []);
      assert.deepEqual(
        database.advisoriesFor('npm', 'right-pad').map((a) => a.id),
        [base.id],
      );
    } finally {
      database.close();
    }
  });
});

describe('bad input', () => {
  it('skips a malformed file, naming it, and imports the rest', async () => {
    const folder = join(directory, 'mixed');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'broken.json'), '{"id": "GHSA-x", ');
    await writeFile(
      join(folder, 'bad-event.json'),
      JSON.stringify({
        id: 'GHSA-bad',
        modified: '2024-01-01T00:00:00Z',
        affected: [
          {
            package: { ecosystem: 'npm', name: 'a' },
            ranges: [{ type: 'SEMVER', events: [{ introduced: '0', fixed: '1' }] }],
          },
        ],
      }),
    );
    const good = osvCorpusFiles().find((file) => file.name === 'go/GO-2022-0511.json');
    assert.ok(good, 'corpus file');
    await writeFile(join(folder, 'good.json'), good.text);
    const database = freshDatabase();
    try {
      const result = await importAdvisories(database, [folder], { clock });
      assert.equal(result.totals.added, 1);
      assert.equal(result.totals.skipped, 2);
      assert.deepEqual(result.warnings.map((warning) => warning.file).sort(), [
        join(folder, 'bad-event.json'),
        join(folder, 'broken.json'),
      ]);
      assert.match(
        result.warnings.find((w) => w.file.endsWith('bad-event.json'))?.message ?? '',
        /exactly one of introduced, fixed/,
      );
    } finally {
      database.close();
    }
  });

  const rejects = async (inputs: string[], pattern: RegExp) => {
    const database = freshDatabase();
    try {
      await importAdvisories(database, [corpusPath('osv', 'pypi')], { clock });
      const before = JSON.stringify(database.status());
      const snapshotBefore = snapshot(database);
      await assert.rejects(
        importAdvisories(database, [corpusPath('osv', 'go'), ...inputs], { clock }),
        (error: unknown) => {
          assert.ok(error instanceof VulnDatabaseError, String(error));
          assert.equal(error.code, 'VULN_DB_INPUT_INVALID');
          assert.equal(error.category, 'invalid-input');
          assert.match(`${error.file}: ${error.message}`, pattern);
          return true;
        },
      );
      // All or nothing: the Go folder listed first was not committed either.
      assert.equal(JSON.stringify(database.status()), before);
      assert.deepEqual(snapshot(database), snapshotBefore);
    } finally {
      database.close();
    }
  };

  it('refuses a truncated zip archive and leaves the database unchanged', async () => {
    const zip = join(directory, 'truncated.zip');
    const whole = corpusZip();
    await writeFile(zip, whole.subarray(0, Math.floor(whole.length / 2)));
    await rejects([zip], /truncated\.zip: broken zip archive/);
  });

  it('refuses a zip whose entry fails its CRC-32, and leaves the database unchanged', async () => {
    const zip = join(directory, 'crc.zip');
    const text = osvCorpusFiles().find((file) => file.name === 'go/GO-2022-0511.json')?.text ?? '';
    await writeFile(zip, writeZip([{ name: 'GO-2022-0511.json', data: text, crc: 1234 }]));
    await rejects([zip], /crc\.zip: broken zip archive: .*CRC-32/);
  });

  it('refuses a zip with an entry climbing out with ../', async () => {
    const zip = join(directory, 'slip.zip');
    await writeFile(zip, writeZip([{ name: '../evil.json', data: '{}' }]));
    await rejects([zip], /slip\.zip: broken zip archive: .*\.\./);
  });

  it('refuses a zip whose local header names another file than its central directory', async () => {
    const zip = join(directory, 'ambiguous.zip');
    const text = osvCorpusFiles().find((file) => file.name === 'go/GO-2022-0511.json')?.text ?? '';
    await writeFile(
      zip,
      writeZip([{ name: 'GO-2022-0511.json', data: text, localName: 'GO-2022-0512.json' }]),
    );
    await rejects([zip], /ambiguous\.zip: broken zip archive: .*local header names a different file/);
  });

  it('refuses a file named .zip that is not one', async () => {
    const zip = join(directory, 'not.zip');
    await writeFile(zip, 'hello');
    await rejects([zip], /not\.zip: broken zip archive/);
  });

  it('refuses an input with nothing valid in it (a single malformed file, a folder of non-advisories)', async () => {
    await rejects(
      [corpusPath('osv', 'osv-linter', 'nointroduced-CVE-2023-41045.json')],
      /nointroduced.*no introduced event/,
    );
    await rejects([corpusPath('osv', 'schema')], /schema: holds no valid OSV advisory/);
  });
});

describe('two writers', () => {
  it('refuses to import while another connection holds the write lock, and imports once it is released', async () => {
    const folder = join(directory, 'locked');
    const holder = openAdvisoryDatabase(folder);
    const writer = openAdvisoryDatabase(folder);
    try {
      connectionOf(writer).pragma('busy_timeout = 50');
      connectionOf(holder).exec('BEGIN IMMEDIATE');
      await assert.rejects(
        importAdvisories(writer, [corpusPath('osv', 'pypi')], { clock }),
        (error: unknown) => error instanceof VulnDatabaseError && error.code === 'VULN_DB_BUSY',
      );
      connectionOf(holder).exec('ROLLBACK');
      const result = await importAdvisories(writer, [corpusPath('osv', 'pypi')], { clock });
      assert.ok(result.totals.added > 0, 'imported after the lock was released');
    } finally {
      holder.close();
      writer.close();
    }
  });
});

describe('opening', () => {
  it('refuses a database written by a newer schema version', async () => {
    const folder = join(directory, 'future');
    openAdvisoryDatabase(folder).close();
    const Database = createRequire(import.meta.url)('better-sqlite3');
    const raw = new Database(join(folder, 'advisories.sqlite'));
    raw.prepare('UPDATE schema_version SET version = 99').run();
    raw.close();
    assert.throws(
      () => openAdvisoryDatabase(folder, { readonly: true }),
      (error: unknown) => {
        assert.ok(error instanceof VulnDatabaseError, String(error));
        assert.equal(error.code, 'VULN_DB_SCHEMA_UNSUPPORTED');
        assert.match(error.message, /99 is newer/);
        return true;
      },
    );
  });

  it('refuses a file that is not an SQLite database, and a missing one when read-only', async () => {
    const folder = join(directory, 'garbage');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'advisories.sqlite'), 'x'.repeat(4096));
    assert.throws(
      () => openAdvisoryDatabase(folder),
      (error: unknown) => error instanceof VulnDatabaseError && error.code === 'VULN_DB_CORRUPT',
    );
    assert.throws(
      () => openAdvisoryDatabase(join(directory, 'absent'), { readonly: true }),
      (error: unknown) => error instanceof VulnDatabaseError && error.code === 'VULN_DB_NOT_FOUND',
    );
  });
});

describe('when a stored record is damaged after import', () => {
  it('fails the lookup with VULN_DB_CORRUPT naming the file and the advisory, never answering "none"', async () => {
    const database = freshDatabase();
    await importAdvisories(database, [corpusPath('osv', 'pypi')], { clock });
    const path = database.path;
    const [django] = database.advisoriesFor('PyPI', 'django');
    assert.ok(django, 'the corpus has a django advisory');
    database.close();
    const Database = createRequire(import.meta.url)('better-sqlite3');
    const raw = new Database(path);
    raw.prepare("UPDATE advisories SET record = '{damaged' WHERE id = ?").run(django.id);
    raw.close();
    const reopened = openAdvisoryDatabase(join(path, '..'), { readonly: true });
    try {
      assert.throws(
        () => reopened.advisoriesFor('PyPI', 'django'),
        (error: unknown) => {
          assert.ok(error instanceof VulnDatabaseError, String(error));
          assert.equal(error.code, 'VULN_DB_CORRUPT');
          assert.equal(error.file, path);
          assert.match(error.message, new RegExp(django.id));
          return true;
        },
      );
    } finally {
      reopened.close();
    }
  });
});

describe('defaultDatabaseDirectory', () => {
  it('prefers VERISHIP_DB_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    assert.equal(defaultDatabaseDirectory({ VERISHIP_DB_DIR: '/d', XDG_CACHE_HOME: '/c', HOME: '/h' }), '/d');
    assert.equal(defaultDatabaseDirectory({ XDG_CACHE_HOME: '/c', HOME: '/h' }), '/c/veriship/db');
    assert.equal(
      defaultDatabaseDirectory({ XDG_CACHE_HOME: 'relative', HOME: '/h' }),
      '/h/.cache/veriship/db',
    );
    assert.equal(defaultDatabaseDirectory({ HOME: '/h' }), '/h/.cache/veriship/db');
  });
});

describe('the lookup query plan', () => {
  it('searches the package index and fetches advisories by key, never scanning a table', async () => {
    const database = freshDatabase();
    try {
      await importAdvisories(database, [corpusPath('osv', 'pypi')], { clock });
      const plan = connectionOf(database)
        .prepare(`EXPLAIN QUERY PLAN ${advisoriesQuery} AND p.suffix = ? GROUP BY a.key ORDER BY a.id`)
        .all('PyPI', 'django', '') as { detail: string }[];
      const steps = plan.map((step) => step.detail);
      assert.match(
        steps[0] ?? '',
        /^SEARCH p USING PRIMARY KEY \(ecosystem=\? AND name=\?/,
        steps.join(' | '),
      );
      assert.match(steps[1] ?? '', /^SEARCH a USING INTEGER PRIMARY KEY/, steps.join(' | '));
      assert.ok(!steps.some((step) => step.startsWith('SCAN')), steps.join(' | '));
    } finally {
      database.close();
    }
  });
});
