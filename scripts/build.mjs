// Bundles the CLI and the library into dist/ with esbuild. Bundling matters for start-up: resolving and
// reading hundreds of small module files costs more than parsing one file. Commands stay separate
// chunks (code splitting) so each loads only what it uses.
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const lazyXmlBuilder = {
  name: 'lazy-xmlbuilder2',
  setup(builder) {
    builder.onResolve({ filter: /^xmlbuilder2$/ }, (args) =>
      args.importer.includes('cyclonedx-library')
        ? { path: fileURLToPath(new URL('./lazy-xmlbuilder2.cjs', import.meta.url)) }
        : { path: 'xmlbuilder2', external: true },
    );
  },
};

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

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
  // Left in node_modules and loaded only when needed: libxmljs2 (an optional native peer of the CycloneDX
  // library we do not use), ajv (only `sbom validate` needs it), and xmllint-wasm, which loads its .wasm
  // file from its own folder at run time; better-sqlite3, a native addon that finds its .node file itself.
  external: ['libxmljs2', 'xmllint-wasm', 'ajv', 'ajv-formats', 'ajv-formats-draft2019', 'better-sqlite3'],
  // esbuild's ESM output cannot `require` externals by itself; give bundled CommonJS a real require.
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __veriship_createRequire } from 'node:module';",
      "import { fileURLToPath as __veriship_fileURLToPath } from 'node:url';",
      'const require = __veriship_createRequire(import.meta.url);',
      // Bundled CommonJS (e.g. @yarnpkg/lockfile) may read these module-scoped names.
      'const __filename = __veriship_fileURLToPath(import.meta.url);',
      "const __dirname = __veriship_fileURLToPath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
  legalComments: 'linked',
  define: { __VERISHIP_VERSION__: JSON.stringify(version) },
  plugins: [lazyXmlBuilder],
  logLevel: 'warning',
});
chmodSync('dist/cli.mjs', 0o755);
