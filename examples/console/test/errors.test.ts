// The error notice's words: each class of the client's errors says what happened and what to do, the most
// specific class first (a ResultLimitError is an ExportIncompleteError, but says why the export stopped).
import { AuthError, ExportIncompleteError, RateLimitError, ResultLimitError, ServerError } from '@audit-export/client';
import { describe, expect, it } from 'vitest';
import { describeError } from '../src/errors.js';

describe('describeError', () => {
  it('says when a 429 lets the reader try again', () => {
    const view = describeError(
      new RateLimitError('limited', { code: 'RATE_LIMITED', status: 429, retryAfterMs: 2500 }),
      1000,
    );
    expect(view).toMatchObject({ retryAt: 3500, code: 'RATE_LIMITED' });
    expect(view.title).toContain('wait 3 s');
  });

  it('tells a refused token from a missing permission', () => {
    expect(describeError(new AuthError('x', { code: 'AUTH', status: 401 })).title).toContain('expired');
    expect(describeError(new AuthError('x', { code: 'AUTH', status: 403 })).title).toContain('Access denied');
  });

  it('names the result limit, and what continues the window, before the generic incomplete export', () => {
    const limited = describeError(
      new ResultLimitError('stopped', { eventsDelivered: 10_000, limit: 10_000, reached: '2026-11-30T00:00:00Z' }),
    );
    expect(limited).toMatchObject({ code: 'RESULT_LIMIT_REACHED' });
    expect(limited.title).toContain('result limit (10,000 events a job)');
    expect(limited.action).toContain('Export by filters');
    const tied = describeError(
      new ResultLimitError('stopped', { eventsDelivered: 3, limit: 2, instant: '2026-11-30T00:00:00.001Z' }),
    );
    expect(tied.action).toContain('2026-11-30T00:00:00.001Z');
    const cut = describeError(new ExportIncompleteError('cut', { eventsDelivered: 5, bytesReceived: 1 }));
    expect(cut.title).toContain('changed');
  });

  it('falls back to the message for an error of no known class', () => {
    expect(describeError(new Error('boom'))).toEqual({ title: 'boom', action: 'Try again.', code: 'Error' });
    expect(describeError(new ServerError('x', { code: 'SERVER_ERROR', status: 503 })).title).toBe(
      'The API failed (503).',
    );
  });
});
