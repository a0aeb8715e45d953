import { redactSecrets } from '@audit-export/events';
import { AuditExportError } from './errors.js';

// Patterns alone miss a token that looks like nothing in particular (a 30-hex Zoho token) or that
// was re-encoded on its way back (percent-encoding, base64 inside a Basic header). So the client
// scrubs the exact values it holds, in every form a server or a library may echo them.

/** What replaces a held credential in any text that leaves the client. */
export const REDACTED = '[redacted]';

/** Shorter values are not scrubbed: they would blank out ordinary words and cannot be worth stealing. */
const MIN_SECRET = 4;

/** A regex fragment matching one hex digit in either case. */
function hexDigit(digit: string): string {
  return /[A-F]/.test(digit) ? `[${digit}${digit.toLowerCase()}]` : digit;
}

/** Regex source matching `secret` with any character percent-encoded (once or twice) or, for `/`, JSON-escaped. */
function encodedPattern(secret: string): string {
  let source = '';
  for (const char of secret) {
    const bytes = new TextEncoder().encode(char);
    const escaped = [...bytes].map((byte) => {
      const hex = byte.toString(16).toUpperCase().padStart(2, '0');
      return `%(?:25)?${hexDigit(hex[0] ?? '0')}${hexDigit(hex[1] ?? '0')}`;
    });
    const literal = char.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
    const alternatives = [literal, escaped.join('')];
    if (char === '/') alternatives.push('\\\\/');
    if (char === ' ') alternatives.push('\\+');
    source += `(?:${alternatives.join('|')})`;
  }
  return source;
}

/** Binary string of bytes, for btoa. */
function binary(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += String.fromCharCode(byte);
  return out;
}

/**
 * The base64 and base64url spellings of `secret` as they appear inside a longer base64 text (a Basic
 * header, a JWT segment): one per byte alignment, without the edge characters its neighbours decide.
 */
export function base64Forms(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const forms = new Set<string>();
  for (let shift = 0; shift < 3; shift++) {
    const shifted = new Uint8Array(shift + bytes.length);
    shifted.set(bytes, shift);
    const encoded = btoa(binary(shifted)).replace(/=+$/, '');
    const lead = shift === 0 ? 0 : shift + 1;
    const trail = shifted.length % 3 === 0 ? 0 : 1;
    const core = encoded.slice(lead, encoded.length - trail);
    if (core.length < 8) continue;
    forms.add(core);
    forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms];
}

/** A compiled scrubber for one held value. */
interface SecretMatcher {
  readonly pattern: RegExp;
  readonly base64: readonly string[];
}

function matcherFor(secret: string): SecretMatcher {
  return { pattern: new RegExp(encodedPattern(secret), 'g'), base64: base64Forms(secret) };
}

/** Replaces every form of every secret (exact, percent-encoded, base64/base64url) in `text` with `[redacted]`. */
export function redactHeld(text: string, secrets: readonly string[]): string {
  return scrub(text, secrets, matcherFor);
}

function scrub(text: string, secrets: readonly string[], matcher: (secret: string) => SecretMatcher): string {
  let out = text;
  // Longest first, so a secret that contains another one is removed whole.
  const ordered = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET).sort((a, b) => b.length - a.length);
  for (const secret of ordered) {
    const { pattern, base64 } = matcher(secret);
    out = out.replace(pattern, REDACTED);
    for (const form of base64) if (out.includes(form)) out = out.split(form).join(REDACTED);
    out = redactFragments(out, secret);
  }
  return out;
}

/** Shortest piece of a held value redacted on its own: a cut excerpt or an engine's JSON.parse message may quote part of a token. */
const MIN_FRAGMENT = 8;

/** Replaces every run of at least MIN_FRAGMENT characters that is a piece of `secret` (linear in the text, roughly). */
function redactFragments(text: string, secret: string): string {
  if (secret.length < MIN_FRAGMENT + 4 || text.length < MIN_FRAGMENT) return text;
  const grams = new Set<string>();
  for (let i = 0; i + MIN_FRAGMENT <= secret.length; i++) grams.add(secret.slice(i, i + MIN_FRAGMENT));
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (i + MIN_FRAGMENT <= text.length && grams.has(text.slice(i, i + MIN_FRAGMENT))) {
      let end = i + MIN_FRAGMENT;
      while (end < text.length && secret.includes(text.slice(i, end + 1))) end++;
      out += REDACTED;
      i = end;
    } else {
      out += text.charAt(i);
      i++;
    }
  }
  return out;
}

