import type { Environment } from '../../runtime.js';
import { type BuildContext, buildTypeBase } from './build-context.js';
import { compact } from './github-actions.js';

/**
 * GitLab CI/CD, from its predefined variables (https://docs.gitlab.com/ci/variables/predefined_variables/).
 * The builder is the runner that ran the job, as GitLab's own SLSA provenance names it; the pipeline
 * definition file is an external parameter.
 */
export function detectGitLabCi(environment: Environment): BuildContext | undefined {
  if (environment.GITLAB_CI !== 'true') return undefined;
  const repository = environment.CI_PROJECT_URL;
  const ref = gitLabRef(environment);
  const server = environment.CI_SERVER_URL ?? 'https://gitlab.com';
  const runner = environment.CI_RUNNER_ID;
  return {
    kind: 'gitlab-ci',
    builderId:
      runner && environment.CI_PROJECT_PATH
        ? `${server}/${environment.CI_PROJECT_PATH}/-/runners/${runner}`
        : `${server}/gitlab-runner`,
    buildType: `${buildTypeBase}/gitlab-ci/v1`,
    externalParameters: compact({
      repository,
      ref,
      workflow: environment.CI_CONFIG_PATH ?? '.gitlab-ci.yml',
      job: environment.CI_JOB_NAME,
      event: environment.CI_PIPELINE_SOURCE,
    }),
    internalParameters: compact({
      projectId: environment.CI_PROJECT_ID,
      pipelineId: environment.CI_PIPELINE_ID,
      runnerDescription: environment.CI_RUNNER_DESCRIPTION,
      runnerVersion: environment.CI_RUNNER_VERSION,
    }),
    source: repository ? { repository, ref, commit: environment.CI_COMMIT_SHA } : undefined,
    invocationId: environment.CI_JOB_URL,
  };
}

/** A full git ref: GitLab gives the tag or branch name without the `refs/` prefix. */
function gitLabRef(environment: Environment): string | undefined {
  if (environment.CI_COMMIT_TAG) return `refs/tags/${environment.CI_COMMIT_TAG}`;
  if (environment.CI_COMMIT_BRANCH) return `refs/heads/${environment.CI_COMMIT_BRANCH}`;
  if (environment.CI_MERGE_REQUEST_IID) return `refs/merge-requests/${environment.CI_MERGE_REQUEST_IID}/head`;
  return environment.CI_COMMIT_REF_NAME ? `refs/heads/${environment.CI_COMMIT_REF_NAME}` : undefined;
}
