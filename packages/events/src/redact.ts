// Excerpts of bad lines end up in logs and bug reports: anything that looks like a credential is
// replaced before it leaves the parser. Over-redacting an id is cheap; leaking a token is not.
const RULES: readonly [RegExp, string][] = [
  // JWTs (header.payload.signature, base64url of a JSON object starting `{"`), dots also percent-encoded.
  [/eyJ[\w-]{4,}(?:\.|%2[Ee])[\w-]{4,}(?:\.|%2[Ee])[\w-]*/g, '[REDACTED:jwt]'],
  // Authorization schemes followed by a credential.
  [/\b(Bearer|Basic|Zoho-oauthtoken)(\s+|%20)[^\s"',;&]+/gi, '$1 [REDACTED]'],
  // JSON members whose name says they hold a secret.
  [
    /("(?:[\w-]*(?:token|secret|password|passwd|authorization|api[_-]?key|credential)[\w-]*)"\s*:\s*")(?:[^"\\]|\\.)*"/gi,
    '$1[REDACTED]"',
  ],
  // Long hex runs (API keys, session ids, hashes); UUID groups are shorter and stay readable.
  [/\b[0-9a-fA-F]{32,}\b/g, '[REDACTED:hex]'],
  // Long base64 / base64url runs, `+` and `/` also percent-encoded.
  [/(?:[A-Za-z0-9+/_-]|%2[BbFf]){40,}(?:=|%3[Dd]){0,2}/g, '[REDACTED:base64]'],
];

/** Control characters, escaped in excerpts so a log line stays one line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this matches.
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** Most characters of a line looked at when building an excerpt, so a huge line costs little. */
const SCAN_LIMIT = 4096;

/** Characters a token can be made of: a window cut inside a run of them may hold half a token. */
const TOKEN_CHAR = /[\w.%+/=~-]/;

/** `window` without its trailing run of token characters (scanned backwards: linear, no regex backtracking). */
function withoutTrailingRun(window: string): string {
  let end = window.length;
  while (end > 0 && TOKEN_CHAR.test(window.charAt(end - 1))) end--;
  return window.slice(0, end);
}

/** Replaces JWT-like, bearer-like, secret-named, long hex and long base64 values with markers. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}

/** A short redacted excerpt of a line (at most `max` characters, control characters escaped). */
export function excerptOf(text: string, max = 160): string {
  // A window cut through a token would hide it from the patterns: drop the run the cut went through.
  const window = text.length > SCAN_LIMIT ? withoutTrailingRun(text.slice(0, SCAN_LIMIT)) : text;
  const redacted = redactSecrets(window);
  const printable = redacted.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return printable.length > max || text.length > SCAN_LIMIT ? `${printable.slice(0, max)}…` : printable;
}
