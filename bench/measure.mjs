// Runs a command several times and reports the median wall time and the peak RSS, measured by GNU time
// (`/usr/bin/time -f %M`, the child's maximum resident set in KiB) when the machine has it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

export function measure(command, args, { runs = 5, cwd, env } = {}) {
  const walls = [];
  let peakKib = 0;
  for (let run = 0; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    const result = gnuTime
      ? spawnSync(gnuTime, ['-f', '%M', command, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 })
      : spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) {
      return {
        ok: false,
        error: (result.stderr || result.error?.message || '').trim().split('\n').slice(-3).join(' | '),
      };
    }
    walls.push(elapsed);
    if (gnuTime) {
      const lines = result.stderr.trim().split('\n');
      peakKib = Math.max(peakKib, Number(lines[lines.length - 1]) || 0);
    }
  }
  walls.sort((a, b) => a - b);
  return {
    ok: true,
    seconds: walls[Math.floor(walls.length / 2)],
    peakMiB: gnuTime ? peakKib / 1024 : undefined,
  };
}

export function formatResult(result) {
  if (!result.ok) return `failed (${result.error})`;
  const rss = result.peakMiB === undefined ? 'n/a' : `${result.peakMiB.toFixed(0)} MB`;
  return `${result.seconds.toFixed(3)} s, peak RSS ${rss}`;
}
