/** A local abort that also follows `parent`: `abort()` stops only this work, `signal` aborts on either. */
export interface ChildAbort {
  /** Aborts when `parent` does (with its reason) or when {@link ChildAbort.abort} is called. */
  readonly signal: AbortSignal;
  /** Aborts this work alone; the parent is left as it is. */
  abort(reason?: unknown): void;
}

/**
 * A child of `parent` made with AbortSignal.any (Node >= 20.3, every current browser, Deno, Bun),
 * which holds the parent weakly: nothing needs unhooking afterwards.
 */
export function childController(parent: AbortSignal | undefined): { controller: ChildAbort } {
  const own = new AbortController();
  const signal = parent ? AbortSignal.any([parent, own.signal]) : own.signal;
  return { controller: { signal, abort: (reason?: unknown) => own.abort(reason) } };
}
