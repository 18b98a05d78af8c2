/**
 * The format-neutral model every extractor produces and every emitter consumes:
 * lockfile bytes → extract → ComponentGraph → emit (house style §2).
 */

export type Ecosystem = 'npm' | 'pypi';

/** CycloneDX hash-alg names; content is lowercase hex. */
export type HashAlgorithm = 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface Hash {
  algorithm: HashAlgorithm;
  content: string;
}

/** One downloadable artifact of a component: a CycloneDX `distribution` external reference. */
export interface Distribution {
  url: string;
  hashes: Hash[];
}

/** A name/value pair, named per the CycloneDX property taxonomy (`cdx:npm:package:bundled`, …). */
export interface Property {
  name: string;
  value: string;
}

export interface Component {
  /**
   * Stable identifier, unique in the graph and used as the CycloneDX bom-ref: the PURL, which for
   * non-registry sources carries a `vcs_url`/`download_url` qualifier so that two sources never collide.
   */
  ref: string;
  ecosystem: Ecosystem;
  /** The name as the ecosystem spells it, npm scope included (`@babel/core`, `Django`). */
  name: string;
  version: string;
  purl: string;
  /** Only development dependencies lead to it (npm `dev`, Poetry group `dev`, Pipfile `develop`). */
  development: boolean;
  /** Installed only when possible or requested (npm `optional`, extras). */
  optional: boolean;
  /**
   * At most one per algorithm (CycloneDX models component hashes as a map): the npm integrity, or for
   * Python the sdist's digest (else the only file's). Per-file digests go on `distributions`.
   */
  hashes: Hash[];
  /** SPDX license expression when the input states one; otherwise the licence names as written. */
  license?: string;
  /** Where the artifact(s) can be downloaded from (registry tarball, each wheel/sdist, git URL). */
  distributions: Distribution[];
  description?: string;
  properties: Property[];
}

/** The project a lockfile belongs to: `metadata.component`, never one of `components`. */
export interface ProjectComponent {
  ecosystem: Ecosystem;
  name: string;
  version?: string;
  purl?: string;
  license?: string;
  description?: string;
  /** Digests of the file the SBOM describes, when that is one artifact (a wheel); none for a source tree. */
  hashes?: Hash[];
}

export interface DependencyEdges {
  ref: string;
  dependsOn: string[];
}

export interface ExtractionWarning {
  file: string;
  line?: number;
  message: string;
}

/** What one extractor reads out of one lockfile. Components may repeat (npm nesting); the builder merges. */
export interface Extraction {
  /** The project as the lockfile names it (npm root entry, uv editable root), when it does. */
  project?: ProjectComponent;
  components: Component[];
  dependencies: DependencyEdges[];
  /** Refs of the components the project itself depends on. */
  directDependencies: string[];
  warnings: ExtractionWarning[];
}

/** The merged, deduplicated, sorted graph that emitters serialise. */
export interface ComponentGraph {
  root: ProjectComponent & { ref: string };
  /** Sorted by ref; never contains the root. */
  components: Component[];
  /** Every node (root included) with its sorted direct dependencies; sorted by ref. */
  dependencies: DependencyEdges[];
  warnings: ExtractionWarning[];
  /** The lockfiles the graph was built from, `/`-separated and relative to the project folder (the folder scanned, or the folder of the first file named). */
  sources: string[];
}