/** Scrubs text and errors with the credentials one client holds (read on each use, so refreshed tokens count). */
export interface Redactor {
  /** `text` with every form of every held credential replaced by `[redacted]`. */
  text(text: string): string;
  /** Scrubs an error before it reaches the caller: this package's errors in place, foreign causes as copies. */
  error<T>(error: T): T;
}

/** A redactor over the values `held()` returns (the transport's recently sent credentials). */
export function createRedactor(held: () => readonly string[]): Redactor {
  const cache = new Map<string, SecretMatcher>();
  const matcher = (secret: string) => {
    let found = cache.get(secret);
    if (!found) {
      found = matcherFor(secret);
      cache.set(secret, found);
    }
    return found;
  };
  const redactor: Redactor = {
    text(text) {
      // Forget matchers of tokens no longer held: the cache must not outlive the credentials it describes.
      const secrets = held();
      for (const key of cache.keys()) if (!secrets.includes(key)) cache.delete(key);
      return scrub(text, secrets, matcher);
    },
    error(error) {
      return scrubValue(error, redactor.text, new Set(), 0) as typeof error;
    },
  };
  return redactor;
}

/** Deepest cause chain followed; deeper causes are dropped rather than shown unscrubbed. */
const MAX_DEPTH = 8;

/** Scrubs one value of a cause chain; returns the value to keep in its place. */
function scrubValue(value: unknown, redact: (text: string) => string, seen: Set<object>, depth: number): unknown {
  if (typeof value === 'string') return redact(value);
  if (!(value instanceof Error))
    return value === null || typeof value !== 'object' ? value : scrubObject(value, redact);
  if (seen.has(value)) return value;
  seen.add(value);
  if (depth >= MAX_DEPTH) return new Error('[cause chain too deep; dropped]');
  if (value instanceof AuditExportError) {
    // Our own errors are scrubbed in place: callers keep their identity and class.
    scrubErrorInPlace(value, redact, seen, depth);
    return value;
  }
  const cause = 'cause' in value ? scrubValue(value.cause, redact, seen, depth + 1) : undefined;
  if (!leaks(value, redact) && cause === value.cause) return value;
  return redactedCopy(value, redact, cause);
}

/** Plain objects as causes are kept when clean, replaced by their scrubbed JSON otherwise. */
function scrubObject(value: object, redact: (text: string) => string): unknown {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return '[unserialisable cause dropped]';
  }
  if (json === undefined) return value;
  const clean = redact(json);
  return clean === json ? value : clean;
}

/** True when any string the error shows (message, stack, own fields) holds a secret. */
function leaks(error: Error, redact: (text: string) => string): boolean {
  const views = [error.message, error.stack ?? ''];
  for (const key of Object.keys(error)) {
    if (key === 'cause') continue;
    const field = (error as unknown as Record<string, unknown>)[key];
    try {
      views.push(typeof field === 'string' ? field : (JSON.stringify(field) ?? ''));
    } catch {
      views.push('');
    }
  }
  return views.some((view) => redact(view) !== view);
}

function scrubErrorInPlace(
  error: AuditExportError,
  redact: (text: string) => string,
  seen: Set<object>,
  depth: number,
) {
  const record = error as unknown as Record<string, unknown>;
  const stack = error.stack;
  error.message = redact(error.message);
  if (stack !== undefined) trySet(record, 'stack', redact(stack));
  for (const key of Object.keys(record)) {
    if (key === 'cause' || key === 'message' || key === 'stack') continue;
    if (typeof record[key] === 'string') record[key] = redact(record[key] as string);
  }
  if ('cause' in error) {
    const cause = scrubValue(error.cause, redact, seen, depth + 1);
    if (cause !== error.cause) trySet(record, 'cause', cause);
  }
}

