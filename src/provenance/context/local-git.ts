import { type BuildContext, buildTypeBase } from './build-context.js';

/** Runs `git` with arguments in the project directory; resolves to its trimmed stdout, or undefined on failure. */
export type GitRunner = (args: readonly string[]) => Promise<string | undefined>;

/**
 * A build outside CI: the facts come from the git checkout. Nothing vouches for a laptop, so the builder id
 * says "local" and verifiers should not list it as trusted; a dirty tree is recorded, never hidden.
 */
export async function detectLocalGit(git: GitRunner): Promise<BuildContext> {
  const commit = await git(['rev-parse', '--verify', 'HEAD']);
  const remote = await git(['remote', 'get-url', 'origin']);
  // Before the first commit HEAD names an unborn branch: a ref that points at nothing built here.
  const ref = commit === undefined ? undefined : await git(['symbolic-ref', '-q', 'HEAD']);
  // Untracked files and changed submodules count whatever the user's or `.gitmodules`' settings
  // (`status.showUntrackedFiles=no`, `submodule.<name>.ignore=all`) say, or a dirty tree would pass as clean.
  // Asked before the first commit too: every file is then uncommitted. Outside a checkout it fails: unknown.
  const status = await git(['status', '--porcelain', '--untracked-files=normal', '--ignore-submodules=none']);
  const dirty = status === undefined ? undefined : status.length > 0;
  // A remote that is a local path (`/srv/git/app.git`, `../app`) names no repository a consumer can know,
  // and is no URI: the provenance then has the commit alone, as without a remote.
  const url = remote === undefined ? undefined : repositoryUrl(remote);
  const repository = url !== undefined && hasScheme(url) ? url : undefined;
  return {
    kind: 'local',
    builderId: `${buildTypeBase.replace('/buildtypes', '/builders')}/local`,
    buildType: `${buildTypeBase}/local/v1`,
    externalParameters: Object.fromEntries(
      Object.entries({ repository, ref }).filter(([, value]) => value !== undefined),
    ),
    internalParameters: dirty === undefined ? {} : { dirty },
    source:
      repository !== undefined || commit !== undefined
        ? { repository, ref, commit, ...(dirty === undefined ? {} : { dirty }) }
        : undefined,
    invocationId: undefined,
  };
}

/**
 * A remote URL fit to publish: credentials removed (a token in `https://user:token@host/…` must never reach
 * an attestation), scp-like `git@host:owner/repo.git` turned into `https://host/owner/repo`, `.git` dropped.
 */
export function repositoryUrl(remote: string): string {
  // git's scp-like syntax is `[user@]host:path`; without a user it would otherwise parse as a URL whose
  // scheme is the host. A one-letter host is a Windows drive (`C:\\repos\\app`), a path.
  const scp = /^(?:[\w.-]+@)?([\w.-]{2,}):(?!\/\/)(.+)$/.exec(remote);
  if (scp) return `https://${scp[1]}/${(scp[2] as string).replace(/^\/+/, '').replace(/\.git$/, '')}`;
  try {
    const url = new URL(remote);
    // WHATWG URLs cannot switch a non-special scheme to https in place, so build the string.
    if (['ssh:', 'git:', 'git+ssh:'].includes(url.protocol)) {
      return `https://${url.hostname}${url.pathname}`.replace(/\.git$/, '');
    }
    url.username = '';
    url.password = '';
    return url
      .toString()
      .replace(/\.git$/, '')
      .replace(/\/$/, '');
  } catch {
    return remote.replace(/\.git$/, '');
  }
}

/** `https://…`, `file:///…`: a URI scheme, which a bare path lacks (a one-letter scheme is a Windows drive). */
export function hasScheme(value: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(value);
}
