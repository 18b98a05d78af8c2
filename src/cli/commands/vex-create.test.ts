import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nodeFileSystem } from '../../io/file-system.js';
import { hasCorpus, repositoryRoot } from '../../testing/corpus.js';
import { runVeriship } from '../../testing/run-cli.js';
import { runCommand } from '../../testing/run-command.js';
import { applySuppressions } from '../../vuln/vex/apply-suppressions.js';
import { loadSuppressions } from '../../vuln/vex/load-suppressions.js';
import { parseOpenVex } from '../../vuln/vex/openvex.js';
import { compileOpenVexSchema } from '../../vuln/vex/openvex-schema-oracle.js';
import { vexCreateCommand } from './vex-create.js';

const environment = { SOURCE_DATE_EPOCH: '1767225600' }; // 2026-01-01T00:00:00Z

function golden(name: string, actual: string): void {
  const path = new URL(`../../vuln/vex/__fixtures__/${name}`, import.meta.url);
  if (process.env.VERISHIP_UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, 'utf8'), `${name} differs from the golden file`);
}

const notAffected = [
  '--vulnerability',
  'CVE-2023-3446',
  '--product',
  'pkg:apk/alpine/libssl3@3.0.8-r3',
  '--product',
  'pkg:apk/alpine/libcrypto3@3.0.8-r3',
  '--status',
  'not_affected',
  '--justification',
  'vulnerable_code_not_present',
  '--impact-statement',
  'affected functions were removed before packaging',
  '--author',
  'Release Engineering <release@example.com>',
];

