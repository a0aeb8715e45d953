import { Inflate } from 'fflate';
import { FileVerificationError, LimitExceededError } from '../core/errors.js';
import { crc32 } from './crc32.js';
import type { ResolvedFileLimits } from './limits.js';

/** What the ZIP reader hands over: an entry starts, a slice of its inflated bytes, the entry ended verified. */
export type ZipItem =
  | { readonly type: 'start'; readonly name: string }
  | { readonly type: 'data'; readonly data: Uint8Array }
  | { readonly type: 'end'; readonly name: string };

/** Compressed bytes pushed into the inflater at once: its output is at most ~1032x this (DEFLATE's ratio cap). */
const INPUT_SLICE = 4 * 1024;
/** Largest slice of inflated bytes handed over at once. */
export const OUTPUT_SLICE = 64 * 1024;
/** The compression ratio is judged only past this many inflated bytes: a tiny file may compress very well. */
const RATIO_FLOOR = 1024 * 1024;
/** The most entries a ZIP without ZIP64 can list. */
const MAX_ENTRIES = 0xffff;

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const END64 = 0x06064b50;
const DESCRIPTOR = 0x08074b50;

const u16 = (b: Uint8Array, i: number) => (b[i] as number) | ((b[i + 1] as number) << 8);
const u32 = (b: Uint8Array, i: number) => (u16(b, i) | (u16(b, i + 2) << 16)) >>> 0;
const names = new TextDecoder('utf-8');

/** What the local header said about an entry, and what reading it found; checked against the central directory. */
interface Entry {
  name: string;
  nameBytes: Uint8Array;
  offset: number;
  method: number;
  /** Sizes and CRC from the local header, or from the data descriptor (flag bit 3). */
  crc: number;
  compressed: number;
  size: number;
  descriptor: boolean;
}

type Limits = ResolvedFileLimits;

/**
 * Reads a ZIP body as it streams, without the central directory up front: every entry's inflated
 * bytes are checked against its CRC-32 and sizes (local header, or data descriptor), the central
 * directory and end record are checked against the entries read, and the body must end right after
 * them. Inflated output is handed over in slices of at most {@link OUTPUT_SLICE} bytes.
 */
