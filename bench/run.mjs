// `npm run bench`: SBOM generation on the largest corpus lockfiles, side by side with the field's
// reference tools on the same files in the same run. Prints wall time (median of N runs), peak RSS
// and the ratio. Peers are installed from the npm registry into .bench/ on first use.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { formatResult, measure } from './measure.mjs';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const corpus = process.env.VERISHIP_CORPUS ?? resolve(root, '..', 'shared', 'corpus');
const cli = join(root, 'dist', 'cli.mjs');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const offline = { ...process.env, npm_config_offline: 'true', FETCH_LICENSE: 'false', CDXGEN_DEBUG_MODE: '' };

const largest = [
  'npm-v2/create-react-app/package-lock.json',
  'npm-v3/lerna/package-lock.json',
  'npm-v1/atom-script/package-lock.json',
  'pnpm-v9/pnpm-multidoc/pnpm-lock.yaml',
  'yarn-berry/babel/yarn.lock',
  'yarn-v1/webpack/yarn.lock',
  'uv/pydantic/uv.lock',
  'poetry-2/poetry/poetry.lock',
  'requirements/warehouse-includes/requirements.txt',
];

function packageCount(file) {
  const out = execFileSync(process.execPath, [cli, 'sbom', file, '--quiet'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  return JSON.parse(out).components.length;
}

/** Installs a peer tool into .bench/peers once; returns its bin path or undefined if it cannot be had. */
function peerBin(name, bin) {
  const local = join(root, 'node_modules', '.bin', bin);
  if (existsSync(local)) return local;
  const prefix = join(root, '.bench', 'peers');
  const installed = join(prefix, 'node_modules', '.bin', bin);
  if (!existsSync(installed)) {
    mkdirSync(prefix, { recursive: true });
    try {
      console.log(`(installing ${name} into .bench/peers for comparison)`);
      execFileSync(
        'npm',
        [
          'install',
          '--prefix',
          prefix,
          '--no-save',
          '--omit=optional',
          '--ignore-scripts',
          '--no-audit',
          '--no-fund',
          name,
        ],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
    } catch {
      return undefined;
    }
  }
  return existsSync(installed) ? installed : undefined;
}

function projectCopy(lockfile) {
  const directory = mkdtempSync(join(tmpdir(), 'veriship-bench-'));
  cpSync(dirname(lockfile), directory, { recursive: true });
  return join(directory, basename(lockfile));
}

const baseline = measure(process.execPath, ['-e', '0'], { runs });
console.log(`node start-up (node -e 0): ${formatResult(baseline)}\n`);
console.log(`veriship sbom, CycloneDX 1.6 JSON, median of ${runs} runs`);
console.log('lockfile'.padEnd(52), 'components'.padStart(10), '  size      ', 'result');
for (const relative of largest) {
  const file = join(corpus, 'lockfiles', relative);
  if (!existsSync(file)) continue;
  const result = measure(process.execPath, [cli, 'sbom', file, '--quiet', '-o', '/dev/null'], { runs });
  const size = `${(statSync(file).size / 1024).toFixed(0)} KiB`.padEnd(10);
  console.log(relative.padEnd(52), String(packageCount(file)).padStart(10), ' ', size, formatResult(result));
}

console.log('\nSide by side (npm lockfiles, >1,500 packages):');
const cyclonedxNpm = peerBin('@cyclonedx/cyclonedx-npm', 'cyclonedx-npm');
const cdxgen = peerBin('@cyclonedx/cdxgen', 'cdxgen');
for (const relative of ['npm-v2/create-react-app/package-lock.json', 'npm-v3/lerna/package-lock.json']) {
  const file = projectCopy(join(corpus, 'lockfiles', relative));
  const directory = dirname(file);
  const ours = measure(process.execPath, [cli, 'sbom', directory, '--quiet', '-o', '/dev/null'], { runs });
  console.log(`\n${relative}`);
  console.log(`  veriship                         ${formatResult(ours)}`);
  const peers = [
    [
      'cyclonedx-npm --package-lock-only',
      cyclonedxNpm,
      [
        '--package-lock-only',
        '--ignore-npm-errors',
        '--output-file',
        '/dev/null',
        '--output-format',
        'JSON',
        '--no-validate',
        join(directory, 'package.json'),
      ],
    ],
    [
      'cdxgen (offline, no install)',
      cdxgen,
      ['-t', 'js', '--no-install-deps', '--no-recurse', '-o', join(directory, 'cdxgen.json'), directory],
    ],
  ];
  for (const [label, bin, args] of peers) {
    if (!bin) {
      console.log(`  ${label.padEnd(32)} not available`);
      continue;
    }
    const theirs = measure(bin, args, { runs: Math.min(runs, 3), cwd: directory, env: offline });
    const ratio =
      theirs.ok && ours.ok ? `  → veriship ${(theirs.seconds / ours.seconds).toFixed(1)}× faster` : '';
    console.log(`  ${label.padEnd(32)} ${formatResult(theirs)}${ratio}`);
  }
}

// validate / diff / merge on the largest real SBOMs of the corpus (one process per command, start-up included).
const juiceShop = join(corpus, 'sbom', 'cyclonedx', 'real', 'juice-shop-npm-flat', 'bom.1.4.json');
const dropwizard = join(corpus, 'sbom', 'cyclonedx', 'real', 'dropwizard-1.3.15', 'bom.json');
const laravel = join(corpus, 'sbom', 'cyclonedx', 'real', 'laravel-7.12.0', 'bom.1.3.json');
const validateXml = join(corpus, 'sbom', 'cyclonedx', 'spec-tests', '1.6', 'valid-bom-1.6.xml');
console.log(`\nveriship sbom validate / diff / merge, median of ${runs} runs`);
for (const [label, args] of [
  ['validate juice-shop (CycloneDX 1.4 JSON, 1.9 MB)', ['sbom', 'validate', juiceShop]],
  ['validate valid-bom-1.6.xml (XSD, xmllint-wasm)', ['sbom', 'validate', validateXml]],
  ['diff juice-shop against itself', ['sbom', 'diff', juiceShop, juiceShop]],
  [
    'merge juice-shop + dropwizard + laravel',
    ['sbom', 'merge', juiceShop, dropwizard, laravel, '-o', '/dev/null'],
  ],
]) {
  if (!existsSync(args[2])) continue;
  console.log(`  ${label.padEnd(52)} ${formatResult(measure(process.execPath, [cli, ...args], { runs }))}`);
}
