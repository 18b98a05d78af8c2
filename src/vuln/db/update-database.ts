import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { nodeFileSystem } from '../../io/file-system.js';
import type { Clock } from '../../runtime.js';
import { newParseState, parseChecksumLine } from '../../signing/checksums/parse.js';
import type { AdvisoryDatabase } from './database.js';
import { type DownloadedFile, downloadFile } from './download.js';
import { type ImportResult, importAdvisories, type PreparedInput } from './import-advisories.js';
import { VulnDatabaseError } from './vuln-db-error.js';

/** osv.dev's public bucket: `<source>/<Ecosystem>/all.zip` holds every advisory of that ecosystem. */
export const defaultAdvisorySource = 'https://osv-vulnerabilities.storage.googleapis.com';

/** The ecosystems `db update` fetches unless told otherwise: those `veriship sbom` produces and the scanner matches. */
export const defaultUpdateEcosystems: readonly string[] = [
  'npm',
  'PyPI',
  'Go',
  'crates.io',
  'Maven',
  'NuGet',
  'RubyGems',
];

export interface UpdateOptions {
  clock: Clock;
  /** Base URL of the mirror (default: the osv.dev bucket). */
  source?: string;
  ecosystems?: readonly string[];
  allowHttp?: boolean;
  /**
   * A sha256sum-format manifest (`<hex>  <Ecosystem>/all.zip` per line). When given, every archive
   * must be listed in it with the digest it has: the anchor against a mirror that serves other data with
   * self-consistent headers.
   */
  checksums?: string;
  onProgress?: (message: string) => void;
}

export interface UpdateResult extends ImportResult {
  downloads: { ecosystem: string; url: string; bytes: number; sha256: string; verified: string[] }[];
}

export function archiveUrl(source: string, ecosystem: string): string {
  return `${source.replace(/\/+$/, '')}/${encodeURIComponent(ecosystem)}/all.zip`;
}

/**
 * Downloads each ecosystem's `all.zip` (verified: see `downloadFile`, and `checksums`), then imports
 * them all in one transaction in mirror mode: each archive replaces what the same URL delivered before,
 * so advisories deleted upstream disappear too. Nothing is written unless every download verified and
 * every archive opened; the temporary files are removed in every case.
 * @throws VulnDatabaseError VULN_DB_DOWNLOAD_FAILED, VULN_DB_INTEGRITY_FAILED, VULN_DB_INPUT_INVALID
 */
export async function updateAdvisoryDatabase(
  database: AdvisoryDatabase,
  options: UpdateOptions,
): Promise<UpdateResult> {
  const source = options.source ?? defaultAdvisorySource;
  const ecosystems = options.ecosystems ?? defaultUpdateEcosystems;
  const expected = options.checksums === undefined ? undefined : await readManifest(options.checksums);
  const downloaded: (DownloadedFile & { ecosystem: string })[] = [];
  try {
    for (const ecosystem of ecosystems) {
      const url = archiveUrl(source, ecosystem);
      options.onProgress?.(`downloading ${url}`);
      const file = await downloadFile(url, {
        directory: dirname(database.path),
        allowHttp: options.allowHttp,
      });
      downloaded.push({ ...file, ecosystem });
      if (expected) {
        const name = `${ecosystem}/all.zip`;
        const want = expected.get(name);
        if (want === undefined) {
          throw new VulnDatabaseError({
            code: 'VULN_DB_INTEGRITY_FAILED',
            file: url,
            message: `${options.checksums} lists no digest for ${name}`,
          });
        }
        if (want !== file.sha256) {
          throw new VulnDatabaseError({
            code: 'VULN_DB_INTEGRITY_FAILED',
            file: url,
            message: `SHA-256 ${file.sha256} does not match ${want} in ${options.checksums}`,
          });
        }
        file.verified.push('sha256');
      }
    }
    const inputs: PreparedInput[] = downloaded.map((file) => ({
      path: file.path,
      name: file.url,
      location: file.url,
      kind: 'download',
      mustBeZip: true,
    }));
    const result = await importAdvisories(database, inputs, {
      clock: options.clock,
      mirror: true,
      onProgress: (records, input) => options.onProgress?.(`${input}: ${records} advisories`),
    });
    return {
      ...result,
      downloads: downloaded.map((file) => ({
        ecosystem: file.ecosystem,
        url: file.url,
        bytes: file.bytes,
        sha256: file.sha256,
        verified: file.verified,
      })),
    };
  } finally {
    await Promise.all(downloaded.map((file) => rm(file.path, { force: true })));
  }
}

async function readManifest(path: string): Promise<Map<string, string>> {
  const text = (await nodeFileSystem.readFile(path)).toString('utf8');
  const state = newParseState();
  const digests = new Map<string, string>();
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const parsed = parseChecksumLine(line, state);
    if (!parsed) {
      throw new VulnDatabaseError({
        code: 'VULN_DB_INPUT_INVALID',
        file: path,
        message: `line ${index + 1}: not a sha256sum line`,
      });
    }
    const name = parsed.name.replace(/^\.\//, '');
    const digest = parsed.hex.toLowerCase();
    // Two digests for one name: neither can be trusted to be the one the publisher meant.
    if (digests.has(name) && digests.get(name) !== digest) {
      throw new VulnDatabaseError({
        code: 'VULN_DB_INPUT_INVALID',
        file: path,
        message: `line ${index + 1}: ${name} is listed twice with different digests`,
      });
    }
    digests.set(name, digest);
  }
  return digests;
}