function trySet(target: Record<string, unknown>, key: string, value: unknown) {
  try {
    Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false });
  } catch {
    // A frozen error keeps its value; nothing better can be done here.
  }
}

/**
 * A copy of a foreign error (from a token provider, a custom fetch, the parser) with every string scrubbed:
 * the caller's object is never modified, and the copy keeps the class (`instanceof`), name and code.
 * Fields that are not strings, numbers or booleans are dropped, since they cannot be scrubbed reliably.
 */
export function redactedCopy(
  error: Error,
  redact: (text: string) => string,
  cause?: unknown,
  redactStack: (stack: string) => string = redact,
): Error {
  const message = redact(error.message);
  const copy = cause === undefined ? new Error(message) : new Error(message, { cause });
  Object.setPrototypeOf(copy, Object.getPrototypeOf(error));
  const record = copy as unknown as Record<string, unknown>;
  for (const key of Object.keys(error)) {
    if (key === 'cause' || key === 'message' || key === 'stack') continue;
    const field = (error as unknown as Record<string, unknown>)[key];
    if (typeof field === 'string') record[key] = redact(field);
    else if (typeof field === 'number' || typeof field === 'boolean') record[key] = field;
  }
  if (Object.hasOwn(error, 'name')) record.name = redact(String(error.name));
  // The stack's first line repeats the message: swap in the scrubbed one, then scrub what is left.
  const stack = error.stack;
  const header = error.message === '' ? stack : stack?.split(error.message).join(message);
  trySet(record, 'stack', header === undefined ? `${copy.name}: ${message}` : redactStack(header));
  return copy;
}

/**
 * What a token provider threw, made safe to keep as a `cause`: it may hold a token the client never
 * received (a refresh answer, a client secret), so messages and fields go through the credential
 * patterns of @audit-export/events. Stack frames are code locations and stay readable.
 */
export function providerCause(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (!(value instanceof Error))
    return value === null || typeof value !== 'object' ? value : '[provider value dropped]';
  if (depth >= MAX_DEPTH) return new Error('[cause chain too deep; dropped]');
  const cause = 'cause' in value ? providerCause(value.cause, depth + 1) : undefined;
  return redactedCopy(value, redactSecrets, cause, (stack) => stack);
}

/** The fetch given to openapi-fetch (`.raw` and every call): what it throws is scrubbed first. */
export function scrubbedFetch(
  fetch: (request: Request) => Promise<Response>,
  redactor: Redactor,
): (request: Request) => Promise<Response> {
  return (request) =>
    fetch(request).catch((error: unknown) => {
      throw redactor.error(error);
    });
}

/** Streams an iterable, scrubbing whatever it throws; `return()` (a `break`) reaches the source as before. */
async function* scrubbedIterable<T>(source: AsyncIterable<T>, redactor: Redactor): AsyncGenerator<T, void, undefined> {
  try {
    yield* source;
  } catch (error) {
    throw redactor.error(error);
  }
}

/**
 * Wraps every method of a client object so that no error reaches the caller unscrubbed, whether it is
 * thrown, rejected or raised while iterating. One place for every workflow, present and future.
 */
export function scrubbedClient<T extends object>(client: T, redactor: Redactor): T {
  const record = client as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const method = record[key];
    if (typeof method !== 'function') continue;
    record[key] = function (this: unknown, ...args: unknown[]) {
      let result: unknown;
      try {
        result = method.apply(this, args);
      } catch (error) {
        throw redactor.error(error);
      }
      if (result instanceof Promise) {
        return result.catch((error: unknown) => {
          throw redactor.error(error);
        });
      }
      if (typeof result === 'object' && result !== null && Symbol.asyncIterator in result) {
        const scrubbed = scrubbedIterable(result as AsyncIterable<unknown>, redactor);
        // An export's resumePoint() stays reachable through the wrapper (it holds no credential).
        const { resumePoint } = result as { resumePoint?: unknown };
        return typeof resumePoint === 'function' ? Object.assign(scrubbed, { resumePoint }) : scrubbed;
      }
      return result;
    };
  }
  return client;
}
