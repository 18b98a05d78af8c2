// `npm start`: the main job on the bundled example projects. Generates a CycloneDX 1.6 SBOM for each
// project in examples/, validates it against the official schema, and prints where it went.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const cli = join('dist', 'cli.mjs');
const outputDirectory = join('out', 'examples');
mkdirSync(outputDirectory, { recursive: true });

function veriship(...args) {
  console.log(`$ veriship ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 4);
}

for (const project of readdirSync('examples').sort()) {
  const sbom = join(outputDirectory, `${project}.cdx.json`);
  veriship('sbom', join('examples', project), '-o', sbom);
  veriship('sbom', 'validate', sbom);
}
const all = join(outputDirectory, 'all.spdx.json');
veriship('sbom', 'examples', '--recursive', '--format', 'spdx-json', '-o', all);
veriship('sbom', 'validate', all);
console.log(`\nSBOMs written to ${outputDirectory}/`);
