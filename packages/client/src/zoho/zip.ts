import { FileVerificationError, LimitExceededError } from '../core/errors.js';
import type { ResolvedFileLimits } from './limits.js';
import { ByteWindow } from './zip/byte-window.js';
import { CentralDirectory } from './zip/central-directory.js';
import { type DescriptorSizes, scanForDescriptor } from './zip/data-descriptor.js';
import { type DataSlice, EntryInflater } from './zip/entry-inflater.js';
import type { ZipFail } from './zip/errors.js';
import {
  checkDeclared,
  checkSupported,
  type LocalEntry,
  localHeaderLength,
  readLocalHeader,
} from './zip/local-header.js';
import { CENTRAL, END, END64, LOCAL } from './zip/signatures.js';

export { OUTPUT_SLICE } from './zip/entry-inflater.js';

/** What the ZIP reader hands over: an entry starts, a slice of its inflated bytes, the entry ended verified. */
export type ZipItem =
  | { readonly type: 'start'; readonly name: string }
  | DataSlice
  | { readonly type: 'end'; readonly name: string };

/**
 * Reads a ZIP body as it streams, without the central directory up front: every entry's inflated
 * bytes are checked against its CRC-32 and sizes (local header, or data descriptor), the central
 * directory and end record are checked against the entries read, and the body must end right after
 * them. Inflated output is handed over in slices of at most {@link OUTPUT_SLICE} bytes.
 */
export async function* readZip(
  body: AsyncIterable<Uint8Array>,
  limits: ResolvedFileLimits,
  file?: string,
): AsyncGenerator<ZipItem, void, undefined> {
  const reader = new ZipReader(limits, file);
  for await (const chunk of body) {
    if (chunk.byteLength === 0) continue;
    reader.bytes.append(chunk);
    yield* reader.read();
  }
  yield* reader.read();
  reader.end();
}

/** The entry whose data is being read: its local header and its inflater. */
interface OpenEntry {
  readonly header: LocalEntry;
  readonly inflater: EntryInflater;
}

/**
 * One archive being read: the bytes not parsed yet, the entry being read, and the entries read so far (the
 * central directory checks them). Each record kind has its own reader: local headers and their checks
 * (zip/local-header.ts), an entry's data and its data descriptor (zip/data-descriptor.ts), the central
 * directory and end record (zip/central-directory.ts).
 */
class ZipReader {
  readonly bytes = new ByteWindow();
  private readonly central: CentralDirectory;
  private entry: OpenEntry | undefined;
  /** Which entry errors name: the one being read, from its local header on. */
  private entryName: string | undefined;
  private ended = false;
  private readonly fail: ZipFail;

  constructor(
    private readonly limits: ResolvedFileLimits,
    private readonly file: string | undefined,
  ) {
    this.fail = (code, message, at = this.bytes.offset) =>
      new FileVerificationError(`${message} (${file ?? 'the ZIP'}, byte ${at}).`, {
        code,
        file,
        entry: this.entryName,
        offset: at,
      });
    this.central = new CentralDirectory(this.fail);
  }

  /** Parses what the window holds; yields items; returns when it needs more bytes. */
  *read(): Generator<ZipItem, void, undefined> {
    for (;;) {
      if (this.ended) {
        if (this.bytes.available > 0) throw this.fail('ZIP_CORRUPT', 'Bytes follow the end of the archive');
        return;
      }
      const progressed = this.entry ? yield* this.readData(this.entry) : yield* this.readRecord();
      if (!progressed) return;
    }
  }

  /** After the body's last byte: the archive must have ended with its end record. */
  end(): void {
    if (this.ended) return;
    if (this.bytes.received === 0) {
      throw new FileVerificationError(`The body of ${this.file ?? 'the download'} is empty: a ZIP was expected.`, {
        code: 'EMPTY_BODY',
        file: this.file,
        offset: 0,
      });
    }
    throw this.fail(
      'ZIP_TRUNCATED',
      'The ZIP ended before its end record: the download was cut or the archive is damaged',
      this.bytes.received,
    );
  }

