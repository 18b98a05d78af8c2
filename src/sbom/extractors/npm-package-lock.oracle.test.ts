/**
 * Oracle: for every npm lockfile in the corpus, compare our extraction with what @cyclonedx/cyclonedx-npm
 * (which asks npm itself, `npm ls --package-lock-only --all --long --json`) reports for the same lock.
 * Compared at the level of qualifier-free `pkg:npm/name@version` PURLs, merged per PURL as our graph
 * builder merges: the set of packages, how many lock entries each has, the dependency edges, the
 * project's direct dependencies, hashes, licences, bundled and development flags.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { corpusLockfiles, hasCorpus, repositoryRoot } from '../../testing/corpus.js';
import type { Extraction } from '../model/component.js';
import { npmPackageLockExtractor } from './npm-package-lock.js';

const cycloneDxNpm = join(
  repositoryRoot,
  'node_modules',
  '@cyclonedx',
  'cyclonedx-npm',
  'bin',
  'cyclonedx-npm-cli.js',
);
const TIMEOUT_MS = 150_000;

/**
 * The only intended difference. npm's package-lock docs: `devOptional` marks a package that is "both a dev
 * dependency and an optional dependency of a non-dev dependency"; Arborist `Node#shouldOmit` drops it only
 * when both `dev` and `optional` are omitted, so `npm install --omit=dev` installs it. We report
 * development=false, optional=true; cyclonedx-npm sets `cdx:npm:package:development` for
 * `dev || devOptional` (dist/builders.js). Each PURL here must be devOptional in the lock. (lerna's
 * source-map-support@0.5.21 is devOptional too but also has a plain copy, so both tools call it required.)
 */
const DEV_OPTIONAL_NOT_DEVELOPMENT: Readonly<Record<string, readonly string[]>> = {
  'npm-v3/lerna': [
    'pkg:npm/%40swc-node/core@1.14.1',
    'pkg:npm/%40swc-node/register@1.11.1',
    'pkg:npm/%40swc-node/sourcemap-support@0.6.1',
    'pkg:npm/%40swc/core@1.15.8',
    'pkg:npm/%40swc/counter@0.1.3',
    'pkg:npm/%40swc/types@0.1.27',
    'pkg:npm/%40types/parse-json@4.0.2',
    'pkg:npm/babel-plugin-macros@3.1.0',
    'pkg:npm/cosmiconfig@7.1.0',
    'pkg:npm/oxc-resolver@11.23.0',
    'pkg:npm/picomatch@4.0.4',
    'pkg:npm/pirates@4.0.7',
    'pkg:npm/typescript@5.9.2',
    'pkg:npm/yaml@1.10.3',
  ],
  'npm-v3/npm-cli': ['pkg:npm/iconv-lite@0.6.3', 'pkg:npm/safer-buffer@2.1.2'],
};

interface PackageFacts {
  entries: number;
  development: boolean;
  bundled: boolean;
  hashes: Set<string>;
  licenses: Set<string>;
}

interface Summary {
  packages: Map<string, PackageFacts>;
  edges: Set<string>;
  direct: Set<string>;
}

const withoutQualifiers = (purl: string) => purl.split('?')[0] as string;

function record(
  packages: Map<string, PackageFacts>,
  purl: string,
  facts: Omit<PackageFacts, 'entries' | 'hashes' | 'licenses'> & { hashes: string[]; licenses: string[] },
): void {
  const known = packages.get(purl) ?? {
    entries: 0,
    development: true,
    bundled: true,
    hashes: new Set<string>(),
    licenses: new Set<string>(),
  };
  // As the graph builder merges: development/bundled only if every entry is.
  known.entries += 1;
  known.development &&= facts.development;
  known.bundled &&= facts.bundled;
  for (const hash of facts.hashes) known.hashes.add(hash);
  for (const license of facts.licenses) known.licenses.add(license);
  packages.set(purl, known);
}

function summarizeOurs(extraction: Extraction): Summary {
  const packages = new Map<string, PackageFacts>();
  for (const component of extraction.components) {
    record(packages, withoutQualifiers(component.purl), {
      development: component.development,
      bundled: component.properties.some((property) => property.name === 'cdx:npm:package:bundled'),
      hashes: component.hashes.map((hash) => `${hash.algorithm}:${hash.content}`),
      licenses: component.license === undefined ? [] : [component.license],
    });
  }
  const edges = new Set<string>();
  for (const edge of extraction.dependencies) {
    for (const target of edge.dependsOn)
      edges.add(`${withoutQualifiers(edge.ref)} -> ${withoutQualifiers(target)}`);
  }
  return { packages, edges, direct: new Set(extraction.directDependencies.map(withoutQualifiers)) };
}

interface CycloneDxComponent {
  'bom-ref': string;
  purl?: string;
  hashes?: { alg: string; content: string }[];
  licenses?: { license?: { id?: string; name?: string }; expression?: string }[];
  externalReferences?: { hashes?: { alg: string; content: string }[] }[];
  properties?: { name: string; value: string }[];
  components?: CycloneDxComponent[];
}

