import { Writable } from 'node:stream';
import type { Command } from '../cli/command.js';
import { reportError } from '../cli/exit-codes.js';
import { parseCommandArguments } from '../cli/parse-arguments.js';
import { nodeFileSystem } from '../io/file-system.js';
import type { Environment } from '../runtime.js';
import type { CliRun } from './run-cli.js';

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

/**
 * Runs one command as `runCli` would once it is listed in `cli/main.ts`: parse its flags, run it, map an
 * error to its exit code and message. For testing a command before (or apart from) its registration.
 */
export async function runCommand(
  command: Command,
  argv: string[],
  environment: Environment = {},
): Promise<CliRun> {
  const stdout = collector();
  const stderr = collector();
  let exitCode: number;
  try {
    const { values, positionals } = parseCommandArguments(command, argv);
    exitCode = await command.run(values, positionals, {
      stdout: stdout.stream,
      stderr: stderr.stream,
      environment,
      fileSystem: nodeFileSystem,
      debug: false,
    });
  } catch (error) {
    const reported = reportError(error);
    stderr.stream.write(`${reported.message}\n`);
    exitCode = reported.exitCode;
  }
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}
