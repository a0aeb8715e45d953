/**
 * Bytes of a string in UTF-8: 1 to 3 a UTF-16 unit, 4 a surrogate pair (an astral character). Text from a
 * decoder has no lone surrogate; one counts 2 here, where TextEncoder writes 3 for its U+FFFD.
 */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x800) bytes += c >= 0xd800 && c <= 0xdfff ? 1 : 2;
    else if (c >= 0x80) bytes += 1;
  }
  return bytes;
}

const lossyDecoder = new TextDecoder();

/** Decodes the start of a line for an excerpt only: invalid bytes become U+FFFD instead of failing. */
export function lossy(bytes: Uint8Array): string {
  return lossyDecoder.decode(bytes.subarray(0, 4096));
}
