import { type JsonlErrorCode, JsonlParseError, type ValidationIssue } from './errors.js';
import { excerptOf } from './redact.js';
import { lossy } from './utf8.js';

/** Where a bad line is and what it holds, for its error. */
export interface BadLine {
  readonly code: JsonlErrorCode;
  /** What is wrong, worded to follow "Line N (byte offset B)". */
  readonly problem: string;
  /** The line (or its start), excerpted and redacted for the message. */
  readonly content: string | Uint8Array;
  readonly line: number;
  readonly byteOffset: number;
  readonly issues?: readonly ValidationIssue[] | undefined;
}

/** The error of a bad line: where it is, a redacted excerpt, and (when it stops the parse) how to pass over bad lines. */
export function badLineError(bad: BadLine, stopsTheParse: boolean): JsonlParseError {
  const excerpt = excerptOf(typeof bad.content === 'string' ? bad.content : lossy(bad.content));
  const hint = stopsTheParse
    ? " Pass { onInvalid: 'skip' } or { onInvalid: 'collect' } to parseJsonl to pass over bad lines."
    : '';
  // The engine's JSON.parse message quotes the input, so it is redacted like the excerpt.
  const message = `Line ${bad.line} (byte offset ${bad.byteOffset}) ${excerptOf(bad.problem, 300)}.${hint} Excerpt: ${excerpt}`;
  return new JsonlParseError(bad.code, message, {
    line: bad.line,
    byteOffset: bad.byteOffset,
    excerpt,
    ...(bad.issues ? { issues: bad.issues } : {}),
  });
}

/** The error of a stream that ended inside line `line`, whose `bytes` start at `byteOffset`. */
export function truncatedError(line: number, byteOffset: number, bytes: Uint8Array): JsonlParseError {
  return new JsonlParseError(
    'TRUNCATED',
    `Line ${line} (byte offset ${byteOffset}): the stream ended inside a line (${bytes.length} bytes without a newline that are not a complete JSON value). The download was cut short; fetch the result again.`,
    { line, byteOffset, excerpt: excerptOf(lossy(bytes)) },
  );
}
