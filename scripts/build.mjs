// Bundles the CLI and the library into dist/ with esbuild. Bundling matters for start-up: resolving and
// reading hundreds of small module files costs more than parsing one file. Commands stay separate
// chunks (code splitting) so each loads only what it uses.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/bin.ts', index: 'src/index.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Optional peers of @cyclonedx/cyclonedx-library that we do not use (native libxml2 binding), and
  // xmllint-wasm, which loads its .wasm file from its own folder at run time.
  external: ['libxmljs2', 'xmllint-wasm'],
  // esbuild's ESM output cannot `require` externals by itself; give bundled CommonJS a real require.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __veriship_createRequire } from 'node:module';\nconst require = __veriship_createRequire(import.meta.url);",
  },
  legalComments: 'linked',
  logLevel: 'warning',
});
