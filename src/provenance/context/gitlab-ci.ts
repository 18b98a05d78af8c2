import type { Environment } from '../../runtime.js';
import { type BuildContext, buildTypeBase } from './build-context.js';
import { compact, requireVariables } from './github-actions.js';

/**
 * GitLab CI/CD, from its predefined variables (https://docs.gitlab.com/ci/variables/predefined_variables/).
 * The builder is the runner that ran the job, as GitLab's own SLSA provenance names it; the pipeline
 * definition file is an external parameter. A job without the variables that name the builder and the source
 * (`requiredGitLabVariables`, always set by GitLab) is refused, as for GitHub Actions.
 * @throws InputError INPUT_MALFORMED naming the missing variables
 */
export function detectGitLabCi(environment: Environment): BuildContext | undefined {
  if (environment.GITLAB_CI !== 'true') return undefined;
  requireVariables(environment, 'GITLAB_CI', requiredGitLabVariables);
  const repository = environment.CI_PROJECT_URL;
  const ref = gitLabRef(environment);
  const server = environment.CI_SERVER_URL ?? 'https://gitlab.com';
  const runner = environment.CI_RUNNER_ID;
  return {
    kind: 'gitlab-ci',
    builderId: `${server}/${environment.CI_PROJECT_PATH}/-/runners/${runner}`,
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

const requiredGitLabVariables = [
  'CI_SERVER_URL',
  'CI_PROJECT_URL',
  'CI_PROJECT_PATH',
  'CI_COMMIT_SHA',
  'CI_RUNNER_ID',
];

/**
 * A full git ref: GitLab gives the tag or branch name without the `refs/` prefix. A merge request pipeline
 * runs on the ref whose commit is `CI_COMMIT_SHA`: the source branch's head (`…/head`) for a detached
 * pipeline, but GitLab's merge commit of source and target for a merged results pipeline (`…/merge`) and a
 * merge train (`…/train`); naming `…/head` with a merge commit would pair a ref with a commit it never had.
 */
function gitLabRef(environment: Environment): string | undefined {
  if (environment.CI_COMMIT_TAG) return `refs/tags/${environment.CI_COMMIT_TAG}`;
  if (environment.CI_COMMIT_BRANCH) return `refs/heads/${environment.CI_COMMIT_BRANCH}`;
  if (environment.CI_MERGE_REQUEST_IID) {
    const kind = mergeRequestRefs[environment.CI_MERGE_REQUEST_EVENT_TYPE ?? ''] ?? 'head';
    return `refs/merge-requests/${environment.CI_MERGE_REQUEST_IID}/${kind}`;
  }
  return environment.CI_COMMIT_REF_NAME ? `refs/heads/${environment.CI_COMMIT_REF_NAME}` : undefined;
}

/** `CI_MERGE_REQUEST_EVENT_TYPE` → the merge request ref the pipeline ran on (`detached` and unknown: `head`). */
const mergeRequestRefs: Readonly<Record<string, string>> = { merged_result: 'merge', merge_train: 'train' };
