// `node bench/release.mjs` (after `npm run build`): the release flow's figures for issue 8, printed, not
// asserted. For each project: `veriship release` (whole process) with its per-step times, then
// `veriship verify-release` on the result. Projects: the bundled examples (when built) and a large
// lockfile project (create-react-app, ~2,100 packages), each as a git checkout with one artifact.
// The advisory database is the corpus's OSV records. BENCH_RUNS (default 3), VERISHIP_DIST.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatResult, measure } from './measure.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(resolve(process.env.VERISHIP_DIST ?? join(root, 'dist')), 'cli.mjs');
const corpus = process.env.VERISHIP_CORPUS ?? resolve(root, '..', 'shared', 'corpus');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const workspace = mkdtempSync(join(tmpdir(), 'veriship-bench-release-'));
process.on('exit', () => rmSync(workspace, { recursive: true, force: true }));

const veriship = (...args) => {
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: '1764000000' },
  });
  if (result.status !== 0) throw new Error(`veriship ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};
const database = join(workspace, 'db');
veriship('db', 'import', join(corpus, 'osv'), '--db', database);
veriship('keys', 'generate', '--out', join(workspace, 'release'), '--no-passphrase');

function project(name, files, config = '{}\n') {
  const directory = join(workspace, name);
  mkdirSync(join(directory, 'dist'), { recursive: true });
  for (const [file, source] of Object.entries(files)) cpSync(source, join(directory, file));
  writeFileSync(join(directory, '.gitignore'), 'dist/\n');
  writeFileSync(join(directory, 'veriship.yaml'), config);
  const git = (...args) => execFileSync('git', ['-C', directory, ...args], { stdio: 'ignore' });
  git('init', '-q');
  git('remote', 'add', 'origin', `https://example.invalid/bench/${name}.git`);
  git('add', '-A');
  git('-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-q', '-m', 'bench');
  writeFileSync(join(directory, 'dist', `${name}-1.0.0.tgz`), 'x'.repeat(1 << 20));
  return directory;
}

const projects = [
  [
    'node-app (example)',
    project('node-app', {
      'package.json': join(root, 'examples/node-app/package.json'),
      'package-lock.json': join(root, 'examples/node-app/package-lock.json'),
    }),
  ],
];
const cra = join(corpus, 'lockfiles/npm-v2/create-react-app');
if (existsSync(cra)) {
  const files = { 'package-lock.json': join(cra, 'package-lock.json') };
  if (existsSync(join(cra, 'package.json'))) files['package.json'] = join(cra, 'package.json');
  // Its manifest has no version, and its workspace packages have no hash, which the built-in
  // pinned-dependencies rule rejects: the bench evaluates the pack with an exception for them, so that
  // the whole flow runs (and the policy step still evaluates every rule over every component).
  const policy = join(workspace, 'bench-policy.yaml');
  veriship('policy', 'init', '-o', policy);
  const exception =
    '\nexceptions:\n  - rule: pinned-dependencies\n    match: "true"\n    reason: workspace packages are not downloaded\n    expires: 2099-01-01\n';
  writeFileSync(policy, readFileSync(policy, 'utf8') + exception);
  const config = `name: create-react-app\nversion: 1.0.0\npolicy:\n  builtin: false\n  files: [${policy}]\n`;
  projects.push(['create-react-app (~2,100 packages)', project('cra', files, config)]);
}

console.log(`release flow (${runs} runs, median; whole process including Node start-up)`);
for (const [label, directory] of projects) {
  const args = [
    cli,
    'release',
    '--config',
    join(directory, 'veriship.yaml'),
    '--project',
    directory,
    '--dist',
    join(directory, 'dist'),
    '--key',
    join(workspace, 'release.key'),
    '--db',
    database,
    '--fail-on',
    'none',
  ];
  const env = { ...process.env, SOURCE_DATE_EPOCH: '1764000000' };
  const releaseResult = measure(process.execPath, args, { runs, env });
  const steps = JSON.parse(
    spawnSync(process.execPath, [...args, '--format', 'json'], { encoding: 'utf8', env }).stdout ||
      '{"steps":[]}',
  ).steps;
  const verifyResult = measure(
    process.execPath,
    [cli, 'verify-release', join(directory, 'dist'), '--key', join(workspace, 'release.pub')],
    { runs },
  );
  console.log(`  ${label}`);
  console.log(`    release         ${formatResult(releaseResult)}`);
  console.log(
    `      steps: ${steps.map((step) => `${step.name} ${(step.seconds * 1000).toFixed(0)} ms`).join(', ')}`,
  );
  console.log(`    verify-release  ${formatResult(verifyResult)}`);
}
