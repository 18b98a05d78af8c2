// Micro-benchmark of version ordering and CVSS scoring (src/vuln/versions, src/vuln/severity): how many
// comparisons per second each ecosystem's scheme sustains, since a scan compares every component version
// with every range event of every candidate advisory. Bundles the modules with esbuild (as the CLI is
// bundled) into a temporary folder and times them in-process. Usage: node bench/vuln-versions.mjs
// Side by side: npm against `semver` (node-semver), PyPI against `@renovatebot/pep440`, on the same pairs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const corpus = process.env.VERISHIP_CORPUS ?? resolve(root, '..', 'shared', 'corpus');
const fixtures = join(root, 'src', 'vuln', 'versions', '__fixtures__');

const directory = mkdtempSync(join(tmpdir(), 'veriship-bench-versions-'));
try {
  const outfile = join(directory, 'modules.mjs');
  await build({
    stdin: {
      contents: [
        "export { versionSchemeFor } from './src/vuln/versions/registry.js';",
        "export { scoreCvss } from './src/vuln/severity/score-cvss.js';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'bench-entry.ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  const { versionSchemeFor, scoreCvss } = await import(pathToFileURL(outfile).href);

  const semverPairs = [];
  for (let major = 0; major < 500; major += 1) {
    for (const suffix of ['', '-alpha.1', '-rc.2', '+build.5'])
      semverPairs.push([`${major}.2.3${suffix}`, `1.${major}.0`]);
  }
  const mavenPairs = readFileSync(join(fixtures, 'maven-3.9.9-comparisons.tsv'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t').slice(0, 2));
  const pypiPairs = readFileSync(join(fixtures, 'pypi-packaging-comparisons.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const cases = [
    ['npm', semverPairs],
    ['crates.io', semverPairs.filter(([a, b]) => !a.startsWith('v') && !b.startsWith('v'))],
    ['Go', semverPairs.map(([a, b]) => [`v${a}`, b])],
    ['PyPI', pypiPairs.map((row) => row.slice(0, 2))],
    ['Maven', mavenPairs],
    ['NuGet', semverPairs.map(([a, b]) => [a.replace('+build.5', '.4'), b])],
    ['RubyGems', semverPairs.map(([a, b]) => [a.replace('+build.5', '.5'), b])],
  ];

  const time = (work) => {
    const started = process.hrtime.bigint();
    const count = work();
    return { count, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  };
  // Cold: the first comparison of each pair parses both versions. Warm: the same pairs again, parses
  // cached, the pattern of matching (one installed version against many range events).
  console.log('version comparisons, cold (first sight of each version) / warm (parse cached):');
  for (const [ecosystem, pairs] of cases) {
    const scheme = versionSchemeFor(ecosystem);
    const cold = time(() => {
      for (const [a, b] of pairs) scheme.compare(a, b);
      return pairs.length;
    });
    const rounds = Math.ceil(100_000 / pairs.length);
    const warm = time(() => {
      let compared = 0;
      for (let round = 0; round < rounds; round += 1) {
        for (const [a, b] of pairs) {
          scheme.compare(a, b);
          scheme.compare(b, a);
          compared += 2;
        }
      }
      return compared;
    });
    const nanoseconds = ({ count, seconds }) => ((seconds / count) * 1e9).toFixed(0).padStart(5);
    console.log(
      `  ${ecosystem.padEnd(10)} cold ${nanoseconds(cold)} ns  warm ${nanoseconds(warm)} ns per comparison`,
    );
  }

  // Side by side with the npm registry's reference packages. Same pairs, both directions, same number of
  // rounds; one untimed pass first (which also checks that both sides order every pair the same way).
  const require = createRequire(join(root, 'package.json'));
  const load = (name) => {
    try {
      return require(name);
    } catch {
      return undefined;
    }
  };
  const semver = load('semver');
  const pep440 = load('@renovatebot/pep440');
  // pep440 rejects (throws on) many of the fixture's unusual but valid versions: time only the pairs it accepts.
  const accepts = (compare) => (pair) => {
    try {
      compare(pair[0], pair[1]);
      compare(pair[1], pair[0]);
      return true;
    } catch {
      return false;
    }
  };
  console.log(
    '\nside by side, the same pairs both ways (veriship caches parsed versions; the peers parse on every call):',
  );
  const peers = [
    ['npm', 'semver.compare', semver?.compare, semverPairs, undefined],
    ['PyPI', '@renovatebot/pep440 compare', pep440?.compare, pypiPairs, pypiPairs.length],
  ];
  for (const [ecosystem, label, peerCompare, allPairs, total] of peers) {
    if (!peerCompare) {
      console.log(`  ${ecosystem.padEnd(10)} ${label}: not installed`);
      continue;
    }
    const scheme = versionSchemeFor(ecosystem);
    const pairs = allPairs.filter(accepts(peerCompare)).map((row) => row.slice(0, 2));
    let agree = 0;
    for (const [a, b] of pairs)
      if (Math.sign(scheme.compare(a, b)) === Math.sign(peerCompare(a, b))) agree += 1;
    const rounds = Math.ceil(100_000 / pairs.length);
    const warmRun = (compare) =>
      time(() => {
        let compared = 0;
        for (let round = 0; round < rounds; round += 1) {
          for (const [a, b] of pairs) {
            compare(a, b);
            compare(b, a);
            compared += 2;
          }
        }
        return compared;
      });
    const ours = warmRun((a, b) => scheme.compare(a, b));
    const theirs = warmRun((a, b) => peerCompare(a, b));
    const ns = ({ count, seconds }) => (seconds / count) * 1e9;
    const speed = ns(theirs) / ns(ours);
    const subset = total
      ? ` (the ${pairs.length} of ${total} fixture pairs it accepts)`
      : ` (${pairs.length} pairs)`;
    console.log(
      `  ${ecosystem.padEnd(10)} veriship ${ns(ours).toFixed(0).padStart(5)} ns  ${label} ${ns(theirs).toFixed(0).padStart(5)} ns per comparison` +
        `  → veriship ${speed >= 1 ? `${speed.toFixed(1)}× faster` : `${(1 / speed).toFixed(1)}× slower`}` +
        `; same order on ${agree}/${pairs.length}${subset}`,
    );
  }

  const vectors = ['vectors_simple31', 'vectors_simple4']
    .flatMap((file) => readFileSync(join(corpus, 'cvss', 'redhat-cvss', file), 'utf8').split('\n'))
    .filter(Boolean)
    .map((line) => line.split(' - ')[0]);
  for (const pass of ['first pass', 'again (cached)']) {
    const { count, seconds } = time(() => {
      for (const vector of vectors) scoreCvss(vector);
      return vectors.length;
    });
    console.log(
      `CVSS scoring, ${pass}: ${count} corpus vectors (v3.1, v4.0) in ${seconds.toFixed(3)} s, ${((seconds / count) * 1e6).toFixed(1)} µs each`,
    );
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}
