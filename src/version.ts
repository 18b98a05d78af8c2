import { readFileSync } from 'node:fs';

/** Set by the bundler (scripts/build.mjs) so that bundled chunks need not find package.json at run time. */
declare const __VERISHIP_VERSION__: string | undefined;

/**
 * The package version: injected into the bundle at build time; read from package.json one folder up when
 * running from source (tests under tsx).
 */
export const verishipVersion: string =
  typeof __VERISHIP_VERSION__ === 'string'
    ? __VERISHIP_VERSION__
    : (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
        .version;
