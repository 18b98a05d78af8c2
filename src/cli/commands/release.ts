import {
  defaultConfig,
  failOnLevels,
  parseVerishipConfig,
  type VerishipConfig,
} from '../../config/veriship-config.js';
import { UsageError } from '../../errors.js';
import { runRelease, type StepOutcome } from '../../release/run-release.js';
import { systemClock } from '../../runtime.js';
import { parseTrustedRoot } from '../../signing/verify/trusted-root.js';
import { verishipVersion } from '../../version.js';
import type { CliContext, Command, ParsedValues } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { writeOutput } from '../output.js';
import { oneOf } from '../parse-arguments.js';
import { keylessFlagOptions, keyOptions, signingMethod } from '../signing-options.js';
import { stringOption } from '../trust-options.js';

export const releaseCommand: Command = {
  name: 'release',
  summary:
    'checksums, SBOMs, provenance, signatures, scan and policy gate for a release, with a signed manifest',
  usage:
    'veriship release [--config veriship.yaml] [--dist DIR] (--key KEY | --key-env NAME | --keyless) [--db DIR] [--fail-on LEVEL] [--policy FILE...] [--format text|json]',
  description: [
    'Runs the release flow on the built artifacts in the dist folder (docs/release-workflow.md), in order,',
    'stopping at the first failure: build (if configured), checksums.txt, SBOMs (project and each wheel,',
    'CycloneDX 1.6, validated), SLSA v1 provenance, a signature for each artifact, SBOM and checksums file,',
    'vulnerability scan (JSON, SARIF, signed attestation), the policy gate (built-in pack plus the project',
    'policies), badges, a Markdown summary ($GITHUB_STEP_SUMMARY too), and release.json: every file, its',
    'digest, role and signature, itself signed. Works without a config file: name and version come from',
    'package.json or pyproject.toml, the artifacts are the files in dist. Exit 1 when a step fails (the',
    'scan is over --fail-on, the policy denies): then no manifest is signed. Layout: docs/artifacts.md.',
  ].join('\n'),
  options: {
    config: {
      type: 'string',
      value: 'FILE',
      description: 'release configuration (default ./veriship.yaml when present)',
    },
    dist: {
      type: 'string',
      value: 'DIR',
      description: 'the folder with the artifacts, where outputs go (default dist)',
    },
    project: {
      type: 'string',
      value: 'DIR',
      description: 'the project folder (lockfiles, manifest, git; default .)',
    },
    ...keyOptions,
    ...keylessFlagOptions,
    'trusted-root': {
      type: 'string',
      value: 'FILE',
      description: 'Sigstore trusted_root.json: lets the policy gate verify keyless signatures',
    },
    db: {
      type: 'string',
      value: 'DIR',
      description:
        'advisory database folder (default: veriship.yaml scan.database, else $VERISHIP_DB_DIR, else $XDG_CACHE_HOME/veriship/db, else ~/.cache/veriship/db)',
    },
    'fail-on': {
      type: 'string',
      value: 'LEVEL',
      description: 'fail at or above this severity (default high)',
    },
    vex: {
      type: 'string',
      multiple: true,
      value: 'FILE',
      description: 'VEX documents for the scan (repeatable)',
    },
    policy: {
      type: 'string',
      multiple: true,
      value: 'FILE',
      description: 'project policy file or folder (repeatable)',
    },
    format: { type: 'string', value: 'FORMAT', description: 'report: text (default) or json' },
  },
  async run(values, positionals, context) {
    if (positionals.length > 0)
      throw new UsageError(`release: unexpected argument ${positionals[0]} (use --dist DIR)`);
    const format = oneOf('release', 'format', values.format, ['text', 'json'] as const, 'text');
    const config = await readConfig(values, context);
    const signer = await signingMethod('release', values, context);
    const steps: StepOutcome[] = [];
    const report = (step: StepOutcome) => {
      steps.push(step);
      if (format === 'text') {
        const mark = step.status === 'passed' ? '✓' : step.status === 'warned' ? '!' : '✗';
        context.stderr.write(
          `${mark} ${step.name.padEnd(10)} ${step.detail} (${step.seconds.toFixed(2)} s)\n`,
        );
      }
    };
    const trustedRootPath = stringOption(values, 'trusted-root');
    const trustedRoot = trustedRootPath
      ? parseTrustedRoot(await context.fileSystem.readFile(trustedRootPath), trustedRootPath)
      : undefined;
    let result: Awaited<ReturnType<typeof runRelease>>;
    try {
      result = await runRelease({
        config,
        signer,
        ...(trustedRoot ? { trustedRoot } : {}),
        clock: systemClock(context.environment),
        environment: context.environment,
        fileSystem: context.fileSystem,
        toolVersion: verishipVersion,
        onStep: report,
      });
    } catch (error) {
      // CI reads the JSON report whatever happened: the steps that ran and why the release stopped. The
      // error still reaches stderr and the exit code as for any command.
      if (format === 'json') {
        const { code, message } = error as { code?: unknown; message?: unknown };
        const stopped = {
          released: false,
          steps,
          error: { code: code ?? 'INTERNAL', message: String(message) },
        };
        await writeOutput(context, undefined, `${JSON.stringify(stopped, null, 2)}\n`);
      }
      throw error;
    }
    await writeOutput(
      context,
      undefined,
      format === 'json'
        ? `${JSON.stringify({ released: true, ...result }, null, 2)}\n`
        : `${result.name} ${result.version}: released; manifest ${result.manifest}\n`,
    );
    return ExitCode.ok;
  },
};

async function readConfig(values: ParsedValues, context: CliContext): Promise<VerishipConfig> {
  const explicit = stringOption(values, 'config');
  const file = explicit ?? 'veriship.yaml';
  const config =
    explicit !== undefined || (await context.fileSystem.kind(file)) === 'file'
      ? parseVerishipConfig((await context.fileSystem.readFile(file)).toString('utf8'), file)
      : structuredClone(defaultConfig);
  const dist = stringOption(values, 'dist');
  if (dist !== undefined) config.dist = dist;
  const project = stringOption(values, 'project');
  if (project !== undefined) config.project = project;
  const database = stringOption(values, 'db');
  if (database !== undefined) config.scan.database = database;
  if (values['fail-on'] !== undefined) {
    config.scan.failOn = oneOf('release', 'fail-on', values['fail-on'], failOnLevels, 'high');
  }
  if (Array.isArray(values.vex)) config.scan.vex.push(...values.vex);
  if (Array.isArray(values.policy)) config.policy.files.push(...values.policy);
  return config;
}
