import type { FileSystem } from '../io/file-system.js';
import type { Environment } from '../runtime.js';
import type { ExitCode } from './exit-codes.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in help as `--name VALUE`. */
  value?: string;
  description: string;
}

export interface CliContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  environment: Environment;
  fileSystem: FileSystem;
  debug: boolean;
}

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

/** A command declares its flags as data and calls into the library (house style §9). */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  description: string;
  options: Record<string, OptionSpec>;
  run(values: ParsedValues, positionals: string[], context: CliContext): Promise<ExitCode>;
}
