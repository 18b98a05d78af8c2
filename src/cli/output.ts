import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { CliContext } from './command.js';

/** Writes a command's result to `-o FILE` atomically, or to stdout when no file (or `-`) is given. */
export async function writeOutput(context: CliContext, output: unknown, content: string): Promise<void> {
  if (typeof output === 'string' && output !== '-') {
    await writeFileAtomic(output, content);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    // EPIPE: the reader stopped early (`| head`); what it did not read is not lost output of ours.
    context.stdout.write(content, (error) =>
      error && (error as NodeJS.ErrnoException).code !== 'EPIPE' ? reject(error) : resolve(),
    );
  });
}

/**
 * The `-o` of a command that writes a file and its signature bundle beside it (`X` and `X.sigstore.json`):
 * `-` cannot name both, so it is a usage error rather than a file literally named `-`.
 */
export function pairedOutputPath(command: string, output: unknown, fallback: string): string {
  if (output === '-') {
    throw new UsageError(
      `${command}: -o names a file; the statement and its bundle cannot both go to stdout`,
    );
  }
  return typeof output === 'string' ? output : fallback;
}

/**
 * A one-line progress indicator on stderr, only when stderr is a terminal: CI logs and pipes get no
 * carriage-return noise.
 */
export function progressReporter(context: CliContext): {
  update(done: number, total: number, label: string): void;
  done(): void;
} {
  if (!context.stderr.isTTY) return { update() {}, done() {} };
  let shown = false;
  return {
    update(done, total, label) {
      shown = true;
      const text = `[${done}/${total}] ${label}`;
      context.stderr.write(`\r\u001b[2K${text.length > 100 ? `…${text.slice(-99)}` : text}`);
    },
    done() {
      if (shown) context.stderr.write('\r\u001b[2K');
    },
  };
}

export function printWarnings(
  context: CliContext,
  warnings: readonly { file: string; line?: number; message: string }[],
): void {
  for (const warning of warnings) {
    const where = warning.line === undefined ? warning.file : `${warning.file}:${warning.line}`;
    context.stderr.write(`veriship: warning: ${where}: ${warning.message}\n`);
  }
}