interface CycloneDxBom {
  metadata: { component: { 'bom-ref': string } };
  components?: CycloneDxComponent[];
  dependencies?: { ref: string; dependsOn?: string[] }[];
}

function summarizeTheirs(bom: CycloneDxBom): Summary {
  const packages = new Map<string, PackageFacts>();
  const purlByRef = new Map<string, string>();
  const pending = [...(bom.components ?? [])];
  for (let component = pending.pop(); component !== undefined; component = pending.pop()) {
    pending.push(...(component.components ?? []));
    const purl = withoutQualifiers(component.purl ?? `(no purl) ${component['bom-ref']}`);
    purlByRef.set(component['bom-ref'], purl);
    const has = (name: string) => (component.properties ?? []).some((property) => property.name === name);
    const hashes = [
      ...(component.hashes ?? []),
      ...(component.externalReferences ?? []).flatMap((reference) => reference.hashes ?? []),
    ];
    record(packages, purl, {
      development: has('cdx:npm:package:development'),
      bundled: has('cdx:npm:package:bundled'),
      hashes: hashes.map((hash) => `${hash.alg}:${hash.content}`),
      licenses: (component.licenses ?? []).map(
        (choice) => choice.license?.id ?? choice.license?.name ?? choice.expression ?? '',
      ),
    });
  }
  const root = bom.metadata.component['bom-ref'];
  const edges = new Set<string>();
  const direct = new Set<string>();
  for (const dependency of bom.dependencies ?? []) {
    for (const target of dependency.dependsOn ?? []) {
      const to = purlByRef.get(target) ?? target;
      if (dependency.ref === root) direct.add(to);
      else edges.add(`${purlByRef.get(dependency.ref) ?? dependency.ref} -> ${to}`);
    }
  }
  return { packages, edges, direct };
}

/**
 * A copy of the project npm can read: the lock, its package.json, and (the corpus keeps only the root
 * manifest) a package.json for each workspace or linked folder, written from the lock's own entry for it,
 * since npm reads those manifests from disk to build the workspace edges.
 */
function stageProject(lockfile: string, base: string): string {
  const project = join(base, 'project');
  mkdirSync(project, { recursive: true });
  copyFileSync(lockfile, join(project, basename(lockfile)));
  copyFileSync(join(dirname(lockfile), 'package.json'), join(project, 'package.json'));
  const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as {
    packages?: Record<string, Record<string, unknown>>;
  };
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (key === '' || key.includes('node_modules/') || entry.link === true) continue;
    const folder = resolve(project, key);
    if (relative(base, folder).startsWith('..')) continue;
    const manifest: Record<string, unknown> = {};
    for (const field of [
      'name',
      'version',
      'license',
      'dependencies',
      'devDependencies',
      'optionalDependencies',
      'peerDependencies',
      'peerDependenciesMeta',
    ]) {
      if (entry[field] !== undefined) manifest[field] = entry[field];
    }
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'package.json'), JSON.stringify(manifest));
  }
  return project;
}

/**
 * Runs cyclonedx-npm in its own process group so a hung `npm ls` is killed with it. No network: npm is
 * told to stay offline, and `--package-lock-only` never reads node_modules. `--ignore-npm-errors` because
 * `npm ls` exits 1 on ELSPROBLEMS (unmet peers, out-of-range versions) that real locks do have.
 */
function runCycloneDxNpm(cwd: string): Promise<CycloneDxBom> {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    // NODE_ENV=production or an inherited omit/include would make npm drop dev or optional packages.
    if (name === 'NODE_ENV' || /^npm_config_(omit|include|production|only|dev|also)$/i.test(name)) continue;
    environment[name] = value;
  }
  Object.assign(environment, {
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  });
  const args = [
    cycloneDxNpm,
    '--package-lock-only',
    '--ignore-npm-errors',
    '--output-format',
    'JSON',
    '--output-file',
    '-',
  ];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: environment, detached: true, stdio: 'pipe' });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        const tail = Buffer.concat(stderr).toString('utf8').slice(-2000);
        reject(new Error(`cyclonedx-npm exited ${code ?? signal}: ${tail}`));
        return;
      }
      resolvePromise(JSON.parse(Buffer.concat(stdout).toString('utf8')) as CycloneDxBom);
    });
  });
}

/** Starts `task`s at most `limit` at a time; each caller awaits its own result. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: (() => void)[] = [];
  return (task) =>
    new Promise((resolvePromise, reject) => {
      const start = () => {
        running += 1;
        task()
          .then(resolvePromise, reject)
          .finally(() => {
            running -= 1;
            queue.shift()?.();
          });
      };
      if (running < limit) start();
      else queue.push(start);
    });
}

function difference<T>(left: Iterable<T>, right: Set<T> | Map<T, unknown>): T[] {
  return [...left].filter((item) => !right.has(item)).sort();
}

/** Stripped PURLs of the lock's entries that carry `devOptional` (v2/v3), read straight from the JSON. */
function devOptionalNames(lockfile: string): Set<string> {
  const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as {
    packages?: Record<string, Record<string, unknown>>;
  };
  const names = new Set<string>();
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (entry.devOptional !== true) continue;
    const name = typeof entry.name === 'string' ? entry.name : key.split('node_modules/').pop();
    names.add(`${name}@${String(entry.version)}`);
  }
  return names;
}

