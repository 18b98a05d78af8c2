import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import parseSpdxExpression from 'spdx-expression-parse';
import { InputError, SbomError } from '../../errors.js';
import type { Component, Extraction, ExtractionWarning, Property } from '../model/component.js';
import { normalizePypiName, pypiPurl } from '../model/purl.js';
import type { Extractor, ExtractorInput } from './extractor.js';
import { openZip, type ZipArchive } from './zip-reader.js';

/**
 * A built wheel given as input (PyPA "Binary distribution format"), read in memory without unpacking.
 * The wheel is one `library` component: its name, version, licence and summary from
 * `*.dist-info/METADATA` (PyPA "Core metadata specifications"), its hash the SHA-256 of the .whl file.
 * Its `Requires-Dist` entries are requirements, not resolved packages (no versions are chosen until
 * install time), so they are kept as properties rather than invented as components or edges.
 */
export const pythonWheelExtractor: Extractor = {
  id: 'python-wheel',
  ecosystem: 'pypi',
  matches: (fileName) => fileName.endsWith('.whl'),
  extract: extractPythonWheel,
};

/** No `cdx:python` taxonomy name exists for these (cyclonedx-property-taxonomy `cdx/python.md`). */
export const WHEEL_FILE_PROPERTY = 'veriship:python:wheel-file';
export const REQUIRES_DIST_PROPERTY = 'veriship:python:requires-dist';

/**
 * Binary distribution format, "File name convention":
 * `{distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl`, components
 * escaped so that none contains `-`; the build tag starts with a digit.
 */
const WHEEL_FILE_NAME =
  /^([A-Za-z0-9_.]+)-([A-Za-z0-9_.+!]+)(?:-(\d[A-Za-z0-9_.]*))?-([A-Za-z0-9_.]+)-([A-Za-z0-9_.]+)-([A-Za-z0-9_.]+)\.whl$/;

/**
 * License classifiers that name exactly one SPDX licence (PEP 639, "Mapping License Classifiers to SPDX
 * Identifiers"). Ambiguous ones are left out on purpose: "Apache Software License" (1.1 or 2.0?),
 * "BSD License" (which clauses?), LGPLv2 (2.0 or 2.1?), MPL 2.0 (with or without the copyleft
 * exception?), "Python Software Foundation License" (PSF-2.0 or Python-2.0?). Based on cyclonedx-py's
 * `license_trove_classifier.py`, with its EPL-2.0 and MulanPSL-2.0 entries corrected.
 */
const CLASSIFIER_LICENSES: Readonly<Record<string, string>> = {
  'License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication': 'CC0-1.0',
  'License :: OSI Approved :: Blue Oak Model License (BlueOak-1.0.0)': 'BlueOak-1.0.0',
  'License :: OSI Approved :: Boost Software License 1.0 (BSL-1.0)': 'BSL-1.0',
  'License :: OSI Approved :: CEA CNRS Inria Logiciel Libre License, version 2.1 (CeCILL-2.1)': 'CECILL-2.1',
  'License :: OSI Approved :: Common Development and Distribution License 1.0 (CDDL-1.0)': 'CDDL-1.0',
  'License :: OSI Approved :: Eclipse Public License 1.0 (EPL-1.0)': 'EPL-1.0',
  'License :: OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)': 'EPL-2.0',
  'License :: OSI Approved :: European Union Public Licence 1.0 (EUPL 1.0)': 'EUPL-1.0',
  'License :: OSI Approved :: European Union Public Licence 1.1 (EUPL 1.1)': 'EUPL-1.1',
  'License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)': 'EUPL-1.2',
  'License :: OSI Approved :: GNU Affero General Public License v3': 'AGPL-3.0-only',
  'License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)': 'AGPL-3.0-or-later',
  'License :: OSI Approved :: GNU General Public License v2 (GPLv2)': 'GPL-2.0-only',
  'License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)': 'GPL-2.0-or-later',
  'License :: OSI Approved :: GNU General Public License v3 (GPLv3)': 'GPL-3.0-only',
  'License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)': 'GPL-3.0-or-later',
  'License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)': 'LGPL-3.0-only',
  'License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)': 'LGPL-3.0-or-later',
  'License :: OSI Approved :: Historical Permission Notice and Disclaimer (HPND)': 'HPND',
  'License :: OSI Approved :: ISC License (ISCL)': 'ISC',
  'License :: OSI Approved :: MIT License': 'MIT',
  'License :: OSI Approved :: MIT No Attribution License (MIT-0)': 'MIT-0',
  'License :: OSI Approved :: Mozilla Public License 1.1 (MPL 1.1)': 'MPL-1.1',
  'License :: OSI Approved :: Mulan Permissive Software License v2 (MulanPSL-2.0)': 'MulanPSL-2.0',
  'License :: OSI Approved :: Open Software License 3.0 (OSL-3.0)': 'OSL-3.0',
  'License :: OSI Approved :: PostgreSQL License': 'PostgreSQL',
  'License :: OSI Approved :: The Unlicense (Unlicense)': 'Unlicense',
  'License :: OSI Approved :: Universal Permissive License (UPL)': 'UPL-1.0',
  'License :: OSI Approved :: University of Illinois/NCSA Open Source License': 'NCSA',
  'License :: OSI Approved :: Zero-Clause BSD (0BSD)': '0BSD',
  'License :: OSI Approved :: zlib/libpng License': 'Zlib',
};

