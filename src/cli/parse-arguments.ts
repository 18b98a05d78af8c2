import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { Command, OptionSpec, ParsedValues } from './command.js';

const commonOptions: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  debug: { type: 'boolean', description: 'print stack traces for errors' },
};

export function parseCommandArguments(
  command: Command,
  argv: string[],
): { values: ParsedValues; positionals: string[] } {
  const options = { ...command.options, ...commonOptions };
  try {
    const parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(
        Object.entries(options).map(([name, spec]) => [
          name,
          {
            type: spec.type,
            ...(spec.short ? { short: spec.short } : {}),
            ...(spec.multiple ? { multiple: true } : {}),
          },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values as ParsedValues, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError(
      `${command.name}: ${argumentProblem(error, options)} (see 'veriship ${command.name} --help')`,
    );
  }
}

/**
 * node:util parseArgs's message as one short line: its text for an unknown option goes on about
 * positionals after `--`, and for a missing value spans three lines; a CLI error is one line.
 */
function argumentProblem(error: unknown, options: Record<string, OptionSpec>): string {
  const message = (error as Error).message;
  const unknown = /^Unknown option '([^']*)'/.exec(message);
  if (unknown) return `unknown option '${unknown[1]}'`;
  const ambiguous = /^Option '([^']*)' argument is ambiguous/.exec(message);
  if (ambiguous) {
    const flag = ambiguous[1] ?? '';
    const long = flag.startsWith('--')
      ? flag
      : `--${Object.keys(options).find((name) => `-${options[name]?.short}` === flag) ?? flag.slice(1)}`;
    return `option '${flag}' needs a value (a value starting with a dash is written ${long}=-VALUE)`;
  }
  return message.split('\n')[0] ?? message;
}

export function formatHelp(command: Command): string {
  const options = { ...command.options, ...commonOptions };
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return [flag, spec.description] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    `Usage: ${command.usage}`,
    '',
    command.description,
    '',
    'Options:',
    ...rows.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`),
    '',
  ].join('\n');
}

/** Reads a string option that must be one of `allowed`. */
export function oneOf<T extends string>(
  command: string,
  option: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${command}: --${option} must be one of ${allowed.join(', ')} (got ${String(value)})`);
}

/** Comma-separated and repeated values, e.g. `--omit dev --omit optional` or `--fail-on added,removed`. */
export function listOption<T extends string>(
  command: string,
  option: string,
  value: unknown,
  allowed: readonly T[],
): T[] {
  if (value === undefined) return [];
  const items = (Array.isArray(value) ? value : [String(value)]).flatMap((item) => String(item).split(','));
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw new UsageError(`${command}: --${option} accepts ${allowed.join(', ')} (got ${item})`);
    }
  }
  return [...new Set(items)] as T[];
}
