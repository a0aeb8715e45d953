import { describe, expect, it } from 'vitest';
import { parseJsonl } from '../src/index.js';
import { WINDOW_BYTES, windowEnd } from '../src/text-window.js';

/** Lines of the given lengths (LF included), as one chunk, and the offset of its last LF. */
function chunkOf(lengths: number[]): { chunk: Uint8Array; last: number } {
  const chunk = new Uint8Array(lengths.reduce((sum, n) => sum + n, 0)).fill(0x61);
  let at = 0;
  for (const n of lengths) {
    at += n;
    chunk[at - 1] = 0x0a;
  }
  return { chunk, last: at - 1 };
}

describe('windowEnd', () => {
  it('takes all complete lines of a chunk that fits in one window', () => {
    const { chunk, last } = chunkOf([100, 200, 300]);
    expect(windowEnd(chunk, 0, last)).toBe(600);
    expect(windowEnd(chunk, 100, last)).toBe(600);
  });

  it('ends a window at the last LF that keeps it within WINDOW_BYTES', () => {
    const { chunk, last } = chunkOf(Array.from({ length: 200 }, () => 1000));
    expect(windowEnd(chunk, 0, last)).toBe(Math.floor(WINDOW_BYTES / 1000) * 1000);
    expect(windowEnd(chunk, 1000, last)).toBe(1000 + Math.floor(WINDOW_BYTES / 1000) * 1000);
  });

  it('takes one whole line that is longer than a window', () => {
    const { chunk, last } = chunkOf([10, WINDOW_BYTES * 3, 10]);
    expect(windowEnd(chunk, 0, last)).toBe(10);
    expect(windowEnd(chunk, 10, last)).toBe(10 + WINDOW_BYTES * 3);
  });
});

describe('parseJsonl over one huge chunk', () => {
  it('reads a chunk with more characters than the engine can hold in one string', async () => {
    // V8 strings hold at most 2^29 - 24 UTF-16 units; a whole 560 MB file passed as bytes is more.
    const lineLength = 100_000;
    const lines = 5_600;
    const bytes = new Uint8Array(lineLength * lines).fill(0x61);
    const open = new TextEncoder().encode('{"pad":"');
    for (let at = 0; at < bytes.length; at += lineLength) {
      bytes.set(open, at);
      bytes.set([0x22, 0x7d, 0x0a], at + lineLength - 3); // "}\n
    }
    const result = parseJsonl(bytes, { validate: false });
    let events = 0;
    for await (const event of result) {
      if ((event as unknown as { pad: string }).pad.length !== lineLength - 11) throw new Error('a line was cut');
      events++;
    }
    expect(events).toBe(lines);
    expect(result.stats.bytes).toBe(bytes.length);
  });
});
