// `node bench/signing.mjs` (after `npm run build`): signing-side figures for issue 4, printed, not asserted.
//  1. SHA-256 throughput of `veriship checksums` on a 1 GiB file of random bytes, next to
//     `openssl dgst -sha256` and `sha256sum` on the same file in the same run (whole process, page cache warm;
//     median of BENCH_RUNS), plus the library's `digestFile` without process start-up.
//  2. Sign and verify operations per second on a small artifact, veriship against raw node:crypto on the
//     same key type, for ECDSA P-256 and Ed25519.
// The `veriship checksums` figure is the whole process, Node start-up included (~40–100 ms).
// VERISHIP_DIST points at another build (default dist/); BENCH_SECONDS is the time per ops/s figure;
// BENCH_FILE_MIB the size of the hashed file (default 1024); BENCH_RUNS the runs per median (default 5).
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.env.VERISHIP_DIST ?? join(root, 'dist'));
const cli = join(dist, 'cli.mjs');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const seconds = Number(process.env.BENCH_SECONDS ?? 1);
const mib = 1 << 20;
const fileSize = Number(process.env.BENCH_FILE_MIB ?? 1024) * mib;

const library = await import(pathToFileURL(join(dist, 'index.mjs')).href);
const has = (...names) => names.every((name) => typeof library[name] === 'function');

const directory = mkdtempSync(join(tmpdir(), 'veriship-bench-signing-'));
process.on('exit', () => rmSync(directory, { recursive: true, force: true }));

/** A file of random-looking bytes, not sparse: 16 MiB of randomness written repeatedly, each copy stamped. */
function createBigFile(path, size) {
  const block = randomBytes(16 * mib);
  const descriptor = openSync(path, 'w');
  try {
    for (let offset = 0, index = 0; offset < size; offset += block.length, index += 1) {
      block.writeUInt32LE(index, 0);
      writeSync(descriptor, block, 0, Math.min(block.length, size - offset));
    }
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Median wall time of each command over `runs` rounds, after one warm-up round (which also fills the page
 * cache). Rounds interleave the commands, so load from other processes falls on all of them alike.
 */
function timeCommands(commands) {
  const walls = commands.map(() => []);
  const results = commands.map(() => ({ ok: true }));
  for (let round = -1; round < runs; round += 1) {
    for (const [index, [command, args]] of commands.entries()) {
      if (!results[index].ok) continue;
      const started = process.hrtime.bigint();
      const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
      const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
      if (result.error || result.status !== 0) {
        const error = (result.error?.message ?? result.stderr ?? '').trim().split('\n')[0];
        results[index] = { ok: false, error };
      } else if (round >= 0) walls[index].push(elapsed);
      else results[index].output = result.stdout;
    }
  }
  return results.map((result, index) => {
    if (!result.ok) return result;
    const sorted = walls[index].sort((a, b) => a - b);
    return { ...result, seconds: sorted[Math.floor(sorted.length / 2)] };
  });
}

async function timeAsync(action) {
  const walls = [];
  for (let run = -1; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    await action();
    if (run >= 0) walls.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  walls.sort((a, b) => a - b);
  return { ok: true, seconds: walls[Math.floor(walls.length / 2)] };
}

const throughput = (result) =>
  result.ok ? `${(fileSize / mib / result.seconds).toFixed(0).padStart(6)} MiB/s` : '';

async function hashing() {
  const path = join(directory, 'artifact-1GiB.bin');
  const started = process.hrtime.bigint();
  createBigFile(path, fileSize);
  const created = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `SHA-256 of a ${fileSize / mib} MiB file (created in ${created.toFixed(1)} s), median of ${runs} runs:`,
  );
  const labels = ['veriship checksums', 'openssl dgst -sha256', 'sha256sum'];
  const timed = timeCommands([
    [process.execPath, [cli, 'checksums', path]],
    ['openssl', ['dgst', '-sha256', path]],
    ['sha256sum', [path]],
  ]);
  const rows = labels.map((label, index) => [label, timed[index]]);
  if (has('digestFile'))
    rows.push(['digestFile (library, in-process)', await timeAsync(() => library.digestFile(path))]);
  const openssl = rows[1][1];
  for (const [label, result] of rows) {
    const ratio =
      result.ok && openssl.ok ? `  ${(openssl.seconds / result.seconds).toFixed(2)}× openssl` : '';
    const detail = result.ok
      ? `${result.seconds.toFixed(3)} s  ${throughput(result)}${ratio}`
      : `failed: ${result.error}`;
    console.log(`  ${label.padEnd(34)} ${detail}`);
  }
  // Constant memory: the peak resident set of the veriship process hashing the whole file (GNU time).
  const peak = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, 'checksums', path], {
    encoding: 'utf8',
  });
  const kib = Number(peak.stderr?.trim().split('\n').at(-1));
  if (peak.status === 0 && kib > 0)
    console.log(`  veriship checksums peak RSS: ${(kib / 1024).toFixed(0)} MiB`);
  const digests = rows.slice(0, 3).map(([, result]) => result.output?.match(/[0-9a-f]{64}/)?.[0]);
  if (digests.every(Boolean) && new Set(digests).size !== 1) console.log('  (digests differ!)', digests);
  rmSync(path, { force: true });
}

