import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig } from '../../config/veriship-config.js';
import type { ReleaseContext, ReleaseFacts } from '../release-context.js';
import { type StepRecord, summaryStep } from './manifest-step.js';

/** What the summary reads of a release: its name, its artifacts, the facts and the environment. */
function summaryContext(
  options: { name?: string; version?: string; facts?: Partial<ReleaseFacts>; stepSummary?: string } = {},
): ReleaseContext {
  const dist = mkdtempSync(join(tmpdir(), 'veriship-summary-'));
  return {
    config: { ...defaultConfig, dist },
    name: options.name ?? 'app',
    version: options.version ?? '1.0.0',
    artifacts: [join(dist, 'app-1.0.0.tgz')],
    environment: options.stepSummary ? { GITHUB_STEP_SUMMARY: options.stepSummary } : {},
    files: [],
    facts: { wheelSboms: [], signed: 1, ...options.facts },
  } as unknown as ReleaseContext;
}

function scanFacts(bySeverity: Record<string, number>, lines: string[]): ReleaseFacts['scan'] {
  return { report: 'scan/scan.json', findings: lines.length, bySeverity, suppressed: 0, lines };
}

/** The cells of a GFM table row: split on the pipes no backslash escapes (GFM 0.29 §4.10). */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

describe('summaryStep', () => {
  describe('when names, versions and step details hold Markdown or HTML', () => {
    const steps: StepRecord[] = [
      { name: 'build', status: 'passed', detail: '`make A=1|2` succeeded' },
      { name: 'provenance', status: 'passed', detail: 'builder https://x.invalid/a|b <!-- \\| *' },
    ];
    const finding = 'OSV-1 (unknown) evil<!--pkg 1.0\r\n# heading, fixed in <b>2</b>';

    it('writes them as literal text: no raw HTML, no extra cells, no new blocks', async () => {
      const context = summaryContext({
        name: '<img src=x onerror=alert(1)>',
        version: '1.0_beta',
        facts: { scan: scanFacts({ unknown: 1 }, [finding]) },
      });
      const lines = readFileSync(await summaryStep(context, steps), 'utf8').split('\n');
      assert.equal(lines[0], '# \\<img src=x onerror=alert(1)\\> 1.0\\_beta: release evidence');
      const rows = lines.filter((line) => line.startsWith('| ') && !line.startsWith('| step'));
      assert.deepEqual(rows.map(cells), [
        ['build', '✅ `make A=1\\|2` succeeded'],
        ['provenance', '✅ builder https://x.invalid/a\\|b \\<!-- \\\\\\| \\*'],
      ]);
      assert.ok(
        lines.includes('- OSV-1 (unknown) evil\\<!--pkg 1.0 # heading, fixed in \\<b\\>2\\</b\\>'),
        lines.join('\n'),
      );
      assert.ok(
        !lines.some((line) => line.startsWith('# heading')),
        'a line break in a finding began a heading',
      );
    });
  });

  it('counts unscored findings in the vulnerabilities line, as it lists them', async () => {
    const context = summaryContext({
      facts: {
        scan: scanFacts({ critical: 0, high: 0, medium: 0, low: 0, unknown: 1 }, ['OSV-1 (unknown) a 1']),
      },
    });
    const text = readFileSync(await summaryStep(context, []), 'utf8');
    assert.match(text, /^Vulnerabilities: 0 critical, 0 high, 0 medium, 0 low, 1 unknown; 0 suppressed/m);
  });

  it('appends the same text to $GITHUB_STEP_SUMMARY, after what is there', async () => {
    const stepSummary = join(mkdtempSync(join(tmpdir(), 'veriship-step-summary-')), 'step_summary');
    writeFileSync(stepSummary, 'earlier step\n');
    const path = await summaryStep(summaryContext({ stepSummary }), []);
    assert.equal(readFileSync(stepSummary, 'utf8'), `earlier step\n${readFileSync(path, 'utf8')}\n`);
  });
});
