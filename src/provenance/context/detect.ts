import type { Environment } from '../../runtime.js';
import type { BuildContext } from './build-context.js';
import { detectGitHubActions } from './github-actions.js';
import { detectGitLabCi } from './gitlab-ci.js';
import { detectLocalGit, type GitRunner, repositoryUrl } from './local-git.js';

/** Flags that override what was detected (`veriship attest provenance --builder-id …`). */
export interface BuildContextOverrides {
  builderId?: string;
  repository?: string;
  ref?: string;
  commit?: string;
  invocationId?: string;
}

/** CI systems first, in this order; a checkout on a laptop last. */
const ciDetectors: readonly ((environment: Environment) => BuildContext | undefined)[] = [
  detectGitHubActions,
  detectGitLabCi,
];

export async function detectBuildContext(
  environment: Environment,
  git: GitRunner,
  overrides: BuildContextOverrides = {},
): Promise<BuildContext> {
  let context: BuildContext | undefined;
  for (const detect of ciDetectors) {
    context = detect(environment);
    if (context) break;
  }
  return applyOverrides(context ?? (await detectLocalGit(git)), overrides);
}

function applyOverrides(context: BuildContext, overrides: BuildContextOverrides): BuildContext {
  const result: BuildContext = { ...context, externalParameters: { ...context.externalParameters } };
  if (overrides.builderId !== undefined) result.builderId = overrides.builderId;
  if (overrides.invocationId !== undefined) result.invocationId = overrides.invocationId;
  const source = context.source ?? { repository: undefined, ref: undefined, commit: undefined };
  // An override is published as given but for credentials: `https://user:token@host/…` loses its token,
  // as a detected remote does.
  const repository = overrides.repository === undefined ? undefined : repositoryUrl(overrides.repository);
  if (repository !== undefined || overrides.ref !== undefined || overrides.commit !== undefined) {
    result.source = {
      ...source,
      repository: repository ?? source.repository,
      ref: overrides.ref ?? source.ref,
      commit: overrides.commit ?? source.commit,
    };
    if (repository !== undefined) result.externalParameters.repository = repository;
    if (overrides.ref !== undefined) result.externalParameters.ref = overrides.ref;
  }
  return result;
}
