import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { build } from 'esbuild';
import { repositoryRoot } from '../../testing/corpus.js';

/**
 * `veriship scan` runs from the esbuild bundle, where importing the CommonJS ae-cvss-calculator (which sets
 * `__esModule` but has no `default`) could yield `undefined` under bundler interop. Bundle the scorer with
 * the settings of scripts/build.mjs and run it, so that never reaches a release unnoticed.
 */
describe('scoreCvss from an esbuild bundle', () => {
  it('loads ae-cvss-calculator and scores a vector', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'veriship-cvss-bundle-'));
    try {
      const outfile = join(directory, 'probe.mjs');
      await build({
        stdin: {
          contents: [
            "import { scoreCvss } from './src/vuln/severity/score-cvss.js';",
            "console.log(JSON.stringify(scoreCvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')));",
          ].join('\n'),
          resolveDir: repositoryRoot,
          loader: 'ts',
          sourcefile: 'probe.ts',
        },
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        outfile,
        logLevel: 'error',
      });
      const output = execFileSync(process.execPath, [outfile], { encoding: 'utf8' });
      assert.deepEqual(JSON.parse(output), {
        version: '4.0',
        vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
        score: 9.3,
        severity: 'critical',
      });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
