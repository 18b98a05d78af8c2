// `node bench/provenance.mjs` (after `npm run build`): issue 5's figures, printed, not asserted.
//  1. `veriship attest provenance` on 1,000 subject files (whole process: start-up, hashing, signing,
//     writing), then `veriship verify-attestation` of one artifact against that 1,000-subject statement.
//  2. In-process: verifyAttestation on the same bundle, next to @sigstore/verify (the reference
//     implementation) verifying the same DSSE bundle's signature, as operations per second.
// BENCH_SUBJECTS (default 1000), BENCH_RUNS (default 5), BENCH_SECONDS (default 1), VERISHIP_DIST.
import { createPublicKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleFromJSON } from '@sigstore/bundle';
import { toSignedEntity, Verifier } from '@sigstore/verify';
import { formatResult, measure } from './measure.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.env.VERISHIP_DIST ?? join(root, 'dist'));
const cli = join(dist, 'cli.mjs');
const subjectCount = Number(process.env.BENCH_SUBJECTS ?? 1000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const seconds = Number(process.env.BENCH_SECONDS ?? 1);
const library = await import(pathToFileURL(join(dist, 'index.mjs')).href);

const directory = mkdtempSync(join(tmpdir(), 'veriship-bench-provenance-'));
process.on('exit', () => rmSync(directory, { recursive: true, force: true }));
const subjects = join(directory, 'subjects');
mkdirSync(subjects);
const files = [];
for (let index = 0; index < subjectCount; index += 1) {
  const file = join(subjects, `artifact-${String(index).padStart(5, '0')}.bin`);
  writeFileSync(file, `artifact ${index}\n`.repeat(64));
  files.push(file);
}
const keys = library.generateKeyPair('ecdsa-p256', { passphrase: undefined });
writeFileSync(join(directory, 'k.key'), keys.privateKeyPem);
writeFileSync(join(directory, 'k.pub'), keys.publicKeyPem);
const env = { ...process.env, SOURCE_DATE_EPOCH: '1764000000', GITHUB_ACTIONS: '' };
const statement = join(directory, 'out', 'provenance.json');
const bundlePath = join(directory, 'out', 'provenance.sigstore.json');
const attestArgs = [
  cli,
  'attest',
  'provenance',
  '--key',
  join(directory, 'k.key'),
  '-o',
  statement,
  '--source-dir',
  directory,
  ...files.flatMap((file) => ['--subject', file]),
];
const verifyArgs = [
  cli,
  'verify-attestation',
  files[subjectCount - 1],
  '--bundle',
  bundlePath,
  '--key',
  join(directory, 'k.pub'),
  '--max-age',
  '3650d',
];

console.log(
  `provenance: ${subjectCount} subjects (${runs} runs, median; whole process including Node start-up)`,
);
console.log(`  attest provenance     ${formatResult(measure(process.execPath, attestArgs, { runs, env }))}`);
console.log(`  verify-attestation    ${formatResult(measure(process.execPath, verifyArgs, { runs, env }))}`);
console.log(
  `  statement ${(readFileSync(statement).length / 1024).toFixed(0)} KiB, bundle ${(readFileSync(bundlePath).length / 1024).toFixed(0)} KiB`,
);

// In process: ops/s of the whole verification, and of the reference verifier on the signature alone.
const bundleBytes = readFileSync(bundlePath);
const artifactBytes = readFileSync(files[0]);
const keyring = library.keyringFromPublicKey(keys.publicKeyPem, 'k.pub');
/** Operations per second over `seconds` of the actual elapsed time, after a short untimed warm-up. */
async function opsPerSecond(operation) {
  for (let index = 0; index < 20; index += 1) await operation();
  let count = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    await operation();
    count += 1;
  }
  return count / ((performance.now() - started) / 1000);
}
const verifyOurs = () =>
  library.verifyAttestation({
    attestation: bundleBytes,
    artifact: library.artifactFromBytes(artifactBytes),
    keyring,
    expectations: { predicateTypes: ['https://slsa.dev/provenance/v1'], statementType: 'v1' },
    now: new Date(),
  });
// A rejected verification returns early: make sure the timed path is the successful one.
const first = await verifyOurs();
if (!first.verified)
  throw new Error(`verifyAttestation did not verify the bench bundle: ${JSON.stringify(first)}`);
const ours = await opsPerSecond(verifyOurs);
const publicKey = createPublicKey(keys.publicKeyPem);
const trust = {
  certificateAuthorities: [],
  timestampAuthorities: [],
  tlogs: [],
  ctlogs: [],
  publicKey: () => ({ publicKey, validFor: () => true }),
};
const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, tsaThreshold: 0 });
const reference = await opsPerSecond(() => {
  verifier.verify(toSignedEntity(bundleFromJSON(JSON.parse(bundleBytes.toString('utf8')))));
});
console.log(
  `  in process: verifyAttestation ${ours.toFixed(0)}/s (signature, subject, ${subjectCount}-subject statement checks)`,
);
console.log(
  `              @sigstore/verify ${reference.toFixed(0)}/s (signature only) → veriship/sigstore ${(ours / reference).toFixed(2)}× the rate`,
);
