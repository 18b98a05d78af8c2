// `npm start`: the main job on the bundled example projects.
//  1. An SBOM for each project in examples/, validated against the official schema.
//  2. The whole release flow on examples/python-package (a wheel) and examples/npm-package (an npm
//     tarball): build, `veriship release`, then `veriship verify-release` as a consumer would.
// Everything is written under out/examples/ (the examples are copied there, each as its own git
// checkout, so the provenance records a real commit). The advisory database is built from
// examples/advisories/ (offline); the signing key is generated for the run.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const cli = resolve('dist', 'cli.mjs');
const out = resolve('out', 'examples');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

function veriship(args, options = {}) {
  console.log(`$ veriship ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 4);
}

function run(command, args, cwd) {
  console.log(`$ (cd ${cwd}) ${command} ${args.join(' ')}`);
  execFileSync(command, args, { cwd, stdio: 'inherit' });
}

console.log('# 1. SBOMs of the example projects\n');
for (const project of ['node-app', 'python-app']) {
  const sbom = join(out, `${project}.cdx.json`);
  veriship(['sbom', join('examples', project), '-o', sbom]);
  veriship(['sbom', 'validate', sbom]);
}

console.log('\n# 2. The release flow on the release examples\n');
const database = join(out, 'advisories.db');
const key = join(out, 'release');
veriship(['db', 'import', join('examples', 'advisories'), '--db', database]);
veriship(['keys', 'generate', '--out', key, '--no-passphrase']);
const builds = {
  'python-package': ['node', ['build.mjs']],
  'npm-package': ['npm', ['pack', '--pack-destination', 'dist', '--offline', '--silent']],
};
for (const [name, [command, args]] of Object.entries(builds)) {
  const project = join(out, name);
  cpSync(join('examples', name), project, { recursive: true, filter: (path) => !path.includes('/dist') });
  mkdirSync(join(project, 'dist'), { recursive: true });
  run(command, args, project);
  // Its own checkout, with a remote on a reserved domain: the provenance names a real commit.
  const git = (...gitArgs) => execFileSync('git', ['-C', project, ...gitArgs], { stdio: 'ignore' });
  writeFileSync(join(project, '.gitignore'), 'dist/\n');
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', `https://example.invalid/veriship-examples/${name}.git`);
  git('add', '-A');
  git(
    '-c',
    'user.name=veriship example',
    '-c',
    'user.email=example@example.invalid',
    'commit',
    '-q',
    '-m',
    'example',
  );
  veriship([
    'release',
    '--project',
    project,
    '--dist',
    join(project, 'dist'),
    '--key',
    `${key}.key`,
    '--db',
    database,
  ]);
  veriship([
    'verify-release',
    join(project, 'dist'),
    '--key',
    `${key}.pub`,
    '--source-uri',
    `example.invalid/veriship-examples/${name}`,
    '--source-ref',
    'refs/heads/main',
  ]);
}
console.log(`\nSBOMs and releases written to ${out}/`);
