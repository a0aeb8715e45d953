/** Wraps a byte stream so that `onChunk(totalBytes)` is called as each chunk passes through. */
export function countBytes(
  body: ReadableStream<Uint8Array>,
  onChunk: (totalBytes: number) => void,
): ReadableStream<Uint8Array> {
  let total = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        onChunk(total);
        controller.enqueue(chunk);
      },
    }),
  );
}
