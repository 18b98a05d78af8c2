import { Writable } from 'node:stream';
import { runCli } from '../cli/main.js';
import { nodeFileSystem } from '../io/file-system.js';
import type { Environment } from '../runtime.js';

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Runs the CLI in-process with captured output, as a user would call it. */
export async function runVeriship(argv: string[], environment: Environment = {}): Promise<CliRun> {
  const stdout = collector();
  const stderr = collector();
  const exitCode = await runCli(argv, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    environment,
    fileSystem: nodeFileSystem,
  });
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}