const decodePurl = (purl: string) => decodeURIComponent(purl.replace(/^pkg:npm\//, ''));

describe('cyclonedx-npm oracle', { skip: hasCorpus() ? false : 'no corpus beside the repository' }, () => {
  const base = mkdtempSync(join(tmpdir(), 'veriship-npm-oracle-'));
  after(() => rmSync(base, { recursive: true, force: true }));
  const lockfiles = hasCorpus()
    ? ['npm-v1', 'npm-v2', 'npm-v3'].flatMap((format) =>
        corpusLockfiles(format, (name) => name === 'package-lock.json').map((lockfile) => ({
          lockfile,
          project: `${format}/${basename(dirname(lockfile))}`,
        })),
      )
    : [];
  // Each run takes seconds (npm loads the whole tree); start them all now, two at a time, so later
  // tests find their BOM ready. Rejections are observed here and rethrown by the test that awaits them.
  const schedule = limiter(2);
  const boms = new Map(
    lockfiles.map(({ lockfile, project }) => {
      const bom = schedule(() =>
        runCycloneDxNpm(stageProject(lockfile, join(base, project.replace('/', '-')))),
      );
      bom.catch(() => undefined);
      return [project, bom] as const;
    }),
  );

  it('has every npm lockfile of the corpus to compare, and the known differences name compared projects', () => {
    // Without this a renamed corpus folder would leave the loop below with nothing to compare.
    const projects = lockfiles.map((entry) => entry.project);
    assert.deepEqual(projects, [
      'npm-v1/atom',
      'npm-v1/atom-github',
      'npm-v1/atom-script',
      'npm-v2/create-react-app',
      'npm-v2/typescript-node-starter',
      'npm-v3/lerna',
      'npm-v3/npm-cli',
      'npm-v3/warehouse',
    ]);
    for (const project of Object.keys(DEV_OPTIONAL_NOT_DEVELOPMENT)) {
      assert.ok(projects.includes(project), `${project} is listed as a known difference but never compared`);
    }
  });

  for (const { lockfile, project } of lockfiles) {
    it(`${project}: same packages, edges, direct dependencies and facts`, {
      timeout: TIMEOUT_MS + 30_000,
    }, async () => {
      const ours = summarizeOurs(
        await npmPackageLockExtractor.extract({
          path: lockfile,
          content: readFileSync(lockfile),
          readRelative: async (relativePath) => readFileSync(join(dirname(lockfile), relativePath)),
        }),
      );
      const theirs = summarizeTheirs(await (boms.get(project) as Promise<CycloneDxBom>));

      assert.deepEqual(difference(ours.packages.keys(), theirs.packages), [], 'packages only we list');
      assert.deepEqual(
        difference(theirs.packages.keys(), ours.packages),
        [],
        'packages only cyclonedx-npm lists',
      );
      assert.deepEqual(difference(ours.edges, theirs.edges), [], 'edges only we list');
      assert.deepEqual(difference(theirs.edges, ours.edges), [], 'edges only cyclonedx-npm lists');
      assert.deepEqual([...ours.direct].sort(), [...theirs.direct].sort(), 'direct dependencies');

      const mismatches: Record<'entries' | 'bundled' | 'hashes' | 'licenses', string[]> = {
        entries: [],
        bundled: [],
        hashes: [],
        licenses: [],
      };
      const developmentDiffers: string[] = [];
      const sorted = (set: Set<string>) => [...set].sort().join(' ');
      for (const [purl, mine] of ours.packages) {
        const other = theirs.packages.get(purl) as PackageFacts;
        if (mine.entries !== other.entries) mismatches.entries.push(purl);
        if (mine.bundled !== other.bundled) mismatches.bundled.push(purl);
        if (sorted(mine.hashes) !== sorted(other.hashes)) mismatches.hashes.push(purl);
        if (sorted(mine.licenses) !== sorted(other.licenses)) mismatches.licenses.push(purl);
        if (mine.development !== other.development) developmentDiffers.push(purl);
      }
      assert.deepEqual(mismatches, { entries: [], bundled: [], hashes: [], licenses: [] });

      const expected = [...(DEV_OPTIONAL_NOT_DEVELOPMENT[project] ?? [])].sort();
      assert.deepEqual(developmentDiffers.sort(), expected, 'development flag differences');
      const devOptional = devOptionalNames(lockfile);
      for (const purl of expected) {
        assert.equal(ours.packages.get(purl)?.development, false, purl);
        assert.equal(theirs.packages.get(purl)?.development, true, purl);
        assert.ok(devOptional.has(decodePurl(purl)), `${purl} is devOptional in the lock`);
      }
    });
  }
});
