import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CliRun } from './run-cli.js';

/**
 * Makes `directory` its own git checkout with one commit and an `origin` on a reserved domain
 * (`example.invalid`), `dist/` ignored: the provenance then names a real commit and a clean tree.
 */
export function gitCheckout(directory: string, name: string): void {
  writeFileSync(join(directory, '.gitignore'), 'dist/\n');
  const git = (...args: string[]) => execFileSync('git', ['-C', directory, ...args], { stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', `https://example.invalid/acme/${name}.git`);
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'release');
}

/** Every file under `directory`, relative and sorted. */
export function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Changes a file the way an attacker would: a signature bundle gets its signature altered (whitespace
 * would not change what it says), anything else gets a byte more.
 */
export function tamper(path: string): void {
  if (path.endsWith('.sigstore.json')) {
    const bundle = JSON.parse(readFileSync(path, 'utf8'));
    const holder = bundle.messageSignature ?? bundle.dsseEnvelope.signatures[0];
    const signature: string = holder.signature ?? holder.sig;
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    if (holder.signature) holder.signature = flipped;
    else holder.sig = flipped;
    writeFileSync(path, JSON.stringify(bundle));
    return;
  }
  appendFileSync(path, path.endsWith('.json') ? ' ' : 'x');
}

/**
 * Tampers with each file of a verified release folder in turn (in a fresh copy each time) and checks that
 * verification fails and names that file (the manifest's own files are named as `release.json`).
 * Returns how many files were tried.
 */
export async function assertEveryTamperingDetected(
  pristine: string,
  scratch: string,
  verify: (directory: string) => Promise<CliRun>,
): Promise<number> {
  const files = filesUnder(pristine);
  for (const file of files) {
    rmSync(scratch, { recursive: true, force: true });
    cpSync(pristine, scratch, { recursive: true });
    tamper(join(scratch, file));
    const run = await verify(scratch);
    assert.equal(run.exitCode, 1, `tampering with ${file} must fail verification`);
    const named = file.startsWith('release.json') ? 'release.json' : file;
    const pattern = new RegExp(`✗ \\S+ ${named.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
    assert.match(run.stdout, pattern, `the failure names ${named}`);
  }
  return files.length;
}
