// `npm run bench`: SBOM generation on the largest corpus lockfiles, side by side with the field's
// reference tools on the same files in the same run. Prints wall time (median of N runs), peak RSS
// and the ratio. Peers are installed from the npm registry into .bench/ on first use.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { formatResult, measure, sampleTreeRss } from './measure.mjs';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const corpus = process.env.VERISHIP_CORPUS ?? resolve(root, '..', 'shared', 'corpus');
const cli = join(root, 'dist', 'cli.mjs');
const runs = Number(process.env.BENCH_RUNS ?? 5);
// Checked with `strace -f -e trace=connect` (cdxgen 12.8, cyclonedx-npm 6.0): with these settings neither
// opens a network connection on these lockfiles.
const offline = { ...process.env, npm_config_offline: 'true', FETCH_LICENSE: 'false', CDXGEN_DEBUG_MODE: '' };
// Every tool writes its SBOM to a real file here (never /dev/null: `veriship -o` writes atomically, by
// rename, which as root would replace /dev/null itself).
const scratch = mkdtempSync(join(tmpdir(), 'veriship-bench-out-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
const outFile = (name) => join(scratch, name);

/** A check for measure(): the run must have written a CycloneDX JSON file with components; removes it. */
function sbomWritten(file, minimum = 1) {
  return () => {
    if (!existsSync(file)) throw new Error(`no output file ${basename(file)}`);
    const count = JSON.parse(readFileSync(file, 'utf8')).components?.length ?? 0;
    rmSync(file, { force: true });
    if (count < minimum) throw new Error(`SBOM has ${count} components, expected at least ${minimum}`);
    return count;
  };
}

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
  const output = outFile('veriship.cdx.json');
  const result = measure(process.execPath, [cli, 'sbom', file, '--quiet', '-o', output], {
    runs,
    check: sbomWritten(output),
  });
  const size = `${(statSync(file).size / 1024).toFixed(0)} KiB`.padEnd(10);
  console.log(relative.padEnd(52), String(packageCount(file)).padStart(10), ' ', size, formatResult(result));
}

const peerRuns = Math.min(runs, 3);
console.log(
  `\nSide by side (npm lockfiles, >1,500 packages; veriship median of ${runs}, peers median of ${peerRuns};` +
    ' each after 1 untimed warm-up run; every output file checked for components and deleted between runs).' +
    '\nPeak RSS (GNU time %M) is the largest single process; "tree" is the sampled sum over the process and' +
    ' its children (cyclonedx-npm runs `npm ls`), from one extra untimed run.',
);
const cyclonedxNpm = peerBin('@cyclonedx/cyclonedx-npm', 'cyclonedx-npm');
const cdxgen = peerBin('@cyclonedx/cdxgen', 'cdxgen');
for (const relative of ['npm-v2/create-react-app/package-lock.json', 'npm-v3/lerna/package-lock.json']) {
  const file = projectCopy(join(corpus, 'lockfiles', relative));
  const directory = dirname(file);
  process.on('exit', () => rmSync(directory, { recursive: true, force: true }));
  const ourOutput = outFile('veriship-side.cdx.json');
  const ourArgs = [cli, 'sbom', directory, '--quiet', '-o', ourOutput];
  const ours = measure(process.execPath, ourArgs, { runs, check: sbomWritten(ourOutput) });
  const ourTree = ours.ok ? await sampleTreeRss(process.execPath, ourArgs) : undefined;
  const tree = (mib) => (mib === undefined ? '' : `, tree ${mib.toFixed(0)} MiB`);
  const components = (result) => (result.ok ? `, ${result.checked} components` : '');
  console.log(`\n${relative}`);
  console.log(`  ${'veriship'.padEnd(34)} ${formatResult(ours)}${tree(ourTree)}${components(ours)}`);
  const peers = [
    [
      'cyclonedx-npm --package-lock-only',
      cyclonedxNpm,
      [
        '--package-lock-only',
        '--ignore-npm-errors',
        '--output-file',
        outFile('cyclonedx-npm.json'),
        '--output-format',
        'JSON',
        '--no-validate',
        join(directory, 'package.json'),
      ],
    ],
    [
      'cdxgen (offline, no install)',
      cdxgen,
      ['-t', 'js', '--no-install-deps', '--no-recurse', '-o', outFile('cdxgen.json'), directory],
    ],
  ];
  for (const [label, bin, args] of peers) {
    const output = args.includes('--output-file')
      ? args[args.indexOf('--output-file') + 1]
      : args[args.indexOf('-o') + 1];
    if (!bin) {
      console.log(`  ${label.padEnd(34)} not available`);
      continue;
    }
    // A peer that exits 0 without an SBOM, or with a fraction of the packages, is a failure, not a time.
    const minimum = ours.ok ? Math.ceil(ours.checked / 2) : 1;
    const theirs = measure(bin, args, {
      runs: peerRuns,
      cwd: directory,
      env: offline,
      check: sbomWritten(output, minimum),
    });
    const theirTree = theirs.ok
      ? await sampleTreeRss(bin, args, { cwd: directory, env: offline })
      : undefined;
    rmSync(output, { force: true });
    let ratio = '';
    if (theirs.ok && ours.ok) {
      const speed = theirs.seconds / ours.seconds; // > 1: veriship takes less time
      ratio =
        speed >= 1
          ? `  → veriship ${speed.toFixed(1)}× faster`
          : `  → veriship ${(1 / speed).toFixed(1)}× slower`;
    }
    console.log(
      `  ${label.padEnd(34)} ${formatResult(theirs)}${tree(theirTree)}${components(theirs)}${ratio}`,
    );
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
    ['sbom', 'merge', juiceShop, dropwizard, laravel, '-o', outFile('merged.cdx.json')],
  ],
]) {
  if (!existsSync(args[2])) continue;
  console.log(`  ${label.padEnd(52)} ${formatResult(measure(process.execPath, [cli, ...args], { runs }))}`);
}