/** RECORD digests (binary distribution format, "The .dist-info directory"): sha256 or stronger. */
const RECORD_ALGORITHMS = new Set(['sha256', 'sha384', 'sha512']);

function invalid(path: string, message: string, cause?: unknown): SbomError {
  return new SbomError({ code: 'SBOM_WHEEL_INVALID', file: path, message, cause });
}

/**
 * @throws SbomError SBOM_WHEEL_INVALID (not a zip, not a wheel, inconsistent names, RECORD mismatch)
 * @throws InputError INPUT_UNSAFE (entry names escaping the archive), INPUT_TOO_LARGE (zip bomb)
 */
export async function extractPythonWheel(input: ExtractorInput): Promise<Extraction> {
  const { path, content } = input;
  const warnings: ExtractionWarning[] = [];
  const archive = await openWheel(path, content);

  const fileName = basename(path);
  const parts = WHEEL_FILE_NAME.exec(fileName);
  if (!parts) {
    throw invalid(
      path,
      `${fileName} is not a wheel file name ({name}-{version}(-{build})?-{python}-{abi}-{platform}.whl)`,
    );
  }
  const [, fileDistribution, fileVersion] = parts as unknown as [string, string, string];

  const distInfo = findDistInfo(path, archive, fileDistribution);
  const metadataName = `${distInfo.directory}/METADATA`;
  const wheelName = `${distInfo.directory}/WHEEL`;
  const recordName = `${distInfo.directory}/RECORD`;
  const [metadataBytes, wheelBytes, recordBytes] = await Promise.all(
    [metadataName, wheelName, recordName].map((name) => readEntry(path, archive, name)),
  );
  if (!metadataBytes) throw invalid(path, `not a wheel: no ${metadataName}`);
  if (!wheelBytes) throw invalid(path, `not a wheel: no ${wheelName}`);
  if (!recordBytes) throw invalid(path, `not a wheel: no ${recordName}`);

  checkWheelVersion(path, parseHeaders(wheelBytes.toString('utf8')).headers);
  const record = parseRecord(recordBytes.toString('utf8'));
  checkRecorded(path, record, metadataName, metadataBytes);
  checkRecorded(path, record, wheelName, wheelBytes);

  const { headers } = parseHeaders(metadataBytes.toString('utf8'));
  const first = (field: string) => headers.get(field)?.[0]?.trim();
  const all = (field: string) => (headers.get(field) ?? []).map((value) => value.trim()).filter(Boolean);
  const name = first('name');
  const version = first('version');
  if (!name || !version) throw invalid(path, `${metadataName} lacks the required Name or Version field`);
  if (normalizePypiName(name) !== normalizePypiName(fileDistribution)) {
    throw invalid(path, `${metadataName} names ${name}, the file name ${fileDistribution}`);
  }
  const metadataVersion = first('metadata-version');
  if (!metadataVersion || Number.parseInt(metadataVersion, 10) > 2) {
    // Core metadata: consumers should warn about a major version they do not know.
    warnings.push({
      file: path,
      message: `Metadata-Version ${metadataVersion ?? '(missing)'} is not one veriship knows`,
    });
  }
  // File names escape `-` as `_` (binary distribution format, "Escaping and Unicode"). A mismatch that
  // survives that is suspicious but may be mere non-normalisation (1.0 vs 1.0.0), so it is a warning.
  const comparable = (text: string) => text.replaceAll('_', '-').toLowerCase();
  for (const [where, stated] of [
    ['file name', fileVersion],
    [distInfo.directory, distInfo.version],
  ] as const) {
    if (comparable(stated) !== comparable(version)) {
      warnings.push({
        file: path,
        message: `${metadataName} says version ${version}, the ${where} ${stated}`,
      });
    }
  }

  const properties: Property[] = [
    { name: WHEEL_FILE_PROPERTY, value: fileName },
    ...all('requires-dist').map((value) => ({ name: REQUIRES_DIST_PROPERTY, value })),
  ];
  const license = licenseOf(first('license-expression'), headers.get('license')?.[0], all('classifier'));
  const summary = first('summary');
  const purl = pypiPurl(name, version);
  const component: Component = {
    ref: purl,
    ecosystem: 'pypi',
    name,
    version,
    purl,
    development: false,
    optional: false,
    hashes: [{ algorithm: 'SHA-256', content: createHash('sha256').update(content).digest('hex') }],
    distributions: [],
    properties,
    ...(license ? { license } : {}),
    ...(summary ? { description: summary } : {}),
  };
  return { components: [component], dependencies: [], directDependencies: [purl], warnings };
}

