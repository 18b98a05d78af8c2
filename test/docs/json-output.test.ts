/**
 * docs/json-output.md names each reporting command's top-level JSON members. This runs the commands that
 * need no network and no slow setup, and compares their members with the page.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { repositoryRoot } from '../../src/testing/corpus.js';
import { runVeriship } from '../../src/testing/run-cli.js';

/** Row of the page for `command`: the top-level member names, in order, `[]` suffixes dropped. */
function documentedMembers(command: string): string[] {
  const page = readFileSync(join(repositoryRoot, 'docs', 'json-output.md'), 'utf8');
  const row = page.split('\n').find((line) => line.startsWith(`| \`${command}\` |`));
  assert.ok(row, `docs/json-output.md has no row for ${command}`);
  const members = row.split('|')[2] ?? '';
  // Nested members are in parentheses (one level deep on this page); the rest are top-level.
  const topLevel = members.replace(/\([^()]*\)/g, '');
  return [...topLevel.matchAll(/`([a-zA-Z]+)(?:\[\])?`/g)].map((match) => match[1] as string);
}

async function jsonOf(argv: string[]): Promise<Record<string, unknown>> {
  const run = await runVeriship([...argv, '--format', 'json']);
  assert.ok(run.stdout.trim().startsWith('{'), `${argv.join(' ')}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe('docs/json-output.md', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'veriship-json-doc-'));
  const bom = join(scratch, 'bom.json');
  const artifact = join(scratch, 'a.txt');
  const key = join(scratch, 'k');
  const database = join(scratch, 'db');
  before(async () => {
    writeFileSync(artifact, 'artifact\n');
    assert.equal((await runVeriship(['keys', 'generate', '--out', key, '--no-passphrase'])).exitCode, 0);
    const sbom = await runVeriship([
      'sbom',
      join(repositoryRoot, 'examples', 'node-app'),
      '--quiet',
      '-o',
      bom,
    ]);
    assert.equal(sbom.exitCode, 0, sbom.stderr);
    await runVeriship(['db', 'import', join(repositoryRoot, 'examples', 'advisories'), '--db', database]);
  });

  const cases: [string, () => string[]][] = [
    ['sbom validate', () => ['sbom', 'validate', bom]],
    ['sbom diff', () => ['sbom', 'diff', bom, bom]],
    ['sign', () => ['sign', artifact, '--key', `${key}.key`]],
    ['verify', () => ['verify', artifact, '--key', `${key}.pub`]],
    ['db status', () => ['db', 'status', '--db', database]],
    ['db import', () => ['db', 'import', join(repositoryRoot, 'examples', 'advisories'), '--db', database]],
    ['scan', () => ['scan', bom, '--db', database]],
    ['policy eval', () => ['policy', 'eval', '--sbom', bom]],
    ['policy test', () => ['policy', 'test', join(repositoryRoot, 'src', 'policy', 'packs', 'tests')]],
  ];
  for (const [command, argv] of cases) {
    it(`lists what ${command} prints`, async () => {
      const document = await jsonOf(argv());
      const documented = documentedMembers(command);
      for (const member of Object.keys(document)) {
        assert.ok(documented.includes(member), `${command}: ${member} is printed but not on the page`);
      }
      for (const member of documented) {
        assert.ok(member in document, `${command}: ${member} is on the page but not printed`);
      }
    });
  }
});
