import { u32 } from './byte-window.js';
import { CENTRAL, DESCRIPTOR, LOCAL } from './signatures.js';

/** The scan looks at 16 bytes from each position: a signed descriptor, or an unsigned one and the next signature. */
const LOOKAHEAD = 16;

/** What a data descriptor says about the entry before it. */
export interface DescriptorSizes {
  crc: number;
  compressed: number;
  size: number;
}

/** Where the scan of an entry's data stopped. */
export interface DescriptorScan {
  /** Bytes of `data` that are compressed data of the entry (the descriptor starts here, if found). */
  dataEnd: number;
  /** The descriptor, when found, and its length (16 with its signature, 12 without). */
  found?: { sizes: DescriptorSizes; length: 12 | 16 };
}

/**
 * Scans an entry's data (flag bit 3: its sizes follow it) for its data descriptor: a descriptor is where the
 * compressed bytes read so far (`consumed` before `data`, plus those before the position) equal its compressed
 * size, and it either carries its signature or is followed by the next local or central header. The last bytes,
 * too few to judge, are left unscanned for the next chunk.
 */
export function scanForDescriptor(data: Uint8Array, consumed: number): DescriptorScan {
  let p = 0;
  for (; p + LOOKAHEAD <= data.length; p++) {
    const offset = (consumed + p) >>> 0;
    if (data[p] === 0x50 && u32(data, p) === DESCRIPTOR && u32(data, p + 8) === offset) {
      return { dataEnd: p, found: { sizes: sizesAt(data, p + 4), length: 16 } };
    }
    if (data[p + 4] === (offset & 0xff) && u32(data, p + 4) === offset) {
      const next = u32(data, p + 12);
      if (next === LOCAL || next === CENTRAL) return { dataEnd: p, found: { sizes: sizesAt(data, p), length: 12 } };
    }
  }
  return { dataEnd: p };
}

function sizesAt(data: Uint8Array, at: number): DescriptorSizes {
  return { crc: u32(data, at), compressed: u32(data, at + 4), size: u32(data, at + 8) };
}
