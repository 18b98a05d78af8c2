import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { repositoryRoot } from '../../src/testing/corpus.js';

type Mapping = Record<string, unknown>;

function read(path: string): { text: string; document: Mapping } {
  const text = readFileSync(join(repositoryRoot, path), 'utf8');
  // `uniqueKeys` (the default) and strict parsing: a duplicated key or a tab indent is an error here,
  // as it is for GitHub's and GitLab's YAML readers.
  const document = parse(text, { prettyErrors: true, strict: true }) as Mapping;
  assert.equal(typeof document, 'object', `${path} is not a YAML mapping`);
  return { text, document };
}

function mapping(value: unknown, where: string): Mapping {
  assert.ok(
    value !== null && typeof value === 'object' && !Array.isArray(value),
    `${where} is not a mapping`,
  );
  return value as Mapping;
}

function list(value: unknown, where: string): unknown[] {
  assert.ok(Array.isArray(value), `${where} is not a list`);
  return value;
}

/** Every `path: [...]` of the command table in src/cli/main.ts, read as text (no import side effects). */
function cliCommands(): string[][] {
  const source = readFileSync(join(repositoryRoot, 'src', 'cli', 'main.ts'), 'utf8');
  const paths = [...source.matchAll(/path:\s*\[([^\]]*)\]/g)].map((match) =>
    [...(match[1] as string).matchAll(/'([^']+)'/g)].map((word) => word[1] as string),
  );
  assert.ok(paths.length > 10, 'found no command table in src/cli/main.ts');
  return paths;
}

/** The shell scripts of a YAML document: every `run:` (GitHub) and `script:` item (GitLab). */
function scripts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(scripts);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node as Mapping).flatMap(([key, value]) => {
    if (key === 'run' && typeof value === 'string') return [value];
    if (key === 'script')
      return (Array.isArray(value) ? value : [value]).filter((line) => typeof line === 'string');
    return scripts(value);
  });
}

