// Writes the version pairs of maven-3.9.9-comparisons.tsv (without the sign column); see SOURCE.md.
// Deterministic: the same 32-bit LCG as the tests' SeededRandom.
let state = 77;
const next = () => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state;
};
const below = (n) => Math.floor((next() / 2 ** 32) * n);
const pick = (xs) => xs[below(xs.length)];
const tokens = ['0', '1', '2', '10', '00', '01', '123', '9999999999', '12345678901234567890', 'a', 'b', 'm', 'alpha', 'beta',
  'milestone', 'rc', 'cr', 'snapshot', 'SNAPSHOT', 'ga', 'final', 'release', 'sp', 'x', 'abc', 'RELEASE', 'Final', 'pom',
  'jre', 'android', 'h'];
const versions = new Set();
while (versions.size < 1500) {
  let version = pick(['1', '2', '0', '1.0', '2.0.0', '1.2.3', '10']);
  for (let i = below(6); i > 0; i--) version += pick(['.', '-', '', '.', '-']) + pick(tokens);
  versions.add(version);
}
const list = [...versions];
// Another spelling of (often) the same version, so that equal pairs are common too.
const respell = (version) => {
  switch (below(6)) {
    case 0: return version.toUpperCase();
    case 1: return `${version}.0`;
    case 2: return `${version}-0`;
    case 3: return version.replace('-', '.');
    case 4: return version.replace(/final|release/i, 'ga');
    default: return version.replace(/\.0(?=[.-]|$)/, '');
  }
};
const lines = [];
for (let i = 0; i < 3000; i++) lines.push(`${pick(list)}\t${pick(list)}`);
for (let i = 0; i < 1000; i++) {
  const version = pick(list);
  lines.push(`${version}\t${respell(version)}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
