/**
 * The engine's second entry, for the Node adapter: kept out of `engine.ts` (a public subpath,
 * `@audit-export/mock/engine`) because it is no contract, only a faster path to the same code.
 */
import type { MockRequest } from './http.js';

/**
 * The engine's answer without CORS headers, for a host that has parsed the URL already and adds
 * CORS itself (the Node adapter); `cors` gives those headers, undefined when `cors: false`.
 */
export interface HostEntry {
  /** Answers one request (never rejects), CORS headers not added. */
  answer(request: MockRequest, url: URL): Promise<Response>;
  /** The CORS headers for a request's answer, or undefined when the engine adds none (`cors: false`, the control API). */
  cors(request: MockRequest, url: URL): Readonly<Record<string, string>> | undefined;
}

/** Each engine's {@link HostEntry}, set by `createMockEngine` (keyed by the engine object; typed loosely so this module need not import the engine). */
export const hostEntries = new WeakMap<object, HostEntry>();
