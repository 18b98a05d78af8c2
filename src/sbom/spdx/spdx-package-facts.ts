import type { Component, Distribution } from '../model/component.js';

/**
 * The artifact the package's checksums describe: the distribution whose digests equal the component's
 * (for Python the sdist among several wheels), else the only or first one.
 */
export function primaryDistribution(component: Component): Distribution | undefined {
  const digests = new Set(component.hashes.map((hash) => `${hash.algorithm}:${hash.content}`));
  return (
    component.distributions.find((distribution) =>
      distribution.hashes.some((hash) => digests.has(`${hash.algorithm}:${hash.content}`)),
    ) ?? component.distributions[0]
  );
}

const absoluteUrl = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+$/;

/**
 * SPDX 2.3 clause 7.7: a download location is a URL or a VCS location
 * `<vcs_tool>+<transport>://<host_name>[/<path_to_repository>][@<revision>][#<sub_path>]`. npm writes a git
 * commit after `#`, which SPDX reads as a sub-path, so it moves behind `@`; user names in the host "should
 * be considered as an error", so `git@` goes. Anything that is not an absolute URL (`file:../x`,
 * `github:user/repo`) has no SPDX form: undefined, which the emitters write as NOASSERTION or omit.
 */
export function spdxDownloadLocation(url: string): string | undefined {
  const trimmed = url.trim();
  if (!absoluteUrl.test(trimmed)) return undefined;
  if (!/^git(?:\+[A-Za-z0-9.-]+)?:\/\//i.test(trimmed)) return trimmed;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return undefined;
  }
  const revision = parsed.hash.slice(1);
  parsed.hash = '';
  parsed.username = '';
  parsed.password = '';
  return revision ? `${parsed.href}@${revision}` : parsed.href;
}

export type DependencyScope = 'required' | 'development' | 'optional';

interface ScopedNode {
  development: boolean;
  optional: boolean;
}

/** The project itself: its own edges are the ones `devDependencies`/`optionalDependencies` describe. */
export const projectScope: ScopedNode = { development: false, optional: false };

/**
 * The graph marks components, not edges: `development` means only development edges lead to it. So an edge
 * from a node that is not development-only to one that is must itself be a development edge (otherwise the
 * target would be reachable at run time); between two development-only nodes it is an ordinary dependency
 * of the dev tool. The same holds for `optional`.
 */
export function dependencyScope(from: ScopedNode, to: ScopedNode): DependencyScope {
  if (to.development && !from.development) return 'development';
  if (to.optional && !from.optional) return 'optional';
  return 'required';
}
