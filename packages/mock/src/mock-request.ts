// A module of its own so that context.ts and http.ts, which both need it, do not import each other.

/** The request headers the engine reads: a web `Headers` is one. */
export interface RequestHeaders {
  /** The value (duplicates joined by ", "), or null when absent; the name is case-insensitive. */
  get(name: string): string | null;
  /** Calls `callback` for each header, names in lower case. */
  forEach(callback: (value: string, name: string) => void): void;
}

/**
 * The part of a web `Request` the engine reads. A real `Request` is one (the public contract,
 * `engine.fetch`); the Node adapter hands a cheaper view of its `IncomingMessage` (building an
 * undici `Request` per request cost about a fifth of a small answer), the same route code reads both.
 */
export interface MockRequest {
  /** The method, upper case. */
  readonly method: string;
  /** The absolute URL. */
  readonly url: string;
  /** The request headers. */
  readonly headers: RequestHeaders;
  /** The body, or null when there is none. */
  readonly body: ReadableStream<Uint8Array> | null;
  /** Aborts when the client goes away, where the host tells. */
  readonly signal?: AbortSignal;
  /** The whole body as text. */
  text(): Promise<string>;
}
