import type { ByteWindow } from './byte-window.js';
import type { ZipFail } from './errors.js';
import type { LocalEntry } from './local-header.js';

/**
 * The entries read, and the archive's own list of them: each central directory record must describe the entry
 * read at its place (method, CRC, sizes, offset, name), and the end record must count them and locate the
 * directory, so an archive whose parts disagree is refused rather than half believed.
 */
export class CentralDirectory {
  private readonly entries: LocalEntry[] = [];
  private checked = 0;
  /** Body offset of the first central record; -1 before it. */
  private start = -1;

  constructor(private readonly fail: ZipFail) {}

  /** How many entries were read. */
  get count(): number {
    return this.entries.length;
  }

  /** True once the first central record was read: no entry may follow. */
  get started(): boolean {
    return this.start >= 0;
  }

  /** Records an entry as its local header is read. */
  add(entry: LocalEntry): void {
    this.entries.push(entry);
  }

  /** Reads and checks the central record at the read position; false until all of it has arrived. */
  readRecord(bytes: ByteWindow): boolean {
    if (bytes.available < 46) return false;
    const length = 46 + bytes.u16(28) + bytes.u16(30) + bytes.u16(32);
    if (bytes.available < length) return false;
    this.checkRecord(bytes);
    bytes.skip(length);
    return true;
  }

  /** Reads and checks the end record at the read position; false until all of it has arrived. */
  readEnd(bytes: ByteWindow): boolean {
    if (bytes.available < 22) return false;
    const length = 22 + bytes.u16(20);
    if (bytes.available < length) return false;
    this.checkEnd(bytes);
    bytes.skip(length);
    return true;
  }

  /** Checks a central record against the entry read at its place (method, CRC, sizes, offset, name). */
  private checkRecord(bytes: ByteWindow): void {
    if (this.start < 0) this.start = bytes.offset;
    const listed = this.entries[this.checked++];
    const same =
      listed !== undefined &&
      bytes.u16(10) === listed.method &&
      bytes.u32(16) === listed.crc &&
      bytes.u32(20) === listed.compressed &&
      bytes.u32(24) === listed.size &&
      bytes.u32(42) === listed.offset &&
      bytes.u16(28) === listed.nameBytes.length &&
      bytes.matches(46, listed.nameBytes);
    if (!same) {
      throw this.fail(
        'ZIP_CORRUPT',
        `Central directory record ${this.checked} does not match the entry read${listed ? ` (${listed.name})` : ''}`,
      );
    }
  }

  /** Checks the end record: one disk, every entry listed, the directory's size and place. */
  private checkEnd(bytes: ByteWindow): void {
    const count = this.entries.length;
    const here = bytes.offset;
    const ok =
      this.checked === count &&
      bytes.u16(4) === 0 &&
      bytes.u16(6) === 0 &&
      bytes.u16(8) === count &&
      bytes.u16(10) === count &&
      bytes.u32(12) === (this.start < 0 ? 0 : here - this.start) &&
      bytes.u32(16) === (this.start < 0 ? here : this.start);
    if (!ok) throw this.fail('ZIP_CORRUPT', 'The end record does not match the entries and central directory read');
  }
}
