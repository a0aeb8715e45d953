import { raceAbort } from './abort.js';
import { toAbortError } from './clock.js';
import { AuditExportError, UnexpectedResponseError } from './errors.js';
import { httpErrorFromResponse } from './http-errors.js';

/** What openapi-fetch resolves to. */
export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Context for turning a failed openapi-fetch call into a typed error. */
export interface CallContext {
  method: string;
  path: string;
  jobId?: string | undefined;
  signal?: AbortSignal | undefined;
  secrets: () => readonly string[];
}

/** Awaits an openapi-fetch call and returns its data, or throws the typed error for a non-2xx, a bad body or an abort. */
export async function unwrap<T>(call: Promise<FetchResult<T>>, context: CallContext): Promise<NonNullable<T>> {
  const fields = { method: context.method, path: context.path, jobId: context.jobId };
  const result = await settle(call, context);
  if (!result.response.ok || result.error !== undefined) {
    throw httpErrorFromResponse(result.response, result.error, { ...fields, secrets: context.secrets() });
  }
  if (result.data === undefined || result.data === null) {
    throw new UnexpectedResponseError(
      `${context.method} ${context.path} answered ${result.response.status} without a body.`,
      {
        code: 'BAD_RESPONSE',
        status: result.response.status,
        ...withoutUndefined(fields),
      },
    );
  }
  return result.data as NonNullable<T>;
}

/**
 * Awaits an openapi-fetch call, whatever its status, for a caller that reads an error answer itself. What it
 * throws is typed: the caller's AbortError, the transport's errors, or BAD_RESPONSE for a body that is not JSON.
 */
export async function settle<T>(call: Promise<FetchResult<T>>, context: CallContext): Promise<FetchResult<T>> {
  const fields = { method: context.method, path: context.path, jobId: context.jobId };
  try {
    return await raceAbort(call, context.signal, fields);
  } catch (error) {
    if (error instanceof AuditExportError) throw error;
    if (context.signal?.aborted) throw toAbortError(context.signal.reason, fields);
    if (error instanceof SyntaxError) {
      throw new UnexpectedResponseError(`${context.method} ${context.path} answered a body that is not valid JSON.`, {
        code: 'BAD_RESPONSE',
        ...withoutUndefined(fields),
        cause: error,
      });
    }
    throw error;
  }
}

/** Drops undefined fields (exactOptionalPropertyTypes forbids passing them explicitly). */
export function withoutUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
