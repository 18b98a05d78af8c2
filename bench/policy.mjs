// `node bench/policy.mjs` (after `node scripts/build.mjs`): the policy gate's figures for issue 7, printed,
// not asserted. Compiles the built-in pack once, then evaluates it over a synthetic input of
// BENCH_COMPONENTS components (default 5,000) and BENCH_FINDINGS scan findings (default 500), BENCH_RUNS
// times (default 15, after 3 warm-up runs), and prints the compile time, the median and worst evaluation
// time, and the median's ratio to the 200 ms target. VERISHIP_DIST points at another build (default dist/).
//
// The input is built to exercise every rule: a tenth of the components are outside the license allowlist
// (a mix of GPL ids, AND expressions and non-SPDX names), a twentieth have no accepted hash, and the
// findings span every severity, some VEX-suppressed, some with an expired ignore.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.env.VERISHIP_DIST ?? join(root, 'dist'));
const componentCount = Number(process.env.BENCH_COMPONENTS ?? 5000);
const findingCount = Number(process.env.BENCH_FINDINGS ?? 500);
const runs = Number(process.env.BENCH_RUNS ?? 15);
const targetMs = 200;

const library = await import(pathToFileURL(join(dist, 'index.mjs')).href);
const { builtinPolicy, evaluatePolicies, emptyPolicyInput } = library;

const licenses = [
  'MIT',
  'Apache-2.0',
  'BSD-3-Clause',
  'ISC',
  'MIT OR GPL-3.0-only',
  '(MIT AND Apache-2.0)',
  'BSD-2-Clause',
];
const disallowed = [
  'GPL-3.0-only',
  'MIT AND GPL-2.0-only',
  'The Apache Software License',
  'LGPL-2.1-or-later',
];
const severities = ['critical', 'high', 'medium', 'low', 'none', 'unknown'];

function component(index) {
  const name = `package-${index}`;
  const version = `${1 + (index % 7)}.${index % 13}.${index % 5}`;
  const purl = `pkg:npm/${name}@${version}`;
  return {
    id: purl,
    bomRef: purl,
    name,
    group: null,
    version,
    purl,
    type: 'library',
    scope: index % 4 === 0 ? 'optional' : 'required',
    licenses:
      index % 10 === 0 ? [disallowed[index % disallowed.length]] : [licenses[index % licenses.length]],
    hashes:
      index % 20 === 0
        ? { 'SHA-1': 'da39a3ee5e6b4b0d3255bfef95601890afd80709' }
        : { 'SHA-512': `${index.toString(16).padStart(8, '0')}${'ab'.repeat(60)}` },
  };
}

function finding(index) {
  const target = component((index * 7) % componentCount);
  const suppressed =
    index % 5 === 0
      ? {
          kind: 'vex',
          status: 'not_affected',
          justification: 'component_not_present',
          detail: null,
          document: 'vex.json',
          statement: String(index),
          expires: null,
          expired: false,
        }
      : index % 11 === 0
        ? {
            kind: 'ignore',
            status: 'ignored',
            justification: null,
            detail: 'waiting for upstream',
            document: '.veriship-ignore.yaml',
            statement: String(index),
            expires: '2026-01-01',
            expired: true,
          }
        : null;
  return {
    id: `GHSA-bench-${String(index).padStart(4, '0')}`,
    aliases: [`CVE-2026-${10000 + index}`],
    severity: severities[index % severities.length],
    score: (index % 100) / 10,
    package: { name: target.name, ecosystem: 'npm', purl: target.purl, version: target.version },
    fixedVersions: index % 3 === 0 ? [] : ['99.0.0'],
    suppressed,
  };
}

const input = {
  ...emptyPolicyInput(),
  artifacts: [
    {
      name: 'app.tgz',
      path: 'dist/app.tgz',
      digest: { sha256: 'ab'.repeat(32) },
      signature: {
        present: true,
        verified: true,
        bundle: 'dist/app.tgz.sigstore.json',
        checks: [{ check: 'signature', passed: true, reason: null }],
        keyId: 'cd'.repeat(32),
        identity: null,
      },
    },
  ],
  sbom: {
    file: 'bom.json',
    format: 'cyclonedx-json',
    specVersion: '1.6',
    valid: true,
    validationErrors: [],
    components: Array.from({ length: componentCount }, (_, index) => component(index)),
  },
  scan: {
    file: 'scan.json',
    source: 'bom.json',
    notScanned: [],
    findings: Array.from({ length: findingCount }, (_, index) => finding(index)),
  },
};

const compileStart = performance.now();
const policy = builtinPolicy();
const compileMs = performance.now() - compileStart;

const now = new Date('2026-06-01T00:00:00Z');
// The first evaluation is also timed: it pays for JIT warm-up and fills the SPDX parse caches.
const firstStart = performance.now();
let result = evaluatePolicies([policy], input, { now });
const firstMs = performance.now() - firstStart;
for (let warmUp = 0; warmUp < 2; warmUp += 1) result = evaluatePolicies([policy], input, { now });
const times = [];
for (let run = 0; run < runs; run += 1) {
  const start = performance.now();
  result = evaluatePolicies([policy], input, { now });
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];

console.log(
  `policy: built-in pack (${policy.rules.length} rules) over ${componentCount} components and ${findingCount} findings`,
);
console.log(`  compile (parse, check, plan):  ${compileMs.toFixed(1)} ms, once`);
console.log(`  first evaluation (cold caches): ${firstMs.toFixed(1)} ms`);
console.log(
  `  evaluate: median ${median.toFixed(1)} ms, worst ${times.at(-1).toFixed(1)} ms over ${runs} runs (after 3 warm-up runs)`,
);
console.log(
  `  target ${targetMs} ms: median is ${(median / targetMs).toFixed(2)}x the target (${median <= targetMs ? 'within' : 'OVER'})`,
);
for (const rule of result.rules) {
  console.log(
    `    ${rule.id.padEnd(28)} ${rule.decision.padEnd(5)} ${String(rule.violations.length).padStart(5)} violations`,
  );
}
