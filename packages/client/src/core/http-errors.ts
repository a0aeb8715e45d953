import {
  type AuditExportErrorFields,
  AuthError,
  BadRequestError,
  HttpError,
  NotFoundError,
  RateLimitError,
  ServerError,
} from './errors.js';
import { redactHeld } from './redactor.js';
import { parseRetryAfter } from './retry.js';

/** Longest API code or message kept in an error; cut only after redaction, so a cut never splits a token. */
const MAX_API_TEXT = 500;

/** Redacts every held credential form, then cuts to MAX_API_TEXT characters. */
function cleanApiText(text: string, secrets: readonly string[]): string {
  const clean = redactHeld(text, secrets);
  return clean.length > MAX_API_TEXT ? `${clean.slice(0, MAX_API_TEXT)}…` : clean;
}

/** Context of the call that failed, added to the error. */
export interface ErrorContext {
  method: string;
  path: string;
  jobId?: string | undefined;
  /** Credential values to scrub from anything the server echoed back. */
  secrets?: readonly string[];
}

/** Pulls `{apiCode, apiMessage}` out of a Spring-style body `{status, error, message, path}` or a Zoho body `{code, message}` (possibly wrapped in an array). */
export function readApiError(body: unknown): { apiCode?: string; apiMessage?: string } {
  if (typeof body === 'string') return body.trim() === '' ? {} : { apiMessage: body.trim() };
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  // Zoho wraps per-record errors in arrays: {"audit_log_export":[{"code":...}]} or {"data":[...]}.
  for (const value of Object.values(record)) {
    if (Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null && 'code' in value[0]) {
      return readApiError(value[0]);
    }
  }
  const out: { apiCode?: string; apiMessage?: string } = {};
  const code =
    typeof record.code === 'string' ? record.code : typeof record.error === 'string' ? record.error : undefined;
  if (code !== undefined) out.apiCode = code;
  if (typeof record.message === 'string') out.apiMessage = record.message;
  return out;
}

const hints: Record<number, string> = {
  400: 'The API rejected the request; check the arguments.',
  401: 'Authentication failed: the token is missing, expired or lacks a scope.',
  403: 'Permission denied: the account lacks the role or scope this call needs.',
  404: 'Not found: check the job id (jobs and results expire).',
  429: 'Rate limited: slow down or raise retry.maxRetryAfterMs.',
};

/** Builds the typed HttpError for a non-2xx response whose body was already read (`body` is JSON or text). */
export function httpErrorFromResponse(response: Response, body: unknown, context: ErrorContext): HttpError {
  const secrets = context.secrets ?? [];
  const api = readApiError(body);
  const status = response.status;
  const fields: Omit<AuditExportErrorFields, 'code'> = { status, method: context.method, path: context.path };
  if (context.jobId !== undefined) fields.jobId = context.jobId;
  if (api.apiCode !== undefined) fields.apiCode = cleanApiText(api.apiCode, secrets);
  if (api.apiMessage !== undefined) fields.apiMessage = cleanApiText(api.apiMessage, secrets);
  const detail = [fields.apiCode, fields.apiMessage].filter(Boolean).join(': ');
  const hint = hints[status] ?? (status >= 500 ? 'The server failed; retries were exhausted or not safe.' : '');
  const message = `${context.method} ${context.path} answered ${status}${detail ? ` (${detail})` : ''}. ${hint}`.trim();
  if (status === 401 || status === 403) return new AuthError(message, { ...fields, code: 'AUTH' });
  if (status === 404) return new NotFoundError(message, { ...fields, code: 'NOT_FOUND' });
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    return new RateLimitError(message, { ...fields, code: 'RATE_LIMITED', retryAfterMs });
  }
  if (status >= 500) return new ServerError(message, { ...fields, code: 'SERVER_ERROR' });
  if (status === 400) return new BadRequestError(message, { ...fields, code: 'BAD_REQUEST' });
  return new HttpError(message, { ...fields, code: 'HTTP_ERROR' });
}

/** Reads a failed response's body (bounded) and builds its typed error. */
export async function httpErrorFromFailedResponse(response: Response, context: ErrorContext): Promise<HttpError> {
  let body: unknown;
  try {
    const text = (await response.text()).slice(0, 64 * 1024);
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  } catch {
    body = undefined;
  }
  return httpErrorFromResponse(response, body, context);
}
