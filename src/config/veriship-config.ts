import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { InputError } from '../errors.js';
import { firstNonJson } from '../json-value.js';
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

/**
 * Parses and checks `veriship.yaml`; unknown keys are errors, so a typo cannot silently disable a gate.
 * YAML 1.2 core schema (the `yaml` package's default): `no`, `on` are strings, not booleans, so
 * `builtin: no` is an error rather than a guess. Each error names the key and, when the file has it there,
 * its line (after the message, as the YAML parser's own errors put it).
 * @throws InputError INPUT_MALFORMED, naming the file
 */
export function parseVerishipConfig(text: string, file: string): VerishipConfig {
  const lines = new LineCounter();
  const parsed = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const lineOf = (path: Path): number | undefined => {
    const parent = path.length === 0 ? undefined : parsed.getIn(path.slice(0, -1), true);
    const last = path[path.length - 1];
    const node = isMap(parent)
      ? parent.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === String(last))?.key
      : isSeq(parent)
        ? parent.items[last as number]
        : undefined;
    const offset = (node as { range?: readonly number[] } | undefined)?.range?.[0];
    return offset === undefined ? undefined : lines.linePos(offset).line;
  };
  const fail: Fail = (message, path = []) => {
    const line = lineOf(path);
    return new InputError({
      code: 'INPUT_MALFORMED',
      file,
      message: line === undefined ? message : `${message}, at line ${line}`,
    });
  };
  // Warnings fail too: an unresolved tag (`!!float 1`, `!custom x`) would otherwise be read as a string.
  const [problem] = [...parsed.errors, ...parsed.warnings];
  if (problem !== undefined) {
    const line = lines.linePos(problem.pos[0]).line;
    throw new InputError({
      code: 'INPUT_MALFORMED',
      file,
      message: `not valid YAML: ${problem.message.split('\n')[0]}, at line ${line}`,
      cause: problem,
    });
  }
  let document: unknown;
  try {
    // toJS expands aliases, and stops an alias bomb (a billion laughs) at its default maxAliasCount.
    document = parsed.toJS();
  } catch (error) {
    throw new InputError({
      code: 'INPUT_MALFORMED',
      file,
      message: `not valid YAML: ${(error as Error).message}`,
      cause: error,
    });
  }
  if (document === null || document === undefined) return structuredClone(defaultConfig);
  const root = asObject(document, [], fail);
  rejectUnknown(root, topKeys, [], fail);
  if (root.apiVersion !== undefined && root.apiVersion !== 'veriship.dev/v1')
    throw fail(`apiVersion must be veriship.dev/v1`, ['apiVersion']);
  if (root.kind !== undefined && root.kind !== 'Release') throw fail('kind must be Release', ['kind']);
  const config = structuredClone(defaultConfig);
  for (const key of ['name', 'version', 'dist', 'project', 'build'] as const) {
    if (root[key] !== undefined) config[key] = asString(root[key], [key], fail);
  }
  if (root.artifacts !== undefined) config.artifacts = asStrings(root.artifacts, ['artifacts'], fail);
  if (root.scan !== undefined) {
    const scan = asObject(root.scan, ['scan'], fail);
    rejectUnknown(scan, ['failOn', 'database', 'vex', 'ignore'], ['scan'], fail);
    if (scan.failOn !== undefined) {
      const level = asString(scan.failOn, ['scan', 'failOn'], fail);
      if (!(failOnLevels as readonly string[]).includes(level)) {
        throw fail(`scan.failOn must be one of ${failOnLevels.join(', ')} (got ${level})`, [
          'scan',
          'failOn',
        ]);
      }
      config.scan.failOn = level as FailOnLevel;
    }
    if (scan.database !== undefined)
      config.scan.database = asString(scan.database, ['scan', 'database'], fail);
    if (scan.vex !== undefined) config.scan.vex = asStrings(scan.vex, ['scan', 'vex'], fail);
    if (scan.ignore !== undefined) config.scan.ignore = asString(scan.ignore, ['scan', 'ignore'], fail);
  }
  if (root.policy !== undefined) {
    const policy = asObject(root.policy, ['policy'], fail);
    rejectUnknown(policy, ['builtin', 'files', 'params'], ['policy'], fail);
    if (policy.builtin !== undefined) {
      if (typeof policy.builtin !== 'boolean')
        throw fail('policy.builtin must be true or false', ['policy', 'builtin']);
      config.policy.builtin = policy.builtin;
    }
    if (policy.files !== undefined) config.policy.files = asStrings(policy.files, ['policy', 'files'], fail);
    if (policy.params !== undefined) {
      const params = asObject(policy.params, ['policy', 'params'], fail);
      for (const [key, value] of Object.entries(params)) checkJson(value, ['policy', 'params', key], fail);
      config.policy.params = params as Record<string, JsonValue>;
    }
  }
  if (root.provenance !== undefined) {
    const provenance = asObject(root.provenance, ['provenance'], fail);
    rejectUnknown(provenance, ['builderId'], ['provenance'], fail);
    if (provenance.builderId !== undefined)
      config.provenance.builderId = asString(provenance.builderId, ['provenance', 'builderId'], fail);
  }
  return config;
}

type Path = readonly (string | number)[];
type Fail = (message: string, path?: Path) => Error;

function nameOf(path: Path): string {
  return path.length === 0 ? 'the file' : path.join('.');
}

/**
 * A plain mapping. YAML tags such as `!!omap`, `!!set`, `!!binary` or `!!timestamp` give a Map, Set, Buffer
 * or Date, whose entries `Object.keys` cannot see: read as a mapping, `policy: !!omap [...]` would be empty.
 */
function isPlainObject(value: unknown): value is Json {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function asObject(value: unknown, path: Path, fail: Fail): Json {
  if (!isPlainObject(value)) throw fail(`${nameOf(path)} must be a mapping`, path);
  return value;
}

function asString(value: unknown, path: Path, fail: Fail): string {
  if (typeof value !== 'string' || value === '')
    throw fail(`${nameOf(path)} must be a non-empty string`, path);
  return value;
}

function asStrings(value: unknown, path: Path, fail: Fail): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) {
    throw fail(`${nameOf(path)} must be a list of strings`, path);
  }
  return value as string[];
}

/** `policy.params` reach CEL as JSON: see `firstNonJson` for what else YAML can make and why it matters. */
function checkJson(value: unknown, path: Path, fail: Fail): void {
  const found = firstNonJson(value);
  if (!found) return;
  const at = [...path, ...found.path];
  throw fail(
    `${nameOf(at)} must be a JSON value (null, true/false, a finite number, a string, a list or a mapping)`,
    at,
  );
}

function rejectUnknown(object: Json, known: readonly string[], path: Path, fail: Fail): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key))
      throw fail(`unknown key ${nameOf([...path, key])} (known: ${known.join(', ')})`, [...path, key]);
  }
}
