import type { ResourceDescriptor } from '../statement.js';

/**
 * Where and how a build ran, as the provenance predicate records it. Each CI system has a detector in this
 * folder; `detect.ts` lists them in order.
 */
export interface BuildContext {
  /** `github-actions`, `gitlab-ci` or `local`: which detector produced it. */
  kind: string;
  builderId: string;
  buildType: string;
  externalParameters: Record<string, unknown>;
  internalParameters: Record<string, unknown>;
  /** The source: the repository at the commit that was built. */
  source: SourceFacts | undefined;
  invocationId: string | undefined;
}

export interface SourceFacts {
  /** The repository's URL without credentials, e.g. `https://github.com/owner/repo`; unknown without a remote. */
  repository: string | undefined;
  /** The full git ref, e.g. `refs/heads/main` or `refs/tags/v1.2.0`, when known. */
  ref: string | undefined;
  /** The commit id (hex). */
  commit: string | undefined;
  /** Whether the working tree had changes not in `commit` (local builds only; CI checkouts are clean). */
  dirty?: boolean;
}

/** The base of our build type URIs; each detector appends its name and version. Documented in docs/provenance.md. */
export const buildTypeBase = 'https://veriship.dev/buildtypes';

/**
 * The source as an in-toto resource descriptor, in the `git+<repo>@<ref>` form GitHub's and
 * slsa-github-generator's provenance use, with the commit as `gitCommit` (in-toto digest set names).
 * A dirty tree is recorded in the annotations: the commit alone does not describe what was built.
 */
export function sourceDescriptor(source: SourceFacts): ResourceDescriptor {
  const descriptor: ResourceDescriptor = {};
  // A checkout without a remote has no URI; the commit digest alone still identifies the source.
  if (source.repository !== undefined) {
    descriptor.uri = `git+${source.repository}${source.ref ? `@${source.ref}` : ''}`;
  }
  if (source.commit) descriptor.digest = { gitCommit: source.commit };
  if (source.dirty !== undefined) descriptor.annotations = { dirty: source.dirty };
  return descriptor;
}