  /** The record at the read position: a local header, a central record or the end record; false for more bytes. */
  private *readRecord(): Generator<ZipItem, boolean, undefined> {
    const bytes = this.bytes;
    if (bytes.available < 4) return false;
    const signature = bytes.u32(0);
    if (signature === LOCAL && !this.central.started) {
      const length = localHeaderLength(bytes);
      if (length === undefined) return false;
      yield this.startEntry(length);
      return true;
    }
    if (signature === CENTRAL) return this.central.readRecord(bytes);
    if (signature === END) {
      this.ended = this.central.readEnd(bytes);
      return this.ended;
    }
    if (signature === END64) throw this.fail('ZIP_UNSUPPORTED', 'ZIP64 archives are not supported');
    if (bytes.offset === 0) {
      throw new FileVerificationError(
        `The body of ${this.file ?? 'the download'} is not a ZIP (it does not start with PK\\x03\\x04): the server sent something else, e.g. an HTML page.`,
        { code: 'NOT_A_ZIP', file: this.file, offset: 0 },
      );
    }
    throw this.fail('ZIP_CORRUPT', 'No ZIP record starts here');
  }

  /** Reads the local header at the read position (`length` bytes, all arrived) and opens its entry. */
  private startEntry(length: number): ZipItem {
    const header = readLocalHeader(this.bytes);
    this.entryName = header.name;
    checkSupported(header, this.central.count, this.fail);
    if (!header.descriptor) checkDeclared(header, this.limits, this.file);
    this.central.add(header);
    const inflater = new EntryInflater(header.method, this.limits, {
      damaged: (code, message) => this.fail(code, message),
      tooLarge: (code, message, option, limit) =>
        new LimitExceededError(`${message} (${this.file ?? 'the ZIP'}, entry ${header.name}).`, {
          code,
          file: this.file,
          entry: header.name,
          option,
          limit,
        }),
    });
    if (!header.descriptor) inflater.expectSize(header.size);
    this.bytes.skip(length);
    this.entry = { header, inflater };
    return { type: 'start', name: header.name };
  }

  /** Feeds the entry's compressed bytes to its inflater; true once the entry ended verified, false for more bytes. */
  private *readData(entry: OpenEntry): Generator<ZipItem, boolean, undefined> {
    const { header, inflater } = entry;
    if (!header.descriptor) {
      const data = this.bytes.unread.subarray(0, header.compressed - inflater.compressed);
      yield* inflater.push(data);
      this.bytes.skip(data.length);
      if (inflater.compressed < header.compressed) return false;
      yield* this.finishEntry(entry, header);
      return true;
    }
    const scan = scanForDescriptor(this.bytes.unread, inflater.compressed);
    yield* inflater.push(this.bytes.unread.subarray(0, scan.dataEnd));
    this.bytes.skip(scan.dataEnd);
    if (!scan.found) return false;
    this.bytes.skip(scan.found.length);
    Object.assign(header, scan.found.sizes);
    yield* this.finishEntry(entry, scan.found.sizes);
    return true;
  }

  /** Ends the entry: what was inflated must match the CRC and sizes of its header or data descriptor. */
  private *finishEntry(entry: OpenEntry, declared: DescriptorSizes): Generator<ZipItem, void, undefined> {
    const { header, inflater } = entry;
    const result = inflater.finish();
    yield* result.slices;
    if (header.descriptor && inflater.compressed !== declared.compressed) {
      throw this.fail(
        'ZIP_SIZE_MISMATCH',
        `Entry ${header.name} has ${inflater.compressed} compressed bytes, its descriptor says ${declared.compressed}`,
      );
    }
    if (result.size !== declared.size) {
      throw this.fail(
        'ZIP_SIZE_MISMATCH',
        `Entry ${header.name} inflates to ${result.size} bytes, its header says ${declared.size}`,
      );
    }
    if (result.crc !== declared.crc) {
      throw this.fail('ZIP_CRC_MISMATCH', `Entry ${header.name} fails its CRC-32 check: the archive is damaged`);
    }
    yield { type: 'end', name: header.name };
    this.entry = undefined;
    this.entryName = undefined;
  }
}
