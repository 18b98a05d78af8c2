import { readFileSync } from 'node:fs';

/**
 * The package version, read from package.json one folder up: true both for `src/version.ts` under tsx
 * and for the bundled `dist/cli.mjs`.
 */
export const verishipVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
