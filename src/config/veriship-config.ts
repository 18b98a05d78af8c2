import { parse } from 'yaml';
import { InputError } from '../errors.js';
import type { JsonValue } from '../policy/cel-values.js';

/**
 * `veriship.yaml`, the project's one configuration file, read by `veriship release` and `veriship scan`.
 * Everything is optional; with no file at all the release is made from the dist folder and the project
 * manifest. docs/release-workflow.md documents each key.
 */
export interface VerishipConfig {
  name?: string;
  version?: string;
  /** The folder with the built artifacts, where every output goes too. Default `dist`. */
  dist: string;
  /** The project whose lockfiles and manifest give the project SBOM. Default `.`. */
  project: string;
  /** Artifact file name patterns (`*` wildcards) in `dist`; default: every file there that veriship did not write. */
  artifacts?: string[];
  /** A shell command run first, in the project folder (e.g. `npm pack --pack-destination dist`). */
  build?: string;
  /** `failOn` unset means each command's own default: `high` for release, `none` (report only) for scan. */
  scan: { failOn?: FailOnLevel; database?: string; vex: string[]; ignore?: string };
  /** `params` override the built-in pack's (and the release's derived) policy parameters. */
  policy: { builtin: boolean; files: string[]; params: Record<string, JsonValue> };
  provenance: { builderId?: string };
}

export const failOnLevels = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type FailOnLevel = (typeof failOnLevels)[number];

export const defaultConfig: VerishipConfig = {
  dist: 'dist',
  project: '.',
  scan: { vex: [] },
  policy: { builtin: true, files: [], params: {} },
  provenance: {},
};

type Json = Record<string, unknown>;

const topKeys = [
  'apiVersion',
  'kind',
  'name',
  'version',
  'dist',
  'project',
  'artifacts',
  'build',
  'scan',
  'policy',
  'provenance',
];

/** Parses and checks `veriship.yaml`; unknown keys are errors, so a typo cannot silently disable a gate. */
export function parseVerishipConfig(text: string, file: string): VerishipConfig {
  const fail = (message: string) => new InputError({ code: 'INPUT_MALFORMED', file, message });
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new InputError({
      code: 'INPUT_MALFORMED',
      file,
      message: `not valid YAML: ${(error as Error).message}`,
      cause: error,
    });
  }
  if (document === null || document === undefined) return structuredClone(defaultConfig);
  const root = asObject(document, 'the file', fail);
  rejectUnknown(root, topKeys, '', fail);
  if (root.apiVersion !== undefined && root.apiVersion !== 'veriship.dev/v1')
    throw fail(`apiVersion must be veriship.dev/v1`);
  if (root.kind !== undefined && root.kind !== 'Release') throw fail('kind must be Release');
  const config = structuredClone(defaultConfig);
  for (const key of ['name', 'version', 'dist', 'project', 'build'] as const) {
    if (root[key] !== undefined) config[key] = asString(root[key], key, fail);
  }
  if (root.artifacts !== undefined) config.artifacts = asStrings(root.artifacts, 'artifacts', fail);
  if (root.scan !== undefined) {
    const scan = asObject(root.scan, 'scan', fail);
    rejectUnknown(scan, ['failOn', 'database', 'vex', 'ignore'], 'scan.', fail);
    if (scan.failOn !== undefined) {
      const level = asString(scan.failOn, 'scan.failOn', fail);
      if (!(failOnLevels as readonly string[]).includes(level)) {
        throw fail(`scan.failOn must be one of ${failOnLevels.join(', ')} (got ${level})`);
      }
      config.scan.failOn = level as FailOnLevel;
    }
    if (scan.database !== undefined) config.scan.database = asString(scan.database, 'scan.database', fail);
    if (scan.vex !== undefined) config.scan.vex = asStrings(scan.vex, 'scan.vex', fail);
    if (scan.ignore !== undefined) config.scan.ignore = asString(scan.ignore, 'scan.ignore', fail);
  }
  if (root.policy !== undefined) {
    const policy = asObject(root.policy, 'policy', fail);
    rejectUnknown(policy, ['builtin', 'files', 'params'], 'policy.', fail);
    if (policy.builtin !== undefined) {
      if (typeof policy.builtin !== 'boolean') throw fail('policy.builtin must be true or false');
      config.policy.builtin = policy.builtin;
    }
    if (policy.files !== undefined) config.policy.files = asStrings(policy.files, 'policy.files', fail);
    if (policy.params !== undefined)
      config.policy.params = asObject(policy.params, 'policy.params', fail) as Record<string, JsonValue>;
  }
  if (root.provenance !== undefined) {
    const provenance = asObject(root.provenance, 'provenance', fail);
    rejectUnknown(provenance, ['builderId'], 'provenance.', fail);
    if (provenance.builderId !== undefined)
      config.provenance.builderId = asString(provenance.builderId, 'provenance.builderId', fail);
  }
  return config;
}

function asObject(value: unknown, name: string, fail: (message: string) => Error): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fail(`${name} must be a mapping`);
  return value as Json;
}

function asString(value: unknown, name: string, fail: (message: string) => Error): string {
  if (typeof value !== 'string' || value === '') throw fail(`${name} must be a non-empty string`);
  return value;
}

function asStrings(value: unknown, name: string, fail: (message: string) => Error): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) {
    throw fail(`${name} must be a list of strings`);
  }
  return value as string[];
}

function rejectUnknown(
  object: Json,
  known: readonly string[],
  prefix: string,
  fail: (message: string) => Error,
): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) throw fail(`unknown key ${prefix}${key} (known: ${known.join(', ')})`);
  }
}
