import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A tiny zip writer for tests (APPNOTE 6.3.10 §4.3: local file headers, central directory, end of
 * central directory record), so that wheels, broken archives and hostile archives are built from bytes
 * the test writes, not downloaded. The overrides exist to build archives that lie.
 */
export interface ZipWriterEntry {
  name: string;
  data: Buffer | string;
  /** Default: deflate. */
  method?: 'store' | 'deflate';
  /** Written instead of the real uncompressed size (a lying header). */
  declaredSize?: number;
  /** Written instead of the real CRC-32. */
  crc?: number;
  /** Written in the local header instead of `name`. */
  localName?: string;
  /** Reuse the local header and data of an earlier entry (overlapping entries). */
  sameDataAs?: number;
}

export function writeZip(entries: ZipWriterEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const written: { offset: number; crc: number; compressed: number; size: number; method: number }[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
    const shared = entry.sameDataAs === undefined ? undefined : written[entry.sameDataAs];
    let record = shared;
    if (!record) {
      const method = entry.method === 'store' ? 0 : 8;
      const body = method === 8 ? deflateRawSync(data) : data;
      const crc = entry.crc ?? crc32(data);
      const size = entry.declaredSize ?? data.length;
      const localName = Buffer.from(entry.localName ?? entry.name, 'utf8');
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x0800, 6); // UTF-8 names
      local.writeUInt16LE(method, 8);
      local.writeUInt16LE(0, 10);
      local.writeUInt16LE(0x21, 12); // 1980-01-01
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(size, 22);
      local.writeUInt16LE(localName.length, 26);
      local.writeUInt16LE(0, 28);
      record = { offset, crc, compressed: body.length, size, method };
      locals.push(local, localName, body);
      offset += local.length + localName.length + body.length;
    }
    written.push(record);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(record.method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(record.crc, 16);
    central.writeUInt32LE(record.compressed, 20);
    central.writeUInt32LE(shared ? (entry.declaredSize ?? record.size) : record.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(record.offset, 42);
    centrals.push(central, name);
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** RECORD's digest form (binary distribution format, "The .dist-info directory"): urlsafe base64, no padding. */
export function recordDigest(data: Buffer | string): string {
  return `sha256=${createHash('sha256').update(data).digest('base64url')}`;
}

export interface WheelOptions {
  /** Distribution name as the file name spells it (`my_package`). */
  name: string;
  version: string;
  metadata: string;
  /** Defaults to `{name}-{version}.dist-info`. */
  distInfo?: string;
  /** Extra entries (package modules, hostile names). */
  files?: ZipWriterEntry[];
  /** Replaces the computed RECORD. */
  record?: string;
  wheel?: string;
}

/** A wheel as bdist_wheel lays it out: package files, then dist-info METADATA, WHEEL and RECORD last. */
export function writeWheel(options: WheelOptions): Buffer {
  const distInfo = options.distInfo ?? `${options.name}-${options.version}.dist-info`;
  const wheel =
    options.wheel ??
    'Wheel-Version: 1.0\nGenerator: veriship-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n';
  const files: ZipWriterEntry[] = [
    ...(options.files ?? []),
    { name: `${distInfo}/METADATA`, data: options.metadata },
    { name: `${distInfo}/WHEEL`, data: wheel },
  ];
  const record =
    options.record ??
    `${files.map((file) => `${file.name},${recordDigest(file.data)},${Buffer.byteLength(file.data)}`).join('\n')}\n${distInfo}/RECORD,,\n`;
  return writeZip([...files, { name: `${distInfo}/RECORD`, data: record }]);
}
