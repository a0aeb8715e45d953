import { Inflate } from 'fflate';
import type { LimitExceededError } from '../../core/errors.js';
import { crc32 } from '../crc32.js';
import type { ResolvedFileLimits } from '../limits.js';

/** Compressed bytes pushed into the inflater at once: its output is at most ~1032x this (DEFLATE's ratio cap). */
const INPUT_SLICE = 4 * 1024;
/** Largest slice of inflated bytes handed over at once. */
export const OUTPUT_SLICE = 64 * 1024;
/** The compression ratio is judged only past this many inflated bytes: a tiny file may compress very well. */
export const RATIO_FLOOR = 1024 * 1024;

/** A slice of an entry's inflated bytes. */
export interface DataSlice {
  readonly type: 'data';
  readonly data: Uint8Array;
}

/** How an EntryInflater reports what it finds: damaged data, or an entry over a limit. */
export interface InflaterErrors {
  damaged(code: 'ZIP_CORRUPT' | 'ZIP_SIZE_MISMATCH', message: string): Error;
  tooLarge(code: LimitExceededError['code'], message: string, option: string, limit: number): Error;
}

/**
 * Inflates (or passes through) one entry, checking sizes and limits as it goes, CRC over what it hands over.
 * Whatever fflate throws is reported as damaged data (`ZIP_CORRUPT`): no error of fflate's leaves the reader.
 */
export class EntryInflater {
  private readonly inflate: Inflate | undefined;
  private out: Uint8Array[] = [];
  private crc = 0;
  private size = 0;
  /** Compressed bytes pushed so far. */
  compressed = 0;
  private expected = -1;

  constructor(
    method: number,
    private readonly limits: ResolvedFileLimits,
    private readonly errors: InflaterErrors,
  ) {
    if (method === 8) this.inflate = new Inflate((data) => this.out.push(data));
  }

  /** Declared size from the local header: more output than this is refused at once. */
  expectSize(size: number): void {
    this.expected = size;
  }

  /** Pushes compressed bytes in small slices; after each, hands over the output in bounded slices. */
  *push(data: Uint8Array): Generator<DataSlice, void, undefined> {
    for (let i = 0; i < data.length; i += INPUT_SLICE) {
      const piece = data.subarray(i, i + INPUT_SLICE);
      this.compressed += piece.length;
      if (this.inflate) this.run(() => this.inflate?.push(piece, false));
      else this.out.push(piece);
      yield* this.drain();
    }
  }

  /** Ends the entry; the caller checks the returned CRC and size against the header or descriptor. */
  finish(): { slices: DataSlice[]; crc: number; size: number } {
    if (this.inflate) this.run(() => this.inflate?.push(new Uint8Array(0), true));
    const slices = [...this.drain()];
    return { slices, crc: this.crc, size: this.size };
  }

  private run(push: () => void): void {
    try {
      push();
    } catch (caught) {
      throw this.errors.damaged('ZIP_CORRUPT', `The compressed data is invalid (${(caught as Error).message})`);
    }
  }

  private *drain(): Generator<DataSlice, void, undefined> {
    const out = this.out;
    this.out = [];
    for (const data of out) {
      this.size += data.length;
      this.checkSize();
      this.crc = crc32(data, this.crc);
      for (let i = 0; i < data.length; i += OUTPUT_SLICE) {
        yield { type: 'data', data: data.subarray(i, i + OUTPUT_SLICE) };
      }
    }
  }

  /** Refuses output past the declared size, `maxEntryBytes` or `maxCompressionRatio`, before it is handed over. */
  private checkSize(): void {
    const { maxEntryBytes, maxCompressionRatio } = this.limits;
    if (this.expected >= 0 && this.size > this.expected) {
      throw this.errors.damaged(
        'ZIP_SIZE_MISMATCH',
        `The entry inflates past the ${this.expected} bytes its header says`,
      );
    }
    if (this.size > maxEntryBytes) {
      throw this.errors.tooLarge(
        'ENTRY_TOO_LARGE',
        `The entry inflates past maxEntryBytes (${maxEntryBytes})`,
        'maxEntryBytes',
        maxEntryBytes,
      );
    }
    if (this.size > RATIO_FLOOR && this.size > maxCompressionRatio * this.compressed) {
      throw this.errors.tooLarge(
        'COMPRESSION_RATIO',
        `The entry inflates to more than maxCompressionRatio (${maxCompressionRatio}) times its compressed bytes, like a decompression bomb`,
        'maxCompressionRatio',
        maxCompressionRatio,
      );
    }
  }
}
