// Runs every `*.test.ts` under src/ and test/ with Node's own test runner, TypeScript loaded by tsx.
// Node 20's --test does not expand globs itself, so the files are listed here.
// Usage: node scripts/run-tests.mjs [substring filter...]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const roots = ['src', 'test'];
const filters = process.argv.slice(2);

function* walk(directory) {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name === '__fixtures__') continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.name.endsWith('.test.ts')) yield relative('.', path);
  }
}

const files = roots
  .flatMap((root) => [...walk(root)])
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)));
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}
// A file that hangs fails after 10 minutes, naming itself, instead of holding CI until its time limit.
// (In run mode Node applies the timeout to each test file's process; the slowest file takes about a minute.)
const fileTimeout = '--test-timeout=600000';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', fileTimeout, '--test-reporter=spec', ...files],
  {
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: '' },
  },
);
process.exit(result.status ?? 1);
