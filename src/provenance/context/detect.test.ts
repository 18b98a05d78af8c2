import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkStatementV1 } from '../conformance.js';
import { buildProvenancePredicate } from '../slsa-v1.js';
import { buildStatement, slsaProvenanceV1 } from '../statement.js';
import { detectBuildContext } from './detect.js';
import { systemGit } from './git-runner.js';
import { hasScheme, repositoryUrl } from './local-git.js';

const noGit = async () => undefined;

const github = {
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_REF: 'refs/tags/v1.2.0',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/release.yml@refs/tags/v1.2.0',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_REPOSITORY_ID: '17',
  RUNNER_ENVIRONMENT: 'github-hosted',
};

const gitlab = {
  GITLAB_CI: 'true',
  CI_SERVER_URL: 'https://gitlab.example.com',
  CI_PROJECT_URL: 'https://gitlab.example.com/group/app',
  CI_PROJECT_PATH: 'group/app',
  CI_COMMIT_SHA: 'fedcba9876543210fedcba9876543210fedcba98',
  CI_COMMIT_TAG: 'v2.0.0',
  CI_CONFIG_PATH: '.gitlab-ci.yml',
  CI_JOB_NAME: 'release',
  CI_JOB_URL: 'https://gitlab.example.com/group/app/-/jobs/99',
  CI_RUNNER_ID: '7',
  CI_PIPELINE_SOURCE: 'push',
};

