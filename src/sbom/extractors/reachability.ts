/**
 * Every node reachable from `roots` (roots included), breadth first. Each node's successors are asked for
 * once, so a lockfile graph is walked in time linear in its edges, however densely it is connected.
 */
export function reachable<Node>(
  roots: Iterable<Node>,
  successors: (node: Node) => Iterable<Node>,
): Set<Node> {
  const seen = new Set<Node>(roots);
  const queue = [...seen];
  for (let index = 0; index < queue.length; index++) {
    for (const next of successors(queue[index] as Node)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/**
 * Development-only nodes: reachable from the development roots but not from the production ones (npm's
 * `dev` flag, package-lock.json docs). A node neither set reaches is not called development-only: without
 * proof it only serves development, it is treated as shipped.
 */
export function developmentOnly<Node>(
  productionRoots: Iterable<Node>,
  developmentRoots: Iterable<Node>,
  successors: (node: Node) => Iterable<Node>,
): Set<Node> {
  const production = reachable(productionRoots, successors);
  const development = reachable(developmentRoots, successors);
  for (const node of production) development.delete(node);
  return development;
}
