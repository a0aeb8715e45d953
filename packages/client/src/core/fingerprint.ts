/**
 * An order-sensitive 64-bit fingerprint of a sequence of ids (two FNV-1a 32-bit lanes), in O(1) memory.
 * A re-download skips the events already delivered by position and proves, with this, that they were the same
 * events in the same order — exactly-once delivery without keeping a million ids in a Set.
 */
export class SequenceFingerprint {
  #a = 0x811c9dc5;
  #b = 0x01000193 ^ 0x5bd1e995;
  #count = 0;

  /** Restores a fingerprint from its `value` (e.g. a resume point's), or undefined when the text is not one. */
  static from(value: string): SequenceFingerprint | undefined {
    const match = /^(\d{1,15}):([0-9a-f]{1,8}):([0-9a-f]{1,8})$/.exec(value);
    if (!match) return undefined;
    const restored = new SequenceFingerprint();
    restored.#count = Number(match[1]);
    restored.#a = Number.parseInt(match[2] ?? '', 16) | 0;
    restored.#b = Number.parseInt(match[3] ?? '', 16) | 0;
    return restored;
  }

  /** Adds one id to the sequence. */
  add(id: string): void {
    let a = this.#a;
    let b = this.#b;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
    }
    // A separator so that ["ab","c"] and ["a","bc"] differ.
    this.#a = Math.imul(a ^ 0x1f, 0x01000193);
    this.#b = Math.imul(b ^ 0x1f, 0x01000193);
    this.#count++;
  }

  /** Number of ids added. */
  get count(): number {
    return this.#count;
  }

  /** The fingerprint as a string (count and both lanes). */
  get value(): string {
    return `${this.#count}:${(this.#a >>> 0).toString(16)}:${(this.#b >>> 0).toString(16)}`;
  }
}

/** A 64-bit hash of `text` (16 hex digits), two FNV-1a lanes as above: a checksum, not a secret. */
export function hash64(text: string): string {
  const lanes = new SequenceFingerprint();
  lanes.add(text);
  return lanes.value
    .split(':')
    .slice(1)
    .map((lane) => lane.padStart(8, '0'))
    .join('');
}

/** JSON with object keys sorted at every depth, so equal data gives equal text whatever order it was stored in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, node: unknown) =>
    node !== null && typeof node === 'object' && !Array.isArray(node)
      ? Object.fromEntries(Object.entries(node).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : node,
  );
}