/** Operations per second of `action`, run for `seconds` after a short warm-up. */
async function opsPerSecond(action) {
  for (let index = 0; index < 200; index += 1) await action();
  let count = 0;
  const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const started = process.hrtime.bigint();
  while (process.hrtime.bigint() < end) {
    for (let index = 0; index < 50; index += 1) await action();
    count += 50;
  }
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function signing() {
  const artifactSize = 1024;
  const artifact = randomBytes(artifactSize);
  const artifactPath = join(directory, 'small.bin');
  writeFileSync(artifactPath, artifact);
  console.log(`\nSign / verify a ${artifactSize}-byte artifact, operations per second (${seconds} s each):`);
  if (!has('localKeySigner', 'signMessage', 'signFile')) {
    console.log(
      '  skipped: the library does not export the signing functions (src/index.ts: export * from ./signing/index.js)',
    );
    return;
  }
  const veriVerify = has('verifyBundle', 'keyringFromPublicKey', 'artifactFromBytes');
  const { Verifier, toSignedEntity } = await import('@sigstore/verify');
  const { bundleFromJSON } = await import('@sigstore/bundle');
  const format = (value) => `${Math.round(value).toLocaleString('en-US').padStart(9)}/s`;
  const row = (label, ours, raw) =>
    console.log(
      `    ${label.padEnd(46)} ${format(ours)}   raw node:crypto ${format(raw)}   ${(ours / raw).toFixed(2)}× raw`,
    );

  for (const algorithm of ['ecdsa-p256', 'ed25519']) {
    const keys =
      algorithm === 'ed25519'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const digest = algorithm === 'ed25519' ? null : 'sha256';
    const signer = library.localKeySigner(keys.privateKey);
    console.log(`  ${algorithm}:`);
    const rawSign = await opsPerSecond(() => sign(digest, artifact, keys.privateKey));
    row(
      'signMessage (digest + signature + bundle)',
      await opsPerSecond(() => library.signMessage(artifact, signer)),
      rawSign,
    );
    row(
      'signFile (open, stream, hash, sign, bundle)',
      await opsPerSecond(() => library.signFile(artifactPath, signer)),
      rawSign,
    );

    const bundle = await library.signMessage(artifact, signer);
    const signature = Buffer.from(bundle.messageSignature.signature, 'base64');
    const rawVerify = await opsPerSecond(() => verify(digest, artifact, keys.publicKey, signature));
    let ourVerify;
    if (veriVerify) {
      try {
        const keyring = library.keyringFromPublicKey(
          keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          'bench.pub',
        );
        const bytes = Buffer.from(library.serializeBundle(bundle));
        const verifyOnce = () =>
          library.verifyBundle({
            bundle: bytes,
            artifact: library.artifactFromBytes(artifact),
            keyring,
            now: new Date(),
          });
        const once = await verifyOnce();
        if (!once.verified) throw new Error(JSON.stringify(once.checks?.filter((check) => !check.passed)));
        ourVerify = await opsPerSecond(verifyOnce);
        row('verifyBundle (parse, digest, key, signature)', ourVerify, rawVerify);
      } catch (error) {
        console.log(`    verifyBundle: no figure (${String(error?.message ?? error).slice(0, 120)})`);
        console.log(`    raw node:crypto verify ${format(rawVerify)}`);
      }
    }
    if (algorithm === 'ecdsa-p256') {
      // Sigstore's own verifier on the same bundle, for comparison (it cannot check Ed25519 message signatures).
      const trust = {
        certificateAuthorities: [],
        timestampAuthorities: [],
        tlogs: [],
        ctlogs: [],
        publicKey: () => ({ publicKey: keys.publicKey, validFor: () => true }),
      };
      const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
      // From the same serialized bytes as verifyBundle gets, so both sides pay for JSON parsing.
      const text = library.serializeBundle(bundle);
      const reference = await opsPerSecond(() =>
        verifier.verify(toSignedEntity(bundleFromJSON(JSON.parse(text)), artifact)),
      );
      row('@sigstore/verify (parse, bundle, verify)', reference, rawVerify);
      if (ourVerify)
        console.log(
          `    → veriship verifyBundle runs at ${(ourVerify / reference).toFixed(2)}× @sigstore/verify's rate`,
        );
    }
    if (!veriVerify)
      console.log(
        `  raw verify: ${format(rawVerify)} (veriship's verifyBundle is not exported by this build)`,
      );
  }
}

await hashing();
await signing();
