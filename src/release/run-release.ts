import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { VerishipConfig } from '../config/veriship-config.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { FileSystem } from '../io/file-system.js';
import type { Clock, Environment } from '../runtime.js';
import type { SigningMethod } from '../signing/sign/signing-method.js';
import type { TrustedRoot } from '../signing/verify/trusted-root.js';
import { projectIdentity } from './project-identity.js';
import { type ReleaseContext, releasePath } from './release-context.js';
import { ReleaseGateError } from './release-error.js';
import {
  checkNothingElseInDist,
  findArtifacts,
  releaseInProgressMarker,
  removeEarlierOutputs,
} from './release-outputs.js';
import { badgesStep } from './steps/badges-step.js';
import { checksumsStep } from './steps/checksums-step.js';
import { manifestStep, type StepRecord, summaryStep } from './steps/manifest-step.js';
import { policyStep, releasePolicies } from './steps/policy-step.js';
import { provenanceStep } from './steps/provenance-step.js';
import { sbomStep } from './steps/sbom-step.js';
import { scanStep } from './steps/scan-step.js';
import { signaturesStep } from './steps/signatures-step.js';

export interface ReleaseOptions {
  config: VerishipConfig;
  signer: SigningMethod;
  clock: Clock;
  environment: Environment;
  fileSystem: FileSystem;
  toolVersion: string;
  /**
   * Sigstore trust root, so the policy gate can verify keyless signatures this run made (key-based
   * signatures are checked against the signing key itself).
   */
  trustedRoot?: TrustedRoot;
  /** Called as each step ends, for a live report. */
  onStep?: (step: StepOutcome) => void;
}

export interface StepOutcome {
  name: string;
  status: 'passed' | 'warned' | 'failed';
  detail: string;
  seconds: number;
}

export interface ReleaseResult {
  name: string;
  version: string;
  steps: StepOutcome[];
  /** The signed manifest, when every step passed. */
  manifest: string | undefined;
}

type StepRun = (context: ReleaseContext) => Promise<string | { detail: string; status: 'passed' | 'warned' }>;

/**
 * The release flow (docs/release-workflow.md): build, checksums, SBOMs, provenance, signatures, scan,
 * policy gate, badges, summary, signed manifest. Steps run in order and the first failure stops the
 * release: its error propagates (after `onStep` reported it), and no manifest is signed.
 */
export async function runRelease(options: ReleaseOptions): Promise<ReleaseResult> {
  const { config } = options;
  const startedOn = options.clock.now();
  const steps: StepOutcome[] = [];
  const identity = await projectIdentity(config.project, config, options.fileSystem);
  const result: ReleaseResult = { ...identity, steps, manifest: undefined };

  const run = async (
    name: string,
    step: () => Promise<string | { detail: string; status: 'passed' | 'warned' }>,
  ) => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const outcome = await step();
      const record: StepOutcome =
        typeof outcome === 'string'
          ? { name, status: 'passed', detail: outcome, seconds: seconds() }
          : { name, ...outcome, seconds: seconds() };
      steps.push(record);
      options.onStep?.(record);
    } catch (error) {
      const record: StepOutcome = {
        name,
        status: 'failed',
        detail: (error as Error).message,
        seconds: seconds(),
      };
      steps.push(record);
      options.onStep?.(record);
      throw error;
    }
  };

  // An earlier run's outputs go first: a release that fails from here on must not leave its predecessor's
  // signed manifest behind as if it were this one's.
  if ((await options.fileSystem.kind(config.dist)) === 'directory') {
    await removeEarlierOutputs(config.dist, options.fileSystem);
  }
  if (config.build !== undefined) {
    const command = config.build;
    await run('build', async () => runBuild(command, config.project, options.environment));
  }
  const context: ReleaseContext = {
    config,
    ...identity,
    artifacts: [],
    signer: options.signer,
    clock: options.clock,
    environment: options.environment,
    fileSystem: options.fileSystem,
    toolVersion: options.toolVersion,
    ...(options.trustedRoot ? { trustedRoot: options.trustedRoot } : {}),
    files: [],
    facts: { wheelSboms: [], signed: 0 },
  };
  context.artifacts = await findArtifacts(config.dist, config.artifacts, options.fileSystem);
  await checkNothingElseInDist(config.dist, context.artifacts, options.fileSystem);
  // Configuration errors before anything is signed: no gate, or a policy that does not compile.
  await releasePolicies(context);
  // From here on dist holds veriship's outputs: if this run stops, the next may delete them.
  await writeFileAtomic(
    join(config.dist, releaseInProgressMarker),
    'A veriship release is being written to this folder (removed once release.json is signed).\n',
  );

  const ordered: [string, StepRun][] = [
    ['checksums', checksumsStep],
    ['sbom', sbomStep],
    ['provenance', (c) => provenanceStep(c, startedOn)],
    ['signatures', signaturesStep],
    ['scan', scanStep],
    ['policy', policyStep],
    ['badges', badgesStep],
  ];
  for (const [name, step] of ordered) await run(name, () => step(context));
  const records = (): StepRecord[] =>
    steps.map((step) => ({
      name: step.name,
      status: step.status === 'warned' ? 'warned' : 'passed',
      detail: step.detail,
    }));
  await run(
    'summary',
    async () => `written to ${releasePath(context, await summaryStep(context, records()))}`,
  );
  await run('manifest', () => manifestStep(context, records()));
  result.manifest = `${config.dist}/release.json`;
  return result;
}

/** The configured build command, through the shell, in the project folder; its output goes to stderr. */
function runBuild(command: string, directory: string, environment: Environment): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, {
      cwd: directory,
      shell: true,
      stdio: ['ignore', 2, 2],
      env: { ...process.env, ...environment } as NodeJS.ProcessEnv,
    });
    child.on('error', (error) =>
      reject(
        new ReleaseGateError({
          code: 'RELEASE_BUILD_FAILED',
          file: 'veriship.yaml',
          message: `build: ${error.message}`,
          cause: error,
        }),
      ),
    );
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(`\`${command}\` succeeded`);
      else
        reject(
          new ReleaseGateError({
            code: 'RELEASE_BUILD_FAILED',
            file: 'veriship.yaml',
            message: `build: \`${command}\` exited with ${signal ?? code}`,
          }),
        );
    });
  });
}
