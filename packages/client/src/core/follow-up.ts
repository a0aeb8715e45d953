import { BadRequestError, NotFoundError } from './errors.js';
import { type CallContext, type FetchResult, unwrap } from './unwrap.js';

/**
 * Sends a follow-up call (resume, cancel, delete) that a retry makes ambiguous: when an attempt that may have
 * reached the server (a 504, a dropped connection) is retried and the retry answers 400 "not pending" or 404,
 * the first attempt may have done the work. Then `reached()` reads the job and, if it is where the caller
 * wanted it, its answer is returned instead of the error. A first-attempt 400/404 is always the error.
 */
export async function followUp<T>(
  call: Promise<FetchResult<T>>,
  context: CallContext,
  retriedAfterUncertain: (response: Response) => boolean,
  reached: () => Promise<NonNullable<T> | undefined>,
): Promise<NonNullable<T>> {
  let response: Response | undefined;
  try {
    return await unwrap(
      call.then((result) => {
        response = result.response;
        return result;
      }),
      context,
    );
  } catch (error) {
    const ambiguous =
      (error instanceof BadRequestError || error instanceof NotFoundError) &&
      response !== undefined &&
      retriedAfterUncertain(response);
    if (!ambiguous) throw error;
    const outcome = await reached();
    if (outcome === undefined) throw error;
    return outcome;
  }
}
