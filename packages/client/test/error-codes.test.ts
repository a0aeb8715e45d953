// The error codes are one typed list (src/core/error-codes.ts): the README's table, the classes and the restart
// policy of downloads are held against it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AbortError as EventsAbortError, JsonlParseError } from '@audit-export/events';
import { documentedMembers, errorCodeTable, tableStartingWith } from '@audit-export/testkit';
import { describe, expect, it } from 'vitest';
import { classifyDownloadFailure } from '../src/core/download-policy.js';
import * as client from '../src/index.js';

const codesFile = fileURLToPath(new URL('../src/core/error-codes.ts', import.meta.url));
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const codes = documentedMembers(codesFile, 'AuditExportErrorCodes');

/** A FileVerificationError (or LimitExceededError) with `code`. */
function fileError(code: client.FileVerificationError['code']) {
  return new client.FileVerificationError('test', { code });
}

describe('error codes', () => {
  it('the README lists every code with its class and meaning, and no other', () => {
    const table = errorCodeTable(codesFile, 'AuditExportErrorCodes');
    expect(tableStartingWith(readme, '| code | error | meaning |')).toBe(table);
  });

  it('names a class this package exports, of its one error hierarchy', () => {
    const exported = client as unknown as Record<string, unknown>;
    for (const { name, type } of codes) {
      const found = exported[type.replace(/'/g, '')];
      expect(typeof found, `${name}: ${type}`).toBe('function');
      expect((found as { prototype: object }).prototype, `${name}: ${type}`).toBeInstanceOf(client.AuditExportError);
    }
  });
});

describe('the restart policy of downloads', () => {
  it.each([
    ['a body that broke off', new client.NetworkError('cut', { code: 'NETWORK' }), 'transient'],
    [
      'a JSON line cut short',
      new JsonlParseError('TRUNCATED', 'cut', { line: 3, byteOffset: 9, excerpt: '' }),
      'transient',
    ],
    ['a ZIP cut short', fileError('ZIP_TRUNCATED'), 'transient'],
    ['a 503 after the retries', new client.ServerError('503', { code: 'SERVER_ERROR', status: 503 }), 'transient'],
    ['a 429 after the retries', new client.RateLimitError('429', { code: 'RATE_LIMITED', status: 429 }), 'transient'],
    ['a CRC mismatch', fileError('ZIP_CRC_MISMATCH'), 'corrupt'],
    ['damaged deflate data', fileError('ZIP_CORRUPT'), 'corrupt'],
    ['a login page instead of a CSV', fileError('UNEXPECTED_CSV_HEADER'), 'corrupt'],
    ['an encrypted ZIP', fileError('ZIP_UNSUPPORTED'), 'fatal'],
    [
      'a field over its limit',
      new client.LimitExceededError('big', { code: 'FIELD_TOO_LARGE', option: 'maxFieldBytes', limit: 1 }),
      'fatal',
    ],
    ['a bad JSON line', new JsonlParseError('MALFORMED_JSON', 'bad', { line: 1, byteOffset: 0, excerpt: '' }), 'fatal'],
    ['a 404', new client.NotFoundError('gone', { code: 'NOT_FOUND', status: 404 }), 'fatal'],
    ['an abort', new client.AbortError('stop'), 'fatal'],
    ["the parser's abort", new EventsAbortError('stop'), 'fatal'],
    // Codes are trusted only on this package's and the parser's errors: fflate's "unexpected EOF" never reaches
    // the policy (the ZIP reader wraps it as ZIP_CORRUPT, see files.test.ts), nor does a runtime's TypeError
    // (readBody wraps it as NETWORK), so one that does is a bug to surface, not a reason to download again.
    ['an error without a code of ours', new Error('unexpected EOF'), 'fatal'],
    [
      'a foreign error with a code that looks like ours',
      Object.assign(new TypeError('x'), { code: 'NETWORK' }),
      'fatal',
    ],
  ])('%s is %s', (_, error, verdict) => {
    expect(classifyDownloadFailure(error)).toBe(verdict);
  });
});