/** `veriship WORD WORD…` invocations in shell text, comment lines left out. */
function veriShipInvocations(script: string): string[][] {
  const code = script
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n');
  return [...code.matchAll(/(?:^|[\s;&|(])veriship((?:[ \t]+[a-z][a-z-]*)+)/g)].map((match) =>
    (match[1] as string).trim().split(/\s+/),
  );
}

const hasBash = spawnSync('bash', ['--version']).status === 0;

const templates = ['action.yml', 'docs/github-actions/release.yml', 'docs/gitlab-ci/release.gitlab-ci.yml'];

describe('CI templates', () => {
  for (const path of templates) {
    it(`${path} calls only commands the CLI has`, () => {
      const commands = cliCommands();
      const invocations = scripts(read(path).document).flatMap(veriShipInvocations);
      assert.ok(invocations.length > 0, `${path} runs no veriship command`);
      for (const words of invocations) {
        const known = commands.some((command) => command.every((word, index) => words[index] === word));
        assert.ok(known, `${path}: 'veriship ${words.join(' ')}' is not a command in src/cli/main.ts`);
      }
    });
  }

  for (const path of templates) {
    it(`${path}: every script is valid bash (bash -n)`, { skip: !hasBash && 'no bash' }, () => {
      for (const script of scripts(read(path).document)) {
        // Expressions are filled in before the shell sees the script; any word stands in for them.
        const text = script.replace(/\$\{\{[^}]*\}\}/g, 'EXPRESSION');
        const result = spawnSync('bash', ['-n'], { input: text, encoding: 'utf8' });
        assert.equal(result.status, 0, `${path}: ${result.stderr}\n${text}`);
      }
    });
  }

  it('the invocation reader finds commands and skips npm package specs and comments', () => {
    assert.deepEqual(
      veriShipInvocations(
        'npm install -g "veriship@1"\n# veriship nothing\nveriship db update && veriship release --dist d\n',
      ),
      [['db', 'update'], ['release']],
    );
  });

  describe('action.yml', () => {
    const { document } = read('action.yml');
    const inputs = mapping(document.inputs, 'inputs');
    const runs = mapping(document.runs, 'runs');
    const steps = list(runs.steps, 'runs.steps').map((step, index) => mapping(step, `step ${index}`));

    it('is a composite action whose run steps all name a shell (composite actions require it)', () => {
      assert.equal(runs.using, 'composite');
      assert.ok(
        typeof document.name === 'string' && typeof document.description === 'string',
        'name, description',
      );
      for (const step of steps.filter((candidate) => 'run' in candidate)) {
        assert.equal(step.shell, 'bash', `step ${String(step.name)} has no shell`);
      }
    });

    it('uses only inputs it declares, and every input has a description', () => {
      const used = new Set([...JSON.stringify(runs).matchAll(/inputs\.([a-z-]+)/g)].map((match) => match[1]));
      for (const name of used) assert.ok(name && name in inputs, `inputs.${name} is not declared`);
      for (const name of ['version', 'args', 'dist', 'key-secret'])
        assert.ok(name in inputs, `no ${name} input`);
      for (const [name, input] of Object.entries(inputs)) {
        assert.ok(typeof mapping(input, name).description === 'string', `input ${name} has no description`);
      }
    });

    it('installs by default the veriship version of this checkout, not whatever npm calls latest', () => {
      const manifest = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as Mapping;
      assert.equal(mapping(inputs.version, 'inputs.version').default, manifest.version);
    });

    it('installs veriship with Node 20, caches the database by date, and outputs the manifest', () => {
      const setupNode = steps.find((step) => String(step.uses).startsWith('actions/setup-node@'));
      assert.equal(mapping(setupNode?.with, 'setup-node with')['node-version'], 20);
      const cache = steps.find((step) => String(step.uses).startsWith('actions/cache@'));
      assert.match(String(mapping(cache?.with, 'cache with').key), /steps\.database\.outputs\.today/);
      const install = steps.find((step) => String(step.run).includes('npm install --global'));
      assert.match(String(install?.run), /veriship@\$\{VERISHIP_VERSION\}/);
      const output = mapping(mapping(document.outputs, 'outputs').manifest, 'outputs.manifest');
      const producer = /steps\.([a-z-]+)\.outputs\.manifest/.exec(String(output.value))?.[1];
      const step = steps.find((candidate) => candidate.id === producer);
      assert.ok(step, `outputs.manifest reads step ${producer}, which does not exist`);
      assert.match(String(step.run), /manifest=.*release\.json/);
    });

    describe('the release step, run by bash with stand-ins for veriship and curl', () => {
      const release = steps.find((step) => step.id === 'release');

      function runRelease(environment: Record<string, string>) {
        const directory = mkdtempSync(join(tmpdir(), 'veriship-action-'));
        try {
          const bin = join(directory, 'bin');
          mkdirSync(bin);
          const log = join(directory, 'calls.log');
          // veriship records its arguments and the token it was given; curl answers as GitHub's
          // token endpoint does, after checking that the audience is sigstore.
          writeFileSync(
            join(bin, 'veriship'),
            `#!/bin/sh\necho "$* token=\${SIGSTORE_ID_TOKEN:-none}" >> '${log}'\n`,
            { mode: 0o755 },
          );
          writeFileSync(
            join(bin, 'curl'),
            '#!/bin/sh\ncase "$*" in *audience=sigstore*) echo \'{"count":1,"value":"oidc-token"}\' ;; *) exit 22 ;; esac\n',
            { mode: 0o755 },
          );
          const output = join(directory, 'output');
          // As GitHub runs a `shell: bash` step: bash --noprofile --norc -eo pipefail {0}.
          const result = spawnSync(
            'bash',
            ['--noprofile', '--norc', '-eo', 'pipefail', '-c', String(release?.run)],
            {
              encoding: 'utf8',
              env: {
                PATH: `${bin}:${process.env.PATH}`,
                GITHUB_OUTPUT: output,
                VERISHIP_DIST: 'dist',
                VERISHIP_ARGS: '',
                VERISHIP_SIGNING_KEY: '',
                ...environment,
              },
            },
          );
          const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
          return {
            status: result.status,
            stdout: result.stdout,
            calls: read(log).trim(),
            output: read(output),
          };
        } finally {
          rmSync(directory, { recursive: true, force: true });
        }
      }

      it('signs with the key from key-secret and passes args split on spaces, unexpanded', {
        skip: !hasBash && 'no bash',
      }, () => {
        const run = runRelease({
          VERISHIP_SIGNING_KEY: 'PEM',
          VERISHIP_ARGS: '--policy p/ --fail-on $(id) *',
        });
        assert.equal(run.status, 0, run.stdout);
        assert.equal(
          run.calls,
          'release --dist dist --key-env VERISHIP_SIGNING_KEY --policy p/ --fail-on $(id) * token=none',
        );
        assert.equal(run.output, 'manifest=dist/release.json\n');
      });

      it('passes every line of a multi-line args input (args: |), not only the first', {
        skip: !hasBash && 'no bash',
      }, () => {
        const run = runRelease({
          VERISHIP_SIGNING_KEY: 'PEM',
          VERISHIP_ARGS: '--policy p/\n--fail-on critical\n--trusted-root trusted_root.json\n',
        });
        assert.equal(run.status, 0, run.stdout);
        assert.equal(
          run.calls,
          'release --dist dist --key-env VERISHIP_SIGNING_KEY --policy p/ --fail-on critical --trusted-root trusted_root.json token=none',
        );
      });

      it("signs keyless with GitHub's OIDC token for audience sigstore when there is no key", {
        skip: !hasBash && 'no bash',
      }, () => {
        const run = runRelease({
          ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/?api-version=2.0',
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
        });
        assert.equal(run.status, 0, run.stdout);
        assert.equal(run.calls, 'release --dist dist --keyless token=oidc-token');
        assert.match(run.stdout, /::add-mask::oidc-token/);
      });

      it('fails, without releasing, when there is neither a key nor id-token permission', {
        skip: !hasBash && 'no bash',
      }, () => {
        const run = runRelease({});
        assert.equal(run.status, 2);
        assert.match(run.stdout, /::error::.*id-token: write/);
        assert.equal(run.calls, '');
        assert.equal(run.output, '');
      });
    });
  });

  // GitHub's security hardening guide: an expression in `run:` is pasted into the script before the shell
  // reads it, so an input, an output or github.* (a branch name, a tag) can inject commands. Values go
  // through `env:` and are read as shell variables.
  for (const path of ['action.yml', 'docs/github-actions/release.yml']) {
    it(`${path}: no script contains a \${{ }} expression (script injection): values go through env`, () => {
      for (const script of scripts(read(path).document)) {
        assert.doesNotMatch(script, /\$\{\{/, `${path}: a run script expands an expression:\n${script}`);
      }
    });
  }

  describe('docs/github-actions/release.yml', () => {
    const { document } = read('docs/github-actions/release.yml');

    it('runs on tag pushes with the permissions to publish and sign keyless', () => {
      const on = mapping(document.on, 'on');
      assert.deepEqual(mapping(on.push, 'on.push').tags, ['v*']);
      assert.deepEqual(document.permissions, { contents: 'write', 'id-token': 'write' });
    });

    it('builds, releases with the action, verifies, then uploads dist/ with gh release upload', () => {
      const jobs = mapping(document.jobs, 'jobs');
      const [job] = Object.values(jobs).map((value) => mapping(value, 'job'));
      const steps = list(job?.steps, 'steps').map((step, index) => mapping(step, `step ${index}`));
      const order = (test: (step: Mapping) => boolean, what: string) => {
        const index = steps.findIndex(test);
        assert.ok(index >= 0, `no ${what} step`);
        return index;
      };
      const checkout = order((step) => String(step.uses).startsWith('actions/checkout@'), 'checkout');
      const build = order((step) => /npm pack/.test(String(step.run)), 'build');
      const release = order(
        (step) =>
          /^[\w-]+\/[\w.-]+@/.test(String(step.uses)) && 'key-secret' in mapping(step.with ?? {}, 'with'),
        'release action',
      );
      const verify = order((step) => /veriship verify-release dist/.test(String(step.run)), 'verify');
      const upload = order((step) => /gh release upload/.test(String(step.run)), 'upload');
      assert.deepEqual(
        [checkout, build, release, verify, upload],
        [...[checkout, build, release, verify, upload]].sort((a, b) => a - b),
      );
      const checkoutStep = steps[checkout] as Mapping;
      assert.equal(
        mapping(checkoutStep.with ?? {}, 'checkout with')['persist-credentials'],
        false,
        'the checkout leaves the contents: write token in .git/config, readable by the build',
      );
      const uploadStep = steps[upload] as Mapping;
      assert.match(String(uploadStep.run), /find dist -type f/);
      assert.ok('GH_TOKEN' in mapping(uploadStep.env, 'upload env'), 'gh needs GH_TOKEN');
    });
  });

  describe('docs/gitlab-ci/release.gitlab-ci.yml', () => {
    const { document } = read('docs/gitlab-ci/release.gitlab-ci.yml');
    const job = (name: string) => mapping(document[name], name);

    it('installs an exact veriship version', () => {
      const variables = mapping(document.variables, 'variables');
      assert.match(String(variables.VERISHIP_VERSION), /^\d+\.\d+\.\d+$/);
      const install = scripts(document).find((script) => script.includes('npm install --global'));
      assert.match(String(install), /"veriship@\$\{VERISHIP_VERSION\}"/);
    });

    it('asks GitLab for a Sigstore OIDC token and keeps dist/ as artifacts', () => {
      const release = job('veriship-release');
      assert.equal(release.image, 'node:20');
      const token = mapping(mapping(release.id_tokens, 'id_tokens').SIGSTORE_ID_TOKEN, 'SIGSTORE_ID_TOKEN');
      assert.equal(token.aud, 'sigstore');
      assert.ok(
        list(mapping(release.artifacts, 'artifacts').paths, 'paths').includes('dist/'),
        'dist/ not kept',
      );
    });

    it('publishes with release-cli, from the tag, after the release job', () => {
      const publish = job('publish');
      assert.match(String(publish.image), /release-cli/);
      assert.equal(mapping(publish.release, 'release').tag_name, '$CI_COMMIT_TAG');
      const needs = list(publish.needs, 'needs').map((need) => mapping(need, 'need').job);
      assert.deepEqual(needs, ['veriship-release']);
      const stages = list(document.stages, 'stages');
      for (const name of ['build', 'veriship-release', 'publish']) {
        assert.ok(stages.includes(job(name).stage), `${name} runs in an undeclared stage`);
      }
    });
  });
});