export async function* readZip(
  body: AsyncIterable<Uint8Array>,
  limits: Limits,
  file?: string,
): AsyncGenerator<ZipItem, void, undefined> {
  const entries: Entry[] = [];
  let buf: Uint8Array = new Uint8Array(0);
  let pos = 0;
  /** Body offset of buf[0]. */
  let base = 0;
  let state = 'header' as 'header' | 'data' | 'central' | 'done';
  let entry: Entry | undefined;
  let inflater: EntryInflater | undefined;
  let consumed = 0;
  let centralStart = -1;
  let centralIndex = 0;

  const fail = (code: string, message: string, at = base + pos) =>
    new FileVerificationError(`${message} (${file ?? 'the ZIP'}, byte ${at}).`, {
      code,
      file,
      entry: entry?.name,
      offset: at,
    });

  /** Parses what `buf` holds from `pos`; yields items; returns when it needs more bytes. */
  function* step(): Generator<ZipItem, void, undefined> {
    for (;;) {
      if (state === 'done') {
        if (pos < buf.length) throw fail('ZIP_CORRUPT', 'Bytes follow the end of the archive');
        return;
      }
      if (state === 'data' && entry && inflater) {
        const available = buf.length - pos;
        if (!entry.descriptor) {
          const take = Math.min(entry.compressed - consumed, available);
          yield* inflater.push(buf.subarray(pos, pos + take));
          pos += take;
          consumed += take;
          if (consumed < entry.compressed) return;
          yield* finishEntry(entry.crc, entry.size);
          continue;
        }
        // Flag bit 3: sizes follow the data. A descriptor is where the bytes read so far match its compressed size.
        let found = -1;
        let length = 0;
        let p = pos;
        for (; p + 16 <= buf.length; p++) {
          const offset = (consumed + p - pos) >>> 0;
          if (buf[p] === 0x50 && u32(buf, p) === DESCRIPTOR && u32(buf, p + 8) === offset) {
            found = p;
            length = 16;
            break;
          }
          if (buf[p + 4] === (offset & 0xff) && u32(buf, p + 4) === offset) {
            const next = u32(buf, p + 12);
            if (next === LOCAL || next === CENTRAL) {
              found = p;
              length = 12;
              break;
            }
          }
        }
        const end = found >= 0 ? found : p;
        yield* inflater.push(buf.subarray(pos, end));
        consumed += end - pos;
        pos = end;
        if (found < 0) return;
        const at = length === 16 ? found + 4 : found;
        entry.crc = u32(buf, at);
        entry.compressed = u32(buf, at + 4);
        entry.size = u32(buf, at + 8);
        pos = found + length;
        yield* finishEntry(entry.crc, entry.size);
        continue;
      }
      if (buf.length - pos < 4) return;
      const signature = u32(buf, pos);
      if (state === 'header' && signature === LOCAL) {
        if (buf.length - pos < 30) return;
        const headerLength = 30 + u16(buf, pos + 26) + u16(buf, pos + 28);
        if (buf.length - pos < headerLength) return;
        yield startEntry(headerLength);
        continue;
      }
      if (signature === CENTRAL && (state === 'header' || state === 'central')) {
        if (buf.length - pos < 46) return;
        const length = 46 + u16(buf, pos + 28) + u16(buf, pos + 30) + u16(buf, pos + 32);
        if (buf.length - pos < length) return;
        if (state === 'header') centralStart = base + pos;
        state = 'central';
        checkCentral();
        pos += length;
        continue;
      }
      if (signature === END && (state === 'header' || state === 'central')) {
        if (buf.length - pos < 22) return;
        const length = 22 + u16(buf, pos + 20);
        if (buf.length - pos < length) return;
        checkEnd();
        pos += length;
        state = 'done';
        continue;
      }
      if (signature === END64) throw fail('ZIP_UNSUPPORTED', 'ZIP64 archives are not supported');
      if (base + pos === 0) {
        throw new FileVerificationError(
          `The body of ${file ?? 'the download'} is not a ZIP (it does not start with PK\\x03\\x04): the server sent something else, e.g. an HTML page.`,
          { code: 'NOT_A_ZIP', file, offset: 0 },
        );
      }
      throw fail('ZIP_CORRUPT', 'No ZIP record starts here');
    }
  }

  function startEntry(headerLength: number): ZipItem {
    const flags = u16(buf, pos + 6);
    const method = u16(buf, pos + 8);
    const nameBytes = buf.slice(pos + 30, pos + 30 + u16(buf, pos + 26));
    const name = names.decode(nameBytes);
    entry = {
      name,
      nameBytes,
      offset: base + pos,
      method,
      crc: u32(buf, pos + 14),
      compressed: u32(buf, pos + 18),
      size: u32(buf, pos + 22),
      descriptor: (flags & 8) !== 0,
    };
    if (flags & 1) throw fail('ZIP_UNSUPPORTED', `Entry ${name} is encrypted`);
    if (method !== 0 && method !== 8) throw fail('ZIP_UNSUPPORTED', `Entry ${name} uses compression method ${method}`);
    if (entry.compressed === 0xffffffff || entry.size === 0xffffffff) {
      throw fail('ZIP_UNSUPPORTED', `Entry ${name} needs ZIP64`);
    }
    if (entries.length >= MAX_ENTRIES) throw fail('ZIP_UNSUPPORTED', 'More entries than a ZIP without ZIP64 holds');
    if (!entry.descriptor) checkDeclared(entry);
    entries.push(entry);
    inflater = new EntryInflater(method, limits, (code, message, option, limit) =>
      code === 'ZIP_CORRUPT' || code === 'ZIP_SIZE_MISMATCH'
        ? fail(code, message)
        : new LimitExceededError(`${message} (${file ?? 'the ZIP'}, entry ${name}).`, {
            code,
            file,
            entry: name,
            option: option ?? '',
            limit: limit ?? 0,
          }),
    );
    if (!entry.descriptor) inflater.expectSize(entry.size);
    pos += headerLength;
    consumed = 0;
    state = 'data';
    return { type: 'start', name };
  }

  /** Refuses an entry whose header already says it is too large, before inflating anything. */
  function checkDeclared(declared: Entry): void {
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

  function* finishEntry(crc: number, size: number): Generator<ZipItem, void, undefined> {
    const done = entry as Entry;
    const result = (inflater as EntryInflater).finish();
    yield* result.slices;
    if (done.descriptor && consumed !== done.compressed) {
      throw fail(
        'ZIP_SIZE_MISMATCH',
        `Entry ${done.name} has ${consumed} compressed bytes, its descriptor says ${done.compressed}`,
      );
    }
    if (result.size !== size) {
      throw fail('ZIP_SIZE_MISMATCH', `Entry ${done.name} inflates to ${result.size} bytes, its header says ${size}`);
    }
    if (result.crc !== crc) {
      throw fail('ZIP_CRC_MISMATCH', `Entry ${done.name} fails its CRC-32 check: the archive is damaged`);
    }
    yield { type: 'end', name: done.name };
    entry = undefined;
    inflater = undefined;
    state = 'header';
  }

  function checkCentral(): void {
    const listed = entries[centralIndex++];
    const nameLength = u16(buf, pos + 28);
    const same =
      listed !== undefined &&
      u16(buf, pos + 10) === listed.method &&
      u32(buf, pos + 16) === listed.crc &&
      u32(buf, pos + 20) === listed.compressed &&
      u32(buf, pos + 24) === listed.size &&
      u32(buf, pos + 42) === listed.offset &&
      nameLength === listed.nameBytes.length &&
      listed.nameBytes.every((byte, i) => buf[pos + 46 + i] === byte);
    if (!same) {
      throw fail(
        'ZIP_CORRUPT',
        `Central directory record ${centralIndex} does not match the entry read${listed ? ` (${listed.name})` : ''}`,
      );
    }
  }

  function checkEnd(): void {
    const count = entries.length;
    const ok =
      centralIndex === count &&
      u16(buf, pos + 4) === 0 &&
      u16(buf, pos + 6) === 0 &&
      u16(buf, pos + 8) === count &&
      u16(buf, pos + 10) === count &&
      u32(buf, pos + 12) === (centralStart < 0 ? 0 : base + pos - centralStart) &&
      u32(buf, pos + 16) === (centralStart < 0 ? base + pos : centralStart);
    if (!ok) throw fail('ZIP_CORRUPT', 'The end record does not match the entries and central directory read');
  }

  for await (const chunk of body) {
    if (chunk.byteLength === 0) continue;
    // Keep only what is not parsed yet (a partial header, or a descriptor's possible first bytes).
    const rest = buf.subarray(pos);
    base += pos;
    if (rest.length === 0) buf = chunk;
    else {
      const joined = new Uint8Array(rest.length + chunk.length);
      joined.set(rest);
      joined.set(chunk, rest.length);
      buf = joined;
    }
    pos = 0;
    yield* step();
  }
  yield* step();
  if (state === 'done') return;
  if (base + buf.length === 0) {
    throw new FileVerificationError(`The body of ${file ?? 'the download'} is empty: a ZIP was expected.`, {
      code: 'EMPTY_BODY',
      file,
      offset: 0,
    });
  }
  throw fail(
    'ZIP_TRUNCATED',
    'The ZIP ended before its end record: the download was cut or the archive is damaged',
    base + buf.length,
  );
}

type MakeError = (code: string, message: string, option?: string, limit?: number) => Error;

/** Inflates (or passes through) one entry, checking sizes and limits as it goes, CRC over what it hands over. */
class EntryInflater {
  private readonly inflate: Inflate | undefined;
  private out: Uint8Array[] = [];
  private crc = 0;
  private size = 0;
  private compressed = 0;
  private expected = -1;

  constructor(
    method: number,
    private readonly limits: Limits,
    private readonly error: MakeError,
  ) {
    if (method === 8) this.inflate = new Inflate((data) => this.out.push(data));
  }

  /** Declared size from the local header: more output than this is refused at once. */
  expectSize(size: number): void {
    this.expected = size;
  }

  /** Pushes compressed bytes in small slices; after each, hands over the output in bounded slices. */
  *push(data: Uint8Array): Generator<ZipItem, void, undefined> {
    for (let i = 0; i < data.length; i += INPUT_SLICE) {
      const piece = data.subarray(i, i + INPUT_SLICE);
      this.compressed += piece.length;
      if (this.inflate) this.run(() => this.inflate?.push(piece, false));
      else this.out.push(piece);
      yield* this.drain();
    }
  }

  /** Ends the entry; the caller checks the returned CRC and size against the header or descriptor. */
  finish(): { slices: ZipItem[]; crc: number; size: number } {
    if (this.inflate) this.run(() => this.inflate?.push(new Uint8Array(0), true));
    const slices = [...this.drain()];
    return { slices, crc: this.crc, size: this.size };
  }

  private run(push: () => void): void {
    try {
      push();
    } catch (caught) {
      throw this.error('ZIP_CORRUPT', `The compressed data is invalid (${(caught as Error).message})`);
    }
  }

  private *drain(): Generator<ZipItem, void, undefined> {
    const out = this.out;
    this.out = [];
    for (const data of out) {
      this.size += data.length;
      if (this.expected >= 0 && this.size > this.expected) {
        throw this.error('ZIP_SIZE_MISMATCH', `The entry inflates past the ${this.expected} bytes its header says`);
      }
      if (this.size > this.limits.maxEntryBytes) {
        throw this.error(
          'ENTRY_TOO_LARGE',
          `The entry inflates past maxEntryBytes (${this.limits.maxEntryBytes})`,
          'maxEntryBytes',
          this.limits.maxEntryBytes,
        );
      }
      if (this.size > RATIO_FLOOR && this.size > this.limits.maxCompressionRatio * this.compressed) {
        throw this.error(
          'COMPRESSION_RATIO',
          `The entry inflates to more than maxCompressionRatio (${this.limits.maxCompressionRatio}) times its compressed bytes, like a decompression bomb`,
          'maxCompressionRatio',
          this.limits.maxCompressionRatio,
        );
      }
      this.crc = crc32(data, this.crc);
      for (let i = 0; i < data.length; i += OUTPUT_SLICE) {
        yield { type: 'data', data: data.subarray(i, i + OUTPUT_SLICE) };
      }
    }
  }
}
