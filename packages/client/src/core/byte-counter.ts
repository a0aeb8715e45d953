/** Passes byte chunks through unchanged, telling `onBytes` the running total as each one arrives. */
export async function* countedChunks(
  chunks: AsyncIterable<Uint8Array>,
  onBytes: ((totalBytes: number) => void) | undefined,
): AsyncGenerator<Uint8Array, void, undefined> {
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.byteLength;
    onBytes?.(total);
    yield chunk;
  }
}
