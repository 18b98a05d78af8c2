import type { Environment } from '../../runtime.js';
import { type BuildContext, buildTypeBase } from './build-context.js';

/**
 * GitHub Actions, from the default environment variables
 * (https://docs.github.com/en/actions/reference/variables-reference#default-environment-variables).
 * The builder is the workflow at its ref (`GITHUB_WORKFLOW_REF`), so a verifier can pin the workflow file
 * that was allowed to build, in the manner of slsa-verifier's trusted builders.
 */
export function detectGitHubActions(environment: Environment): BuildContext | undefined {
  if (environment.GITHUB_ACTIONS !== 'true') return undefined;
  const server = (environment.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const repositoryName = environment.GITHUB_REPOSITORY;
  const repository = repositoryName ? `${server}/${repositoryName}` : undefined;
  const workflowRef = environment.GITHUB_WORKFLOW_REF; // owner/repo/.github/workflows/x.yml@refs/heads/main
  const workflowPath = workflowRef?.replace(/^[^/]+\/[^/]+\//, '').replace(/@.*$/, '');
  const runId = environment.GITHUB_RUN_ID;
  const attempt = environment.GITHUB_RUN_ATTEMPT ?? '1';
  return {
    kind: 'github-actions',
    builderId: workflowRef ? `${server}/${workflowRef}` : `${server}/actions/runner`,
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

/** The object without its undefined or empty-string values, so absent variables leave no empty fields. */
export function compact(fields: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && value !== '') result[name] = value;
  }
  return result;
}
