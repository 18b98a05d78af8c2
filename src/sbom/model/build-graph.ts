import type {
  Component,
  ComponentGraph,
  DependencyEdges,
  Distribution,
  Extraction,
  ExtractionWarning,
  Hash,
  ProjectComponent,
  Property,
} from './component.js';
import { mergeHashes } from './hashes.js';

export interface GraphInput {
  /** The project the SBOM describes (metadata.component). */
  root: ProjectComponent;
  /** One extraction per lockfile, each with the project it belongs to (null: the root itself). */
  extractions: { source: string; extraction: Extraction; project: ProjectComponent | null }[];
  /** `--omit dev`: leave out components only development dependencies reach. */
  omitDevelopment: boolean;
}

const byRef = (a: { ref: string }, b: { ref: string }) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);

export function projectRef(project: ProjectComponent): string {
  return project.purl ?? `project:${project.ecosystem}/${project.name}@${project.version ?? ''}`;
}

function firstPerAlgorithm(component: Component): Component['hashes'] {
  const seen = new Set<string>();
  return component.hashes.filter((hash) => !seen.has(hash.algorithm) && seen.add(hash.algorithm));
}

function sameHashes(a: readonly Hash[], b: readonly Hash[]): boolean {
  return (
    a === b ||
    (a.length === b.length &&
      a.every((hash, index) => hash.algorithm === b[index]?.algorithm && hash.content === b[index]?.content))
  );
}

function sameDistributions(a: readonly Distribution[], b: readonly Distribution[]): boolean {
  return (
    a.length === b.length &&
    a.every((distribution, index) => {
      const other = b[index];
      return (
        other !== undefined && distribution.url === other.url && sameHashes(distribution.hashes, other.hashes)
      );
    })
  );
}

function sameProperties(a: readonly Property[], b: readonly Property[]): boolean {
  return (
    a.length === b.length &&
    a.every((property, index) => property.name === b[index]?.name && property.value === b[index]?.value)
  );
}

function mergeComponents(existing: Component, next: Component): Component {
  const development = existing.development && next.development;
  const optional = existing.optional && next.optional;
  // npm lists a package once per place it is installed, nearly always from the same tarball: then only the
  // flags can differ, and the merge needs no new lists.
  if (
    sameHashes(existing.hashes, next.hashes) &&
    sameDistributions(existing.distributions, next.distributions) &&
    sameProperties(existing.properties, next.properties) &&
    (next.license === undefined || existing.license !== undefined) &&
    (next.description === undefined || existing.description !== undefined)
  ) {
    return development === existing.development && optional === existing.optional
      ? existing
      : { ...existing, development, optional };
  }
  const distributions = new Map<string, Distribution>();
  for (const distribution of [...existing.distributions, ...next.distributions]) {
    const known = distributions.get(distribution.url);
    distributions.set(distribution.url, {
      url: distribution.url,
      hashes: mergeHashes(known?.hashes ?? [], distribution.hashes),
    });
  }
  const properties = new Map<string, Property>();
  for (const property of [...existing.properties, ...next.properties]) {
    properties.set(`${property.name}\u0000${property.value}`, property);
  }
  return {
    ...existing,
    // Dev-only or optional only if every occurrence is: one required path makes it required.
    development,
    optional,
    hashes: firstPerAlgorithm({ ...existing, hashes: [...existing.hashes, ...next.hashes] }),
    license: existing.license ?? next.license,
    description: existing.description ?? next.description,
    distributions: [...distributions.values()],
    properties: [...properties.values()],
  };
}

function sortComponent(component: Component): Component {
  // Already in order: one hash, at most one distribution with at most one hash, one property.
  if (
    component.hashes.length <= 1 &&
    component.properties.length <= 1 &&
    (component.distributions.length === 0 ||
      (component.distributions.length === 1 && (component.distributions[0]?.hashes.length ?? 0) <= 1))
  ) {
    return component;
  }
  return {
    ...component,
    hashes: mergeHashes(component.hashes),
    distributions: component.distributions
      .map((distribution) => ({ url: distribution.url, hashes: mergeHashes(distribution.hashes) }))
      .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0)),
    properties: [...component.properties].sort((a, b) =>
      a.name === b.name ? (a.value < b.value ? -1 : 1) : a.name < b.name ? -1 : 1,
    ),
  };
}

/**
 * Merges per-lockfile extractions into one graph: components deduplicated by ref, edges unioned,
 * sub-projects (monorepo lockfiles other than the root's) added as components the root depends on.
 * Everything is sorted so the same inputs always serialise to the same bytes.
 */
export function buildComponentGraph(input: GraphInput): ComponentGraph {
  const rootRef = projectRef(input.root);
  const components = new Map<string, Component>();
  const edges = new Map<string, Set<string>>();
  const warnings: ExtractionWarning[] = [];
  const addEdges = (from: string, to: Iterable<string>) => {
    let set = edges.get(from);
    if (!set) {
      set = new Set();
      edges.set(from, set);
    }
    for (const ref of to) if (ref !== from) set.add(ref);
  };
  addEdges(rootRef, []);

  for (const { extraction, project } of input.extractions) {
    for (const component of extraction.components) {
      const known = components.get(component.ref);
      components.set(component.ref, known ? mergeComponents(known, component) : component);
    }
    for (const edge of extraction.dependencies) addEdges(edge.ref, edge.dependsOn);
    let owner = rootRef;
    if (project && projectRef(project) !== rootRef) {
      owner = projectRef(project);
      const subProject: Component = {
        ref: owner,
        ecosystem: project.ecosystem,
        name: project.name,
        version: project.version ?? '',
        purl: project.purl ?? '',
        development: false,
        optional: false,
        hashes: [],
        distributions: [],
        properties: [{ name: 'veriship:component:kind', value: 'project' }],
        ...(project.license ? { license: project.license } : {}),
        ...(project.description ? { description: project.description } : {}),
      };
      const known = components.get(owner);
      components.set(owner, known ? mergeComponents(known, subProject) : subProject);
      addEdges(rootRef, [owner]);
    }
    addEdges(owner, extraction.directDependencies);
    warnings.push(...extraction.warnings);
  }
  components.delete(rootRef);

  let kept = [...components.values()];
  if (input.omitDevelopment) kept = kept.filter((component) => !component.development);
  const keptRefs = new Set(kept.map((component) => component.ref));
  keptRefs.add(rootRef);

  const dependencies: DependencyEdges[] = [];
  for (const ref of keptRefs) {
    const dependsOn = [...(edges.get(ref) ?? [])].filter((target) => keptRefs.has(target)).sort();
    dependencies.push({ ref, dependsOn });
  }
  // An edge to a ref that no extraction described is a lockfile inconsistency: report it, never invent
  // a component for it (that would be a claim the input does not make).
  for (const [from, targets] of edges) {
    for (const target of targets) {
      if (!components.has(target) && target !== rootRef) {
        warnings.push({ file: '(graph)', message: `${from} depends on ${target}, which no lockfile lists` });
      }
    }
  }

  return {
    root: { ...input.root, ref: rootRef },
    components: kept.map(sortComponent).sort(byRef),
    dependencies: dependencies.sort(byRef),
    warnings,
    sources: input.extractions.map((entry) => entry.source).sort(),
  };
}