async function openWheel(path: string, content: Buffer): Promise<ZipArchive> {
  try {
    return await openZip(path, content);
  } catch (error) {
    // Unsafe names and zip bombs keep their InputError codes: they are attacks, not broken wheels.
    if (error instanceof InputError && error.code === 'INPUT_MALFORMED') {
      throw invalid(path, `not a wheel: ${error.message}`, error);
    }
    throw error;
  }
}

async function readEntry(path: string, archive: ZipArchive, name: string): Promise<Buffer | undefined> {
  try {
    return await archive.read(name);
  } catch (error) {
    if (error instanceof InputError && error.code === 'INPUT_MALFORMED') {
      throw invalid(path, `not a wheel: ${error.message}`, error);
    }
    throw error;
  }
}

/**
 * The one top-level `{name}-{version}.dist-info` folder. pip refuses a wheel with none, with several,
 * or whose folder names another project than the file name (pip `wheel_dist_info_dir`).
 */
function findDistInfo(
  path: string,
  archive: ZipArchive,
  fileDistribution: string,
): { directory: string; version: string } {
  const directories = new Set<string>();
  for (const entry of archive.entries) {
    const slash = entry.name.indexOf('/');
    const top = slash < 0 ? '' : entry.name.slice(0, slash);
    if (top.endsWith('.dist-info')) directories.add(top);
  }
  if (directories.size === 0) throw invalid(path, 'not a wheel: no .dist-info directory');
  if (directories.size > 1) {
    throw invalid(
      path,
      `not a wheel: several .dist-info directories (${[...directories].sort().join(', ')})`,
    );
  }
  const directory = [...directories][0] as string;
  const parts = /^(.+)-([^-]+)\.dist-info$/.exec(directory);
  if (!parts || normalizePypiName(parts[1] as string) !== normalizePypiName(fileDistribution)) {
    throw invalid(path, `${directory} does not match the file name's project ${fileDistribution}`);
  }
  return { directory, version: parts[2] as string };
}

/**
 * Core metadata: "the format is that of email headers" (Python's `email.parser`, compat32). Folded
 * lines start with whitespace; headers end at the first blank line (the body is the Description) or at
 * the first line that is not a header.
 */
