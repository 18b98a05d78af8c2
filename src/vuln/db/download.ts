import { createHash, randomBytes } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { verishipVersion } from '../../version.js';
import { crc32c } from './crc32c.js';
import { VulnDatabaseError } from './vuln-db-error.js';

export interface DownloadOptions {
  /** Folder for the temporary file (the database folder: same filesystem, cleaned up by the caller). */
  directory: string;
  /** Accept `http://` URLs (a local mirror, a test server). Off: only HTTPS. */
  allowHttp?: boolean;
  /** Refuse bodies larger than this (default 2 GiB, the largest file the importer reads). */
  maxBytes?: number;
  /** Give up when no data arrives for this long (default 60 s). */
  idleTimeoutMs?: number;
}

export interface DownloadedFile {
  /** The URL asked for, and the one finally served after redirects. */
  url: string;
  finalUrl: string;
  /** The temporary file holding the body; the caller removes it. */
  path: string;
  bytes: number;
  sha256: string;
  /** What was verified: `content-length`, `md5` and/or `crc32c` (from `x-goog-hash`); `sha256` is added by a manifest check. */
  verified: ('content-length' | 'md5' | 'crc32c' | 'sha256')[];
}

const maxRedirects = 5;

function failed(url: string, message: string, cause?: unknown): VulnDatabaseError {
  return new VulnDatabaseError({ code: 'VULN_DB_DOWNLOAD_FAILED', file: url, message, cause });
}

function integrity(url: string, message: string): VulnDatabaseError {
  return new VulnDatabaseError({ code: 'VULN_DB_INTEGRITY_FAILED', file: url, message });
}

/**
 * `x-goog-hash: crc32c=<base64>,md5=<base64>` (Cloud Storage "Hashes and ETags"); Node joins repeated
 * headers with ", ". Unknown algorithms are ignored.
 */
export function parseGoogHash(header: string | string[] | undefined): { md5?: string; crc32c?: string } {
  const found: { md5?: string; crc32c?: string } = {};
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const part of text.split(',')) {
    const equals = part.indexOf('=');
    if (equals === -1) continue;
    const name = part.slice(0, equals).trim().toLowerCase();
    const value = part.slice(equals + 1).trim();
    if (name === 'md5' || name === 'crc32c') found[name] = value;
  }
  return found;
}

/**
 * Downloads `url` to a temporary file, verifying what the server promises:
 * - size: the body must be exactly `Content-Length` bytes when the header is present (a truncated
 *   transfer is caught here), and never more than `maxBytes`;
 * - integrity: `x-goog-hash` md5 and crc32c, when present, must match the body (a body corrupted in
 *   transit or on a mirror that kept the bucket's headers).
 * A mismatch throws VULN_DB_INTEGRITY_FAILED and removes the file. Integrity against a tampering mirror
 * needs a digest from elsewhere: `db update --checksums`.
 * @throws VulnDatabaseError VULN_DB_DOWNLOAD_FAILED (scheme, HTTP status, redirects, network, timeout,
 *   too large), VULN_DB_INTEGRITY_FAILED (size or digest mismatch)
 */
export async function downloadFile(url: string, options: DownloadOptions): Promise<DownloadedFile> {
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024 * 1024 - 1;
  const { response, finalUrl } = await get(url, options);
  const path = join(options.directory, `.download-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const lengthHeader = response.headers['content-length'];
    const expected = lengthHeader === undefined ? undefined : Number(lengthHeader);
    if (expected !== undefined && !(Number.isSafeInteger(expected) && expected >= 0)) {
      response.destroy();
      throw failed(url, `invalid Content-Length ${JSON.stringify(lengthHeader)}`);
    }
    if (expected !== undefined && expected > maxBytes) {
      response.destroy();
      throw failed(url, `the server announces ${expected} bytes (limit ${maxBytes})`);
    }
    const hashes = parseGoogHash(response.headers['x-goog-hash']);
    const sha256 = createHash('sha256');
    const md5 = hashes.md5 === undefined ? undefined : createHash('md5');
    let crc = 0;
    let received = 0;
    const file = await open(path, 'wx', 0o600);
    try {
      try {
        for await (const chunk of response as AsyncIterable<Buffer>) {
          received += chunk.length;
          if (received > maxBytes) throw failed(url, `body exceeds ${maxBytes} bytes`);
          sha256.update(chunk);
          md5?.update(chunk);
          if (hashes.crc32c !== undefined) crc = crc32c(chunk, crc);
          await file.write(chunk);
        }
      } catch (error) {
        if (error instanceof VulnDatabaseError) throw error;
        // The connection ended before the announced length: report it as the size check it is.
        if (expected !== undefined && received < expected) {
          throw integrity(
            url,
            `truncated: received ${received} of the ${expected} bytes announced (Content-Length)`,
          );
        }
        throw failed(url, `download interrupted: ${(error as Error).message}`, error);
      }
    } finally {
      await file.close();
    }
    const verified: DownloadedFile['verified'] = [];
    if (expected !== undefined) {
      if (received !== expected) {
        throw integrity(url, `received ${received} bytes, the server announced ${expected} (Content-Length)`);
      }
      verified.push('content-length');
    }
    if (md5 && hashes.md5 !== undefined) {
      const actual = md5.digest('base64');
      if (actual !== hashes.md5)
        throw integrity(url, `MD5 ${actual} does not match x-goog-hash md5=${hashes.md5}`);
      verified.push('md5');
    }
    if (hashes.crc32c !== undefined) {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(crc);
      const actual = bytes.toString('base64');
      if (actual !== hashes.crc32c) {
        throw integrity(url, `CRC-32C ${actual} does not match x-goog-hash crc32c=${hashes.crc32c}`);
      }
      verified.push('crc32c');
    }
    return { url, finalUrl, path, bytes: received, sha256: sha256.digest('hex'), verified };
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}

async function get(
  url: string,
  options: DownloadOptions,
): Promise<{ response: IncomingMessage; finalUrl: string }> {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    let parsed: URL;
    try {
      parsed = new URL(current);
    } catch {
      throw failed(url, `not a URL: ${current}`);
    }
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && options.allowHttp)) {
      throw failed(
        url,
        parsed.protocol === 'http:'
          ? `refusing plain HTTP (${current}); use an https:// source, or --allow-http for a trusted local mirror`
          : `unsupported URL scheme ${parsed.protocol} (https:// only)`,
      );
    }
    const client = parsed.protocol === 'https:' ? await import('node:https') : await import('node:http');
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = client.get(
        parsed,
        { headers: { 'user-agent': `veriship/${verishipVersion}`, 'accept-encoding': 'identity' } },
        resolve,
      );
      request.setTimeout(options.idleTimeoutMs ?? 60_000, () => {
        request.destroy(new Error(`no data for ${Math.round((options.idleTimeoutMs ?? 60_000) / 1000)} s`));
      });
      request.on('error', reject);
    }).catch((error: unknown) => {
      throw failed(url, `cannot download ${current}: ${(error as Error).message}`, error);
    });
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      if (redirects >= maxRedirects) throw failed(url, `more than ${maxRedirects} redirects`);
      // Each hop is checked against the same scheme rule above: an https source never continues over http
      // unless --allow-http was given.
      current = new URL(response.headers.location, current).toString();
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw failed(url, `HTTP ${status} ${response.statusMessage ?? ''}`.trim());
    }
    return { response, finalUrl: current };
  }
}