describe('veriship vex create', () => {
  let directory: string;
  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'veriship-vex-create-'));
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('writes the golden document, the same bytes on every run', async () => {
    const first = await runCommand(vexCreateCommand, notAffected, environment);
    assert.equal(first.exitCode, 0, first.stderr);
    golden('vex-create-not-affected.golden.json', first.stdout);
    const second = await runCommand(vexCreateCommand, notAffected, environment);
    assert.equal(second.stdout, first.stdout);
    const document = JSON.parse(first.stdout);
    assert.equal(document.timestamp, '2026-01-01T00:00:00.000Z');
    assert.match(document['@id'], /^https:\/\/openvex\.dev\/docs\/public\/vex-[0-9a-f]{64}$/);
  });

  it('derives a different @id from different content, and keeps a given --id', async () => {
    const other = await runCommand(
      vexCreateCommand,
      [...notAffected.slice(0, -2), '--author', 'someone else'],
      environment,
    );
    const golden = await runCommand(vexCreateCommand, notAffected, environment);
    assert.notEqual(JSON.parse(other.stdout)['@id'], JSON.parse(golden.stdout)['@id']);
    const given = await runCommand(
      vexCreateCommand,
      [...notAffected, '--id', 'https://example.com/vex/1'],
      environment,
    );
    assert.equal(JSON.parse(given.stdout)['@id'], 'https://example.com/vex/1');
  });

  const schemaSkip = !hasCorpus() && 'corpus not available';
  for (const [status, extra] of [
    ['not_affected', ['--justification', 'component_not_present']],
    ['not_affected', ['--impact-statement', 'not shipped']],
    ['affected', ['--action-statement', 'upgrade to 2.0.0']],
    ['fixed', []],
    ['under_investigation', []],
  ] as const) {
    it(`writes a schema-valid ${status} document that round-trips through the parser (${extra[0] ?? 'no extra'})`, {
      skip: schemaSkip,
    }, async () => {
      const output = join(directory, `${status}-${extra.length}.vex.json`);
      const run = await runCommand(
        vexCreateCommand,
        [
          '--vulnerability',
          'GHSA-aaaa-bbbb-cccc',
          '--product',
          'pkg:npm/left-pad@1.3.0',
          '--status',
          status,
          ...extra,
          '-o',
          output,
        ],
        environment,
      );
      assert.equal(run.exitCode, 0, run.stderr);
      assert.equal(run.stdout, '');
      const document = JSON.parse(await readFile(output, 'utf8'));
      const validate = compileOpenVexSchema();
      assert.equal(validate(document), true, JSON.stringify(validate.errors));
      const [statement] = parseOpenVex(document, output).statements;
      assert.equal(statement?.status, status);
      assert.deepEqual(statement?.vulnerabilityIds, ['GHSA-aaaa-bbbb-cccc']);
      assert.equal(statement?.products[0]?.purls[0]?.name, 'left-pad');
      assert.equal(statement?.justification, extra[0] === '--justification' ? extra[1] : undefined);
    });
  }

  it('writes a document that suppresses the finding it speaks of when scanned', async () => {
    const output = join(directory, 'use.vex.json');
    await runCommand(vexCreateCommand, [...notAffected, '-o', output], environment);
    const suppressions = await loadSuppressions({ vexFiles: [output] }, nodeFileSystem);
    const result = applySuppressions(
      [
        {
          id: 'GHSA-v8gr-m533-ghj9',
          aliases: ['CVE-2023-3446'],
          package: {
            name: 'libssl3',
            ecosystem: 'Alpine',
            purl: 'pkg:apk/alpine/libssl3@3.0.8-r3',
            version: '3.0.8-r3',
          },
          severity: 'medium',
          score: 5.3,
          cvss: [],
          summary: '',
          affectedRanges: [],
          fixedVersions: [],
          references: [],
          suppressed: null,
        },
      ],
      suppressions,
      new Date('2026-02-01T00:00:00Z'),
    );
    assert.equal(result.findings[0]?.suppressed?.justification, 'vulnerable_code_not_present');
    assert.equal(result.findings[0]?.suppressed?.document, output);
  });

  for (const [name, args, pattern] of [
    [
      'not_affected without a reason',
      ['--status', 'not_affected'],
      /needs --justification or --impact-statement/,
    ],
    ['affected without an action statement', ['--status', 'affected'], /needs --action-statement/],
    ['an unknown status', ['--status', 'false_positive'], /--status must be one of/],
    [
      'an unknown justification',
      ['--status', 'not_affected', '--justification', 'code_not_reachable'],
      /--justification must be one of/,
    ],
    [
      'a justification on a fixed statement',
      ['--status', 'fixed', '--justification', 'component_not_present'],
      /are for --status not_affected/,
    ],
    ['no status', [], /--status is required/],
  ] as const) {
    it(`exits 2 for ${name}`, async () => {
      const run = await runCommand(
        vexCreateCommand,
        ['--vulnerability', 'CVE-2024-1', '--product', 'pkg:npm/a@1.0.0', ...args],
        environment,
      );
      assert.equal(run.exitCode, 2, run.stderr);
      assert.match(run.stderr, pattern);
      assert.equal(run.stdout, '');
    });
  }

  it('exits 2 for a product that is not an IRI, or no product', async () => {
    const notIri = await runCommand(
      vexCreateCommand,
      ['--vulnerability', 'CVE-2024-1', '--product', 'left pad', '--status', 'fixed'],
      environment,
    );
    assert.equal(notIri.exitCode, 2);
    assert.match(notIri.stderr, /is not an IRI/);
    const none = await runCommand(
      vexCreateCommand,
      ['--vulnerability', 'CVE-2024-1', '--status', 'fixed'],
      environment,
    );
    assert.equal(none.exitCode, 2);
    assert.match(none.stderr, /at least one --product/);
  });

  it('exits 2 for a PURL with characters an IRI excludes (a version range), rather than writing a document the schema rejects', async () => {
    for (const product of ['pkg:npm/lodash@^4.17.0', 'pkg:npm/lodash@>=4.0.0', 'pkg:npm/a@1.0.0?x=%zz']) {
      const run = await runCommand(
        vexCreateCommand,
        ['--vulnerability', 'CVE-2024-1', '--product', product, '--status', 'fixed'],
        environment,
      );
      assert.equal(run.exitCode, 2, `${product}: ${run.stdout}`);
      assert.match(run.stderr, /is not an IRI/);
    }
    // The check is the schema's: the same PURLs with a plain version are accepted and valid.
    const run = await runCommand(
      vexCreateCommand,
      ['--vulnerability', 'CVE-2024-1', '--product', 'pkg:npm/%40scope/a@4.17.0', '--status', 'fixed'],
      environment,
    );
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(compileOpenVexSchema()(JSON.parse(run.stdout)), true);
  });

  it('is listed by `veriship --help` and answers `veriship vex create --help`', async () => {
    const top = await runVeriship(['--help']);
    assert.match(top.stdout, /veriship vex create +write an OpenVEX v0\.2\.0 document/);
    const help = await runVeriship(['vex', 'create', '--help']);
    assert.equal(help.exitCode, 0);
    assert.match(help.stdout, /^Usage: veriship vex create --vulnerability ID --product PURL/);
    assert.match(help.stdout, /--impact-statement TEXT/);
  });

  it('exits 3 for a malformed SOURCE_DATE_EPOCH', async () => {
    const run = await runCommand(vexCreateCommand, notAffected, { SOURCE_DATE_EPOCH: 'yesterday' });
    assert.equal(run.exitCode, 3);
  });
});

const bundle = join(repositoryRoot, 'dist', 'cli.mjs');
describe('veriship vex create from the bundle', {
  skip: !existsSync(bundle) && 'run node scripts/build.mjs first',
}, () => {
  it('writes the same document as the library', async () => {
    const result = spawnSync(process.execPath, [bundle, 'vex', 'create', ...notAffected], {
      encoding: 'utf8',
      env: { ...process.env, ...environment },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, (await runCommand(vexCreateCommand, notAffected, environment)).stdout);
  });
});