function parseHeaders(text: string): { headers: Map<string, string[]> } {
  const headers = new Map<string, string[]>();
  let current: { field: string; index: number } | undefined;
  for (const line of text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && current) {
      const values = headers.get(current.field) as string[];
      values[current.index] = `${values[current.index]}\n${line}`;
      continue;
    }
    const match = /^([A-Za-z0-9][A-Za-z0-9-]*):[ \t]*(.*)$/.exec(line);
    if (!match) break;
    const field = (match[1] as string).toLowerCase();
    const values = headers.get(field) ?? [];
    values.push(match[2] as string);
    headers.set(field, values);
    current = { field, index: values.length - 1 };
  }
  return { headers };
}

/** Binary distribution format: a consumer must refuse a Wheel-Version whose major version it does not know. */
function checkWheelVersion(path: string, headers: Map<string, string[]>): void {
  const stated = headers.get('wheel-version')?.[0]?.trim();
  if (!stated || !/^1\.\d+$/.test(stated)) {
    throw invalid(path, `WHEEL states Wheel-Version ${stated ?? '(none)'}; only 1.x is understood`);
  }
}

/** RECORD is CSV as Python's `csv` module writes it: `,` separated, `"` quoted, `""` for a quote. */
function parseRecord(text: string): Map<string, { hash: string; size: string }> {
  const rows = new Map<string, { hash: string; size: string }>();
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.set(row[0] ?? '', { hash: row[1] ?? '', size: row[2] ?? '' });
    row = [];
    field = '';
  };
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') {
        quoted = false;
      } else {
        field += character;
      }
    } else if (character === '"') {
      quoted = true;
    } else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index += 1;
      endRow();
    } else {
      field += character;
    }
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/**
 * Checks a file against its RECORD row (`path,sha256=<urlsafe-base64-nopad>,size`). Installers verify
 * every file; we verify the ones we describe the wheel from, so the SBOM never reports metadata that
 * the wheel's own manifest disowns.
 */
function checkRecorded(
  path: string,
  record: Map<string, { hash: string; size: string }>,
  name: string,
  data: Buffer,
): void {
  const row = record.get(name);
  if (!row) throw invalid(path, `RECORD does not list ${name}`);
  const equals = row.hash.indexOf('=');
  const algorithm = row.hash.slice(0, equals);
  if (equals < 0 || !RECORD_ALGORITHMS.has(algorithm)) {
    throw invalid(path, `RECORD gives ${name} no sha256 (or stronger) digest: ${JSON.stringify(row.hash)}`);
  }
  const expected = row.hash.slice(equals + 1).replace(/=+$/, '');
  const actual = createHash(algorithm).update(data).digest('base64url');
  if (actual !== expected) throw invalid(path, `${name} does not match its RECORD digest (${algorithm})`);
  if (row.size !== '' && Number(row.size) !== data.length) {
    throw invalid(path, `${name} is ${data.length} bytes, RECORD says ${row.size}`);
  }
}

function isSpdxExpression(text: string): boolean {
  try {
    parseSpdxExpression(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * PEP 639: `License-Expression` (metadata 2.4) is authoritative. Before it, `License` is free text
 * (often the whole licence file) and classifiers cannot say AND or OR, so: the License field if it is
 * a valid SPDX expression, else the licence classifiers that name one SPDX id (several are listed
 * with "; ", not joined into an expression we would be guessing), else a short one-line License text
 * as a licence name. setuptools' placeholder "UNKNOWN" means nothing was stated.
 */
function licenseOf(
  expression: string | undefined,
  licenseField: string | undefined,
  classifiers: string[],
): string | undefined {
  if (expression) return expression;
  const license = licenseField?.trim();
  const usable = license && license !== 'UNKNOWN' && !license.includes('\n') ? license : undefined;
  if (usable && isSpdxExpression(usable)) return usable;
  const mapped = [
    ...new Set(
      classifiers.map((classifier) => CLASSIFIER_LICENSES[classifier]).filter((id) => id !== undefined),
    ),
  ];
  if (mapped.length > 0) return mapped.join('; ');
  return usable && usable.length <= 100 ? usable : undefined;
}
