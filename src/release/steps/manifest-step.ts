import { appendFile, rm } from 'node:fs/promises';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { rfc3339 } from '../../provenance/slsa-v1.js';
import { serializeBundle } from '../../signing/sign/bundle-json.js';
import {
  manifestBundleName,
  manifestName,
  manifestSchema,
  type ReleaseManifest,
  serializeManifest,
} from '../manifest.js';
import { recordFile } from '../record-file.js';
import { inDist, type ReleaseContext } from '../release-context.js';
import { releaseInProgressMarker } from '../release-outputs.js';

export interface StepRecord {
  name: string;
  status: 'passed' | 'warned';
  detail?: string;
}

/** The Markdown summary (`dist/summary.md`, and `$GITHUB_STEP_SUMMARY` when set). */
export async function summaryStep(context: ReleaseContext, steps: readonly StepRecord[]): Promise<string> {
  const facts = context.facts;
  const lines = [
    `# ${markdownText(`${context.name} ${context.version}`)}: release evidence`,
    '',
    '| step | result |',
    '|---|---|',
    ...steps.map(
      (step) =>
        `| ${markdownText(step.name)} | ${step.status === 'passed' ? '✅' : '⚠️'} ${markdownCell(step.detail ?? '')} |`,
    ),
    '',
    `Artifacts: ${context.artifacts.length}; signed files: ${facts.signed}.`,
  ];
  if (facts.scan) {
    // Unscored (and zero-scored) findings are listed below too: counted here, or the line would say 0
    // of everything above a listed finding (the gate and the badge count unknowns as critical).
    const bySeverity = facts.scan.bySeverity;
    const counts = ['critical', 'high', 'medium', 'low', 'unknown', 'none']
      .filter((severity) => severity !== 'none' || (bySeverity[severity] ?? 0) > 0)
      .map((severity) => `${bySeverity[severity] ?? 0} ${severity}`);
    lines.push(
      `Vulnerabilities: ${counts.join(', ')}; ${facts.scan.suppressed} suppressed by VEX or ignores.`,
    );
    lines.push(...facts.scan.lines.slice(0, 20).map((line) => `- ${markdownText(line)}`));
    if (facts.scan.lines.length > 20)
      lines.push(`- … and ${facts.scan.lines.length - 20} more (scan/scan.json)`);
  }
  lines.push(
    '',
    'Verify with `veriship verify-release <dir> --key <public key>` (docs/verification.md).',
    '',
  );
  const text = lines.join('\n');
  const path = inDist(context, 'summary.md');
  await writeFileAtomic(path, text);
  await recordFile(context, path, 'summary');
  const stepSummary = context.environment.GITHUB_STEP_SUMMARY;
  if (stepSummary) await appendFile(stepSummary, `${text}\n`);
  return path;
}

/**
 * Text from outside (package names and versions from lockfiles, advisory ids, the configured name) as
 * literal Markdown. CommonMark 0.31 §2.4: a backslash escapes any ASCII punctuation, so `<` opens no raw
 * HTML (a version holding `<!--` would hide the rest of the summary), `|` ends no table cell (GFM
 * §4.10), `*`, `_`, `[`, `` ` `` format nothing, and a `\` stays one instead of escaping what follows.
 * A line break would start a new block (a fake table row, a heading): it becomes a space.
 */
function markdownText(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ').replace(/[\\`*_[\]<>&|~]/g, '\\$&');
}

/**
 * A table cell: a code span (the build step's `` `command` ``) is kept as one, since nothing inside it is
 * markup; only its `|` is escaped, which GFM §4.10 requires even inside code spans. The rest is text.
 */
function markdownCell(text: string): string {
  return text
    .split(/(`[^`\r\n]*`)/)
    .map((part, index) => (index % 2 === 1 ? part.replaceAll('|', '\\|') : markdownText(part)))
    .join('');
}

/** Step 7: `dist/release.json`, every file with digest, role and signature, then the manifest signed. */
export async function manifestStep(context: ReleaseContext, steps: readonly StepRecord[]): Promise<string> {
  const manifest: ReleaseManifest = {
    schema: manifestSchema,
    name: context.name,
    version: context.version,
    createdAt: rfc3339(context.clock.now()),
    tool: { name: 'veriship', version: context.toolVersion },
    signer: context.signer.describe(),
    steps: steps.map((step) => ({ ...step })),
    files: context.files,
  };
  const path = inDist(context, manifestName);
  // The manifest now vouches for the outputs; the folder must hold exactly what it lists.
  await rm(inDist(context, releaseInProgressMarker), { force: true });
  await writeFileAtomic(path, serializeManifest(manifest));
  await writeFileAtomic(
    inDist(context, manifestBundleName),
    serializeBundle(await context.signer.signFile(path)),
  );
  return `${context.files.length} file(s) listed; ${manifestName} signed`;
}
