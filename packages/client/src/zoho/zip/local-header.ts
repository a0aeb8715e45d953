import { LimitExceededError } from '../../core/errors.js';
import type { ResolvedFileLimits } from '../limits.js';
import type { ByteWindow } from './byte-window.js';
import { RATIO_FLOOR } from './entry-inflater.js';
import type { ZipFail } from './errors.js';

/** Bytes of a local header before its name and extra field. */
const FIXED = 30;
/** The most entries a ZIP without ZIP64 can list. */
const MAX_ENTRIES = 0xffff;
const names = new TextDecoder('utf-8');

/** What a local header says about an entry; checked against the central directory once the entry is read. */
export interface LocalEntry {
  name: string;
  nameBytes: Uint8Array;
  /** Body offset of the local header. */
  offset: number;
  flags: number;
  method: number;
  /** Sizes and CRC from the local header, replaced by the data descriptor's (flag bit 3) once it is read. */
  crc: number;
  compressed: number;
  size: number;
  /** Flag bit 3: the sizes and CRC follow the data, in a data descriptor. */
  descriptor: boolean;
}

/** Length of the local header at the read position, or undefined until all of it has arrived. */
export function localHeaderLength(bytes: ByteWindow): number | undefined {
  if (bytes.available < FIXED) return undefined;
  const length = FIXED + bytes.u16(26) + bytes.u16(28);
  return bytes.available < length ? undefined : length;
}

/** The entry that the (complete) local header at the read position declares. */
export function readLocalHeader(bytes: ByteWindow): LocalEntry {
  const flags = bytes.u16(6);
  const nameBytes = bytes.copy(FIXED, bytes.u16(26));
  return {
    name: names.decode(nameBytes),
    nameBytes,
    offset: bytes.offset,
    flags,
    method: bytes.u16(8),
    crc: bytes.u32(14),
    compressed: bytes.u32(18),
    size: bytes.u32(22),
    descriptor: (flags & 8) !== 0,
  };
}

/** Refuses an entry the reader cannot read: encrypted, compressed otherwise than stored or deflate, or ZIP64. */
export function checkSupported(entry: LocalEntry, entriesBefore: number, fail: ZipFail): void {
  const { name, method } = entry;
  if (entry.flags & 1) throw fail('ZIP_UNSUPPORTED', `Entry ${name} is encrypted`);
  if (method !== 0 && method !== 8) throw fail('ZIP_UNSUPPORTED', `Entry ${name} uses compression method ${method}`);
  if (entry.compressed === 0xffffffff || entry.size === 0xffffffff) {
    throw fail('ZIP_UNSUPPORTED', `Entry ${name} needs ZIP64`);
  }
  if (entriesBefore >= MAX_ENTRIES) throw fail('ZIP_UNSUPPORTED', 'More entries than a ZIP without ZIP64 holds');
}

/** Refuses an entry whose header already says it is too large, before inflating anything. */
export function checkDeclared(declared: LocalEntry, limits: ResolvedFileLimits, file: string | undefined): void {
  if (declared.size > limits.maxEntryBytes) {
    throw new LimitExceededError(
      `Entry ${declared.name} of ${file ?? 'the ZIP'} declares ${declared.size} bytes, over maxEntryBytes (${limits.maxEntryBytes}).`,
      { code: 'ENTRY_TOO_LARGE', file, entry: declared.name, option: 'maxEntryBytes', limit: limits.maxEntryBytes },
    );
  }
  if (declared.size > RATIO_FLOOR && declared.size > limits.maxCompressionRatio * declared.compressed) {
    throw new LimitExceededError(
      `Entry ${declared.name} of ${file ?? 'the ZIP'} declares ${declared.size} bytes from ${declared.compressed} compressed, over maxCompressionRatio (${limits.maxCompressionRatio}).`,
      {
        code: 'COMPRESSION_RATIO',
        file,
        entry: declared.name,
        option: 'maxCompressionRatio',
        limit: limits.maxCompressionRatio,
      },
    );
  }
}
