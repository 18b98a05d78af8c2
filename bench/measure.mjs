// Runs a command several times and reports the median wall time and the peak RSS, measured by GNU time
// (`/usr/bin/time -f %M`) when the machine has it.
//
// - Wall time is taken around spawnSync, so it is the whole process: fork/exec (of /usr/bin/time and the
//   command), Node start-up, the work, and writing the output. Every tool is measured the same way.
// - `warmup` runs (default 1) come first and are not timed (page cache, compile caches); they must
//   succeed too.
// - A run that exits non-zero, is killed, or fails `check` makes the whole result a failure: it is never
//   timed as if it had succeeded. `check()` is called after each run (outside the timed window); it
//   throws to reject the run, and its return value of the last run is kept as `checked`.
// - `%M` is ru_maxrss from wait4, in KiB: the largest resident set of ANY SINGLE process of the tree (the
//   child, or a descendant it waited for), not the sum of processes alive at the same time. For a tool
//   that spawns helpers (cyclonedx-npm runs `npm ls`), use sampleTreeRss below for the tree's total.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function lastLines(text) {
  return (text || '').trim().split('\n').slice(-3).join(' | ');
}

export function measure(command, args, { runs = 5, warmup = 1, cwd, env, check } = {}) {
  const walls = [];
  let peakKib = 0;
  let checked;
  // GNU time writes its figure to its own file (-o), so it cannot be glued to the child's last stderr line.
  const scratch = gnuTime ? mkdtempSync(join(tmpdir(), 'veriship-measure-')) : undefined;
  const timeFile = scratch && join(scratch, 'time');
  try {
    for (let run = -warmup; run < runs; run += 1) {
      const started = process.hrtime.bigint();
      const result = gnuTime
        ? spawnSync(gnuTime, ['-o', timeFile, '-f', '%M', command, ...args], {
            cwd,
            env,
            encoding: 'utf8',
            maxBuffer: 1 << 30,
          })
        : spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
      const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
      if (result.error || result.status !== 0) {
        const status = result.signal ? `signal ${result.signal}` : `exit ${result.status}`;
        return { ok: false, error: `${status}: ${lastLines(result.stderr || result.error?.message)}` };
      }
      if (check) {
        try {
          checked = check(result);
        } catch (error) {
          return { ok: false, error: `exit 0 but rejected: ${error?.message ?? error}` };
        }
      }
      if (run < 0) continue;
      walls.push(elapsed);
      if (gnuTime) {
        const kib = Number(readFileSync(timeFile, 'utf8').trim().split('\n').at(-1));
        if (Number.isFinite(kib)) peakKib = Math.max(peakKib, kib);
      }
    }
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
  walls.sort((a, b) => a - b);
  return {
    ok: true,
    runs,
    seconds: walls[Math.floor(walls.length / 2)],
    peakMiB: gnuTime && peakKib > 0 ? peakKib / 1024 : undefined,
    checked,
  };
}

/**
 * One extra, untimed run that samples /proc every `intervalMs` and returns the largest SUM of the
 * resident sets of the process and all its descendants (MiB). Linux only; a sample, so a peak shorter
 * than the interval can be missed. Returns undefined where /proc is not available or the run fails.
 */
export async function sampleTreeRss(command, args, { cwd, env, intervalMs = 10 } = {}) {
  if (!existsSync('/proc/self/statm')) return undefined;
  const page = 4096;
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'ignore'] });
  let peak = 0;
  const sample = () => {
    const parents = new Map();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        parents.set(Number(entry), ppid);
      } catch {}
    }
    const tree = new Set([child.pid]);
    for (let grown = true; grown; ) {
      grown = false;
      for (const [pid, ppid] of parents)
        if (!tree.has(pid) && tree.has(ppid)) {
          tree.add(pid);
          grown = true;
        }
    }
    let bytes = 0;
    for (const pid of tree) {
      try {
        bytes += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * page;
      } catch {}
    }
    peak = Math.max(peak, bytes);
  };
  const timer = setInterval(sample, intervalMs);
  const status = await new Promise((done) => child.on('close', (code) => done(code)));
  clearInterval(timer);
  return status === 0 && peak > 0 ? peak / (1 << 20) : undefined;
}

export function formatResult(result) {
  if (!result.ok) return `failed (${result.error})`;
  const rss = result.peakMiB === undefined ? 'n/a' : `${result.peakMiB.toFixed(0)} MiB`;
  return `${result.seconds.toFixed(3)} s, peak RSS ${rss}`;
}
