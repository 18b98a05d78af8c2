/**
 * One finding per vulnerability: the same flaw is often published by several databases (GHSA-x and
 * PYSEC-y both aliasing CVE-z). OSV 1.7 "aliases": records that alias each other describe the same
 * vulnerability, so advisories matching one component are grouped transitively by their ids and aliases.
 */
import type { OsvAdvisory } from '../osv/osv-types.js';

/**
 * The id a merged finding is reported under. The ecosystem's own database comes first (GO- for Go,
 * PYSEC- for PyPI, RUSTSEC- for crates.io, …): it is the record the package's maintainers and the
 * ecosystem's tools (govulncheck, pip-audit, cargo-audit) cite. Then GitHub's GHSA, which covers every
 * ecosystem we scan and is what GitHub code scanning and Dependabot show; then anything else (CVE-…).
 * Ties break by id, so the choice never depends on database order.
 */
const ecosystemDatabases: Readonly<Record<string, readonly string[]>> = {
  Go: ['GO-'],
  PyPI: ['PYSEC-'],
  'crates.io': ['RUSTSEC-'],
  RubyGems: ['GEM-'],
  Hex: ['EEF-'],
  Packagist: ['PKSA-'],
  Maven: [],
  npm: [],
  NuGet: [],
};

function rank(id: string, ecosystem: string): number {
  if ((ecosystemDatabases[ecosystem] ?? []).some((prefix) => id.startsWith(prefix))) return 0;
  if (id.startsWith('GHSA-')) return 1;
  if (id.startsWith('CVE-')) return 3;
  return 2;
}

export function compareIds(ecosystem: string): (a: string, b: string) => number {
  return (a, b) => rank(a, ecosystem) - rank(b, ecosystem) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Groups items whose advisories share an id or alias (union–find over every id mentioned). */
export function groupByAliases<T extends { advisory: OsvAdvisory }>(items: readonly T[]): T[][] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(id, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    for (const id of [a, b]) if (!parent.has(id)) parent.set(id, id);
    const left = find(a);
    const right = find(b);
    if (left !== right) parent.set(left < right ? right : left, left < right ? left : right);
  };
  for (const item of items) {
    union(item.advisory.id, item.advisory.id);
    for (const alias of item.advisory.aliases ?? []) union(item.advisory.id, alias);
  }
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const root = find(item.advisory.id);
    groups.set(root, [...(groups.get(root) ?? []), item]);
  }
  return [...groups.values()];
}
