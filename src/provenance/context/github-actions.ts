import { InputError } from '../../errors.js';
import type { Environment } from '../../runtime.js';
import { type BuildContext, buildTypeBase } from './build-context.js';

/**
 * GitHub Actions, from the default environment variables
 * (https://docs.github.com/en/actions/reference/variables-reference#default-environment-variables).
 * The builder is the workflow at its ref (`GITHUB_WORKFLOW_REF`), so a verifier can pin the workflow file
 * that was allowed to build, in the manner of slsa-verifier's trusted builders.
 *
 * The runner always sets the variables in `requiredGitHubVariables`. When one is missing (`GITHUB_ACTIONS=true`
 * in a container or a local emulation that passed only some through), the provenance would claim a GitHub
 * build with a made-up builder or no source, so that is refused rather than written.
 * @throws InputError INPUT_MALFORMED naming the missing variables
 */
export function detectGitHubActions(environment: Environment): BuildContext | undefined {
  if (environment.GITHUB_ACTIONS !== 'true') return undefined;
  requireVariables(environment, 'GITHUB_ACTIONS', requiredGitHubVariables);
  const server = (environment.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const repositoryName = environment.GITHUB_REPOSITORY;
  const repository = repositoryName ? `${server}/${repositoryName}` : undefined;
  const workflowRef = environment.GITHUB_WORKFLOW_REF; // owner/repo/.github/workflows/x.yml@refs/heads/main
  const workflowPath = workflowRef?.replace(/^[^/]+\/[^/]+\//, '').replace(/@.*$/, '');
  const runId = environment.GITHUB_RUN_ID;
  const attempt = environment.GITHUB_RUN_ATTEMPT ?? '1';
  return {
    kind: 'github-actions',
    builderId: `${server}/${workflowRef}`,
    buildType: `${buildTypeBase}/github-actions/v1`,
    externalParameters: compact({
      repository,
      ref: environment.GITHUB_REF,
      workflow: workflowPath,
      event: environment.GITHUB_EVENT_NAME,
    }),
    internalParameters: compact({
      repositoryId: environment.GITHUB_REPOSITORY_ID,
      repositoryOwnerId: environment.GITHUB_REPOSITORY_OWNER_ID,
      runnerEnvironment: environment.RUNNER_ENVIRONMENT,
      workflowSha: environment.GITHUB_WORKFLOW_SHA,
      runNumber: environment.GITHUB_RUN_NUMBER,
    }),
    source: repository
      ? { repository, ref: environment.GITHUB_REF, commit: environment.GITHUB_SHA }
      : undefined,
    invocationId: repository && runId ? `${repository}/actions/runs/${runId}/attempts/${attempt}` : undefined,
  };
}

/**
 * Without these there is no builder id (the workflow), no source (server, repository, commit). `GITHUB_REF` is
 * not among them: GitHub leaves it unset for events with no branch or tag, and the source then has no ref.
 */
const requiredGitHubVariables = [
  'GITHUB_SERVER_URL',
  'GITHUB_REPOSITORY',
  'GITHUB_SHA',
  'GITHUB_WORKFLOW_REF',
];

/**
 * Refuses a CI environment (`detectedBy` is `'true'`) that lacks a variable the provenance needs.
 * @throws InputError INPUT_MALFORMED
 */
export function requireVariables(
  environment: Environment,
  detectedBy: string,
  names: readonly string[],
): void {
  const missing = names.filter((name) => !environment[name]);
  if (missing.length === 0) return;
  throw new InputError({
    code: 'INPUT_MALFORMED',
    file: detectedBy,
    message: `is true, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set: provenance would claim a CI build it cannot describe (pass the CI system's variables through, or unset ${detectedBy})`,
  });
}

/** The object without its undefined or empty-string values, so absent variables leave no empty fields. */
export function compact(fields: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && value !== '') result[name] = value;
  }
  return result;
}