describe('detectBuildContext', () => {
  it('GitHub Actions: workflow builder, repository, ref, commit and the run as invocation', async () => {
    const context = await detectBuildContext(github, noGit);
    assert.equal(context.kind, 'github-actions');
    assert.equal(
      context.builderId,
      'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.2.0',
    );
    assert.equal(context.buildType, 'https://veriship.dev/buildtypes/github-actions/v1');
    assert.deepEqual(context.externalParameters, {
      repository: 'https://github.com/acme/app',
      ref: 'refs/tags/v1.2.0',
      workflow: '.github/workflows/release.yml',
      event: 'push',
    });
    assert.deepEqual(context.source, {
      repository: 'https://github.com/acme/app',
      ref: 'refs/tags/v1.2.0',
      commit: github.GITHUB_SHA,
    });
    assert.equal(context.invocationId, 'https://github.com/acme/app/actions/runs/4242/attempts/2');
  });

  it('GitLab CI: tag ref in full, runner builder, job URL as invocation', async () => {
    const context = await detectBuildContext(gitlab, noGit);
    assert.equal(context.kind, 'gitlab-ci');
    assert.equal(context.builderId, 'https://gitlab.example.com/group/app/-/runners/7');
    assert.equal(context.source?.ref, 'refs/tags/v2.0.0');
    assert.equal(context.source?.commit, gitlab.CI_COMMIT_SHA);
    assert.equal(context.invocationId, gitlab.CI_JOB_URL);
    assert.equal(context.externalParameters.workflow, '.gitlab-ci.yml');
  });

  describe('when GITHUB_ACTIONS is true but the runner variables are missing', () => {
    for (const name of ['GITHUB_SERVER_URL', 'GITHUB_REPOSITORY', 'GITHUB_SHA', 'GITHUB_WORKFLOW_REF']) {
      it(`refuses without ${name}, naming it`, async () => {
        const partial: Record<string, string | undefined> = { ...github, [name]: undefined };
        await assert.rejects(detectBuildContext(partial, noGit), (error: Error & { code?: string }) => {
          assert.equal(error.code, 'INPUT_MALFORMED');
          assert.match(error.message, new RegExp(name));
          return true;
        });
      });
    }
    it('refuses GITHUB_ACTIONS=true alone rather than claim the builder github.com/actions/runner', async () => {
      await assert.rejects(detectBuildContext({ GITHUB_ACTIONS: 'true' }, noGit), {
        code: 'INPUT_MALFORMED',
      });
    });
    it('accepts an event without GITHUB_REF: the source has no ref', async () => {
      const context = await detectBuildContext({ ...github, GITHUB_REF: undefined }, noGit);
      assert.equal(context.source?.ref, undefined);
      assert.equal(context.source?.commit, github.GITHUB_SHA);
    });
  });

  it("GitHub Actions pull request: the base repository's merge ref with its merge commit, as the runner gives", async () => {
    const context = await detectBuildContext(
      {
        ...github,
        GITHUB_REF: 'refs/pull/5/merge',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/ci.yml@refs/pull/5/merge',
      },
      noGit,
    );
    assert.equal(context.source?.ref, 'refs/pull/5/merge');
    assert.equal(context.externalParameters.event, 'pull_request');
    assert.equal(context.builderId, 'https://github.com/acme/app/.github/workflows/ci.yml@refs/pull/5/merge');
  });

  describe('when GITLAB_CI is true but the job variables are missing', () => {
    for (const name of [
      'CI_SERVER_URL',
      'CI_PROJECT_URL',
      'CI_PROJECT_PATH',
      'CI_COMMIT_SHA',
      'CI_RUNNER_ID',
    ]) {
      it(`refuses without ${name}, naming it`, async () => {
        const partial: Record<string, string | undefined> = { ...gitlab, [name]: undefined };
        await assert.rejects(detectBuildContext(partial, noGit), (error: Error & { code?: string }) => {
          assert.equal(error.code, 'INPUT_MALFORMED');
          assert.match(error.message, new RegExp(name));
          return true;
        });
      });
    }
  });

  describe('GitLab merge request pipelines: the ref whose commit CI_COMMIT_SHA is', () => {
    const mergeRequest = {
      ...gitlab,
      CI_COMMIT_TAG: undefined,
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: '12',
      CI_COMMIT_REF_NAME: 'feature',
    };
    const cases: [string | undefined, string][] = [
      ['detached', 'refs/merge-requests/12/head'],
      ['merged_result', 'refs/merge-requests/12/merge'],
      ['merge_train', 'refs/merge-requests/12/train'],
      [undefined, 'refs/merge-requests/12/head'],
    ];
    for (const [eventType, ref] of cases) {
      it(`${eventType ?? 'no event type'} → ${ref}`, async () => {
        const context = await detectBuildContext(
          { ...mergeRequest, CI_MERGE_REQUEST_EVENT_TYPE: eventType },
          noGit,
        );
        assert.equal(context.source?.ref, ref);
        assert.equal(context.externalParameters.ref, ref);
      });
    }
  });

  it('flags override what was detected', async () => {
    const context = await detectBuildContext(github, noGit, {
      builderId: 'https://builder.example/x',
      repository: 'https://github.com/acme/mirror',
      ref: 'refs/heads/release',
      commit: 'b'.repeat(40),
    });
    assert.equal(context.builderId, 'https://builder.example/x');
    assert.deepEqual(context.source, {
      repository: 'https://github.com/acme/mirror',
      ref: 'refs/heads/release',
      commit: 'b'.repeat(40),
    });
    assert.equal(context.externalParameters.repository, 'https://github.com/acme/mirror');
  });

  it('a local checkout: commit, origin without credentials, branch, and a dirty tree recorded', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'veriship-git-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', directory, ...args], {
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@t',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@t',
        },
      }).trim();
    git('init', '-q', '-b', 'main');
    writeFileSync(join(directory, 'a.txt'), 'one\n');
    git('add', 'a.txt');
    git('commit', '-q', '-m', 'one');
    git('remote', 'add', 'origin', 'https://user:s3cret-token@github.com/acme/app.git');
    const commit = git('rev-parse', 'HEAD');

    const clean = await detectBuildContext({}, systemGit(directory));
    assert.equal(clean.kind, 'local');
    assert.deepEqual(clean.source, {
      repository: 'https://github.com/acme/app',
      ref: 'refs/heads/main',
      commit,
      dirty: false,
    });
    assert.ok(
      !JSON.stringify(clean).includes('s3cret'),
      'the token in the remote URL never reaches the provenance',
    );

    writeFileSync(join(directory, 'a.txt'), 'two\n');
    const dirty = await detectBuildContext({}, systemGit(directory));
    assert.equal(dirty.source?.dirty, true, 'a modified file makes the tree dirty');
    assert.deepEqual(dirty.internalParameters, { dirty: true });
  });

  it('a remote that is a local path: the commit alone, no path as the source URI', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'veriship-git-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', directory, ...args], {
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@t',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@t',
        },
      }).trim();
    git('init', '-q', '-b', 'main');
    writeFileSync(join(directory, 'a.txt'), 'one\n');
    git('add', 'a.txt');
    git('commit', '-q', '-m', 'one');
    git('remote', 'add', 'origin', '/srv/git/app.git');
    const context = await detectBuildContext({}, systemGit(directory));
    assert.equal(context.source?.repository, undefined);
    assert.equal(context.source?.commit, git('rev-parse', 'HEAD'));
    assert.equal(context.externalParameters.repository, undefined);
    const statement = buildStatement(
      [{ name: 'a.tgz', digest: { sha256: 'a'.repeat(64) } }],
      slsaProvenanceV1,
      buildProvenancePredicate(context, { startedOn: new Date(0), finishedOn: new Date(0) }, '1.0.0'),
    );
    assert.deepEqual(checkStatementV1(JSON.parse(JSON.stringify(statement))), [], 'conforms');
  });

  it('an override URL with credentials loses them', async () => {
    const context = await detectBuildContext(github, noGit, {
      repository: 'https://x-access-token:ghs_s3cret@github.com/acme/mirror.git',
    });
    assert.equal(context.source?.repository, 'https://github.com/acme/mirror');
    assert.equal(context.externalParameters.repository, 'https://github.com/acme/mirror');
    assert.ok(!JSON.stringify(context).includes('s3cret'));
  });

  it('a tree whose untracked files git status is configured to hide is still dirty', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'veriship-git-'));
    const git = gitIn(directory);
    git('init', '-q', '-b', 'main');
    writeFileSync(join(directory, 'a.txt'), 'one\n');
    git('add', 'a.txt');
    git('commit', '-q', '-m', 'one');
    git('config', 'status.showUntrackedFiles', 'no');
    writeFileSync(join(directory, 'generated.js'), 'not committed\n');
    const context = await detectBuildContext({}, systemGit(directory));
    assert.equal(context.source?.dirty, true);
  });

  it('a submodule change that .gitmodules says to ignore still makes the tree dirty', async () => {
    const library = mkdtempSync(join(tmpdir(), 'veriship-git-lib-'));
    const lib = gitIn(library);
    lib('init', '-q', '-b', 'main');
    writeFileSync(join(library, 'lib.txt'), 'one\n');
    lib('add', 'lib.txt');
    lib('commit', '-q', '-m', 'one');
    const directory = mkdtempSync(join(tmpdir(), 'veriship-git-'));
    const git = gitIn(directory);
    git('init', '-q', '-b', 'main');
    git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', library, 'lib');
    git('config', '-f', '.gitmodules', 'submodule.lib.ignore', 'all');
    git('add', '.gitmodules');
    git('commit', '-q', '-m', 'add lib');
    writeFileSync(join(directory, 'lib', 'lib.txt'), 'changed in the checkout\n');
    const context = await detectBuildContext({}, systemGit(directory));
    assert.equal(context.source?.dirty, true);
  });

  it('a repository with no commits: no ref (the branch is unborn), and its files are uncommitted', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'veriship-git-'));
    const git = gitIn(directory);
    git('init', '-q', '-b', 'main');
    git('remote', 'add', 'origin', 'https://github.com/acme/app.git');
    writeFileSync(join(directory, 'a.txt'), 'one\n');
    const context = await detectBuildContext({}, systemGit(directory));
    assert.deepEqual(context.source, {
      repository: 'https://github.com/acme/app',
      ref: undefined,
      commit: undefined,
      dirty: true,
    });
    assert.deepEqual(context.externalParameters, { repository: 'https://github.com/acme/app' });
  });

  it('git is not installed: no source, no crash', async () => {
    const context = await detectBuildContext({}, async () => undefined);
    assert.equal(context.kind, 'local');
    assert.equal(context.source, undefined);
    assert.deepEqual(context.externalParameters, {});
  });

  it('outside any checkout: no source, still a local context', async () => {
    const context = await detectBuildContext({}, systemGit(mkdtempSync(join(tmpdir(), 'veriship-nogit-'))));
    assert.equal(context.kind, 'local');
    assert.equal(context.source, undefined);
  });
});

function gitIn(directory: string) {
  return (...args: string[]) =>
    execFileSync('git', ['-C', directory, ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@t',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@t',
      },
    }).trim();
}

describe('repositoryUrl', () => {
  const cases: [string, string][] = [
    ['git@github.com:acme/app.git', 'https://github.com/acme/app'],
    ['ssh://git@gitlab.example.com:2222/group/app.git', 'https://gitlab.example.com/group/app'],
    ['https://oauth2:glpat-xyz@gitlab.com/group/app.git', 'https://gitlab.com/group/app'],
    ['https://github.com/acme/app', 'https://github.com/acme/app'],
    ['/srv/git/app.git', '/srv/git/app'],
    ['github.com:acme/app.git', 'https://github.com/acme/app'],
    ['git@github.com:/acme/app.git', 'https://github.com/acme/app'],
  ];
  for (const [remote, expected] of cases) {
    it(`${remote} → ${expected}`, () => assert.equal(repositoryUrl(remote), expected));
  }
  it('a Windows path is no scp-like remote: still a path, not https://C/…', () => {
    assert.ok(!hasScheme(repositoryUrl('C:\\repos\\app')));
  });
});
