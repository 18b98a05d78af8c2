#!/usr/bin/env node
// Builds dist/hello_veriship-<version>-py3-none-any.whl from pyproject.toml and hello_veriship/ with
// Node alone: no pip, build, wheel or network. Usage: node build.mjs [--out DIRECTORY]
//
// The wheel follows the PyPA "Binary distribution format" (PEP 427) and "Core metadata" 2.4 (PEP 639
// License-Expression), and is reproducible: entries in a fixed order, every timestamp the same
// (SOURCE_DATE_EPOCH, or 1980-01-01 when unset, the earliest time a zip can hold, as flit does).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

const projectDirectory = dirname(fileURLToPath(import.meta.url));

/**
 * The [project] table of pyproject.toml, for the keys a wheel needs: `key = "string"` and
 * `key = ["string", ...]` (one line or several). Enough for this file; not a general TOML reader.
 */
function readProjectTable(path) {
  const text = readFileSync(path, 'utf8');
  const section = /^\[project\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text);
  if (!section) throw new Error(`${path}: no [project] table`);
  const project = {};
  const basicString = /"((?:[^"\\\n]|\\.)*)"/g;
  const entry = /^([A-Za-z0-9_-]+)\s*=\s*("(?:[^"\\\n]|\\.)*"|\[[^\]]*\])/gm;
  for (const [, key, value] of section[1].matchAll(entry)) {
    project[key] = value.startsWith('[')
      ? [...value.matchAll(basicString)].map((match) => JSON.parse(`"${match[1]}"`))
      : JSON.parse(value);
  }
  for (const key of ['name', 'version', 'license']) {
    if (typeof project[key] !== 'string') throw new Error(`${path}: [project] needs a string ${key}`);
  }
  return project;
}

/** Binary distribution format, "Escaping and Unicode": runs of `-_.` become `_`, lower case. */
function escapeName(name) {
  return name.replace(/[-_.]+/g, '_').toLowerCase();
}

/** The package's files, sorted, without bytecode caches (they are built at install time). */
function packageFiles(directory) {
  const files = [];
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name === '__pycache__' || entry.name.endsWith('.pyc')) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(relative(projectDirectory, path).split(sep).join('/'));
    }
  };
  walk(directory);
  return files.sort();
}

/** RECORD hash form: `sha256=` and the urlsafe base64 digest without `=` padding. */
function recordHash(data) {
  return `sha256=${createHash('sha256').update(data).digest('base64url')}`;
}

/** RECORD is CSV (Python's csv module): quote a field holding a comma, quote or line break. */
function csvField(text) {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * SOURCE_DATE_EPOCH (reproducible-builds.org) as a zip's MS-DOS date and time (APPNOTE 4.4.6): in
 * UTC, seconds halved, clamped to 1980-01-01..2107-12-31 because the format holds nothing else.
 */
function dosTimestamp(environment) {
  const stated = environment.SOURCE_DATE_EPOCH;
  if (stated !== undefined && stated !== '' && !/^\d+$/.test(stated)) {
    throw new Error(`SOURCE_DATE_EPOCH: not a whole number of seconds: ${JSON.stringify(stated)}`);
  }
  const minimum = Date.UTC(1980, 0, 1) / 1000;
  const maximum = Date.UTC(2107, 11, 31, 23, 59, 58) / 1000;
  const seconds = stated ? Math.min(Math.max(Number(stated), minimum), maximum) : minimum;
  const date = new Date(seconds * 1000);
  return {
    date: ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
  };
}

/**
 * A zip (PKWARE APPNOTE 6.3.10 §4.3: local headers, central directory, end record), every entry
 * deflated, regular files with mode 0644 made on Unix (installers read permissions from there).
 */
function writeZip(entries, timestamp) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const body = deflateRawSync(data, { level: 9 });
    const checksum = crc32(data);
    const flags = /^[\x20-\x7e]*$/.test(name) ? 0 : 0x0800; // bit 11: the name is UTF-8
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(8, 8); // method: deflate
    local.writeUInt16LE(timestamp.time, 10);
    local.writeUInt16LE(timestamp.date, 12);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(flags, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt16LE(timestamp.time, 12);
    header.writeUInt16LE(timestamp.date, 14);
    header.writeUInt32LE(checksum, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: regular file, rw-r--r--
    header.writeUInt32LE(offset, 42);
    parts.push(local, nameBytes, body);
    central.push(header, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** Core metadata 2.4: email-header fields, one Requires-Dist per dependency (PEP 508 strings as given). */
function metadataFile(project) {
  const lines = [
    'Metadata-Version: 2.4',
    `Name: ${project.name}`,
    `Version: ${project.version}`,
    ...(project.description ? [`Summary: ${project.description}`] : []),
    `License-Expression: ${project.license}`,
    ...(project['requires-python'] ? [`Requires-Python: ${project['requires-python']}`] : []),
    ...(project.dependencies ?? []).map((requirement) => `Requires-Dist: ${requirement}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function buildWheel({
  outputDirectory = join(projectDirectory, 'dist'),
  environment = process.env,
} = {}) {
  const project = readProjectTable(join(projectDirectory, 'pyproject.toml'));
  const distribution = escapeName(project.name);
  const distInfo = `${distribution}-${project.version}.dist-info`;
  const files = packageFiles(join(projectDirectory, distribution)).map((name) => ({
    name,
    data: readFileSync(join(projectDirectory, name)),
  }));
  const wheel = [
    'Wheel-Version: 1.0',
    'Generator: veriship-example-build.mjs',
    'Root-Is-Purelib: true',
    'Tag: py3-none-any',
    '',
  ].join('\n');
  // The spec asks archivers to put .dist-info last, and RECORD last of all: it lists every other
  // entry with its digest and size, and itself with neither.
  const entries = [
    ...files,
    { name: `${distInfo}/METADATA`, data: Buffer.from(metadataFile(project)) },
    { name: `${distInfo}/WHEEL`, data: Buffer.from(wheel) },
  ];
  const record = [
    ...entries.map(({ name, data }) => `${csvField(name)},${recordHash(data)},${data.length}`),
    `${distInfo}/RECORD,,`,
    '',
  ].join('\n');
  entries.push({ name: `${distInfo}/RECORD`, data: Buffer.from(record) });

  const bytes = writeZip(entries, dosTimestamp(environment));
  const path = join(outputDirectory, `${distribution}-${project.version}-py3-none-any.whl`);
  // Written beside the target and renamed: a failed build never leaves half a wheel in dist/.
  mkdirSync(outputDirectory, { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, bytes, { flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return path;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outIndex = process.argv.indexOf('--out');
  const outputDirectory = outIndex > 0 ? resolve(process.argv[outIndex + 1] ?? '') : undefined;
  try {
    console.log(buildWheel({ outputDirectory }));
  } catch (error) {
    console.error(`build.mjs: ${error.message}`);
    process.exitCode = 1;
  }
}
