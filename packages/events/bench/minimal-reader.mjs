// The least work a JSON Lines reader built like parseJsonl can do, as a reference for the bench:
// the same byte chunks, one TextDecoder call per chunk's complete lines, indexOf and slice per
// line, JSON.parse, one promise per event. It checks nothing: no line numbers or byte offsets, no
// maximum line length, no BOM or CR, no invalid UTF-8, no truncation (a blank line or a last line
// without LF would break it; the bench's data has neither). parseJsonl does all of this work too,
// so what it spends above this reader is the price of those checks.

const LF = 0x0a;

function concat(a, b) {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** Texts of complete lines, each ending in LF: a line split by a chunk boundary alone, then the chunk's other lines. */
async function* lineTexts(chunks) {
  const decoder = new TextDecoder();
  let rest = new Uint8Array(0);
  for await (const chunk of chunks) {
    // A plain view: a Node Buffer's own indexOf is slower.
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const first = bytes.indexOf(LF);
    if (first === -1) {
      rest = concat(rest, bytes);
      continue;
    }
    // Kept apart from the rest of the chunk: prepending it would make a string V8 allocates and decodes more slowly.
    yield decoder.decode(rest.length > 0 ? concat(rest, bytes.subarray(0, first + 1)) : bytes.subarray(0, first + 1));
    const last = bytes.lastIndexOf(LF);
    if (last > first) yield decoder.decode(bytes.subarray(first + 1, last + 1));
    rest = bytes.slice(last + 1);
  }
}

/** Events of a stream of byte chunks, one per line, with no checks (see above). */
export function readMinimal(chunks) {
  const texts = lineTexts(chunks);
  let text = '';
  let at = 0;
  // Like parseJsonl's iterator: a resolved promise per event while the current text has lines.
  const nextLine = () => {
    const nl = text.indexOf('\n', at);
    const value = JSON.parse(text.slice(at, nl));
    at = nl + 1;
    return { value, done: false };
  };
  return {
    async fill() {
      for (;;) {
        const next = await texts.next();
        if (next.done) return { value: undefined, done: true };
        text = next.value;
        at = 0;
        if (text.length > 0) return nextLine();
      }
    },
    next() {
      return at < text.length ? Promise.resolve(nextLine()) : this.fill();
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
