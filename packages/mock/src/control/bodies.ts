/**
 * Reading a control request's body by the control document's rules (generated into
 * `control-bodies.gen.ts`): `Content-Type: application/json` on every operation that takes a body,
 * even when it is empty (a cross-site page cannot send that without a preflight, which the control
 * API does not answer); at most `x-max-body-bytes` bytes, refused before they are buffered; one JSON
 * object whose fields match the operation's schema, unknown fields refused.
 */
import {
  type ControlBodies,
  type ControlBodyError,
  controlFacts,
  validateControlBodies,
} from '../generated/control-bodies.gen.js';
import { readBody } from '../http.js';
import type { MockRequest } from '../mock-request.js';

/** Largest control request body, in bytes (the document's `x-max-body-bytes`). */
export const MAX_CONTROL_BODY = controlFacts.maxBodyBytes;

/** A refused body: the status, the control API's error code and what to do, the field at fault. */
export interface BodyProblem {
  status: 400 | 413 | 415;
  code: 'MOCK_CONTROL_BODY_INVALID' | 'MOCK_CONTROL_BODY_TOO_LARGE' | 'MOCK_CONTROL_CONTENT_TYPE';
  message: string;
  field?: string;
}

/** An operation of the control API that takes a body. */
export type BodyOperation = keyof ControlBodies;

/** Whether `contentType` is `application/json` (parameters such as `charset` allowed). */
function isJson(contentType: string | null): boolean {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase() === 'application/json';
}

/** A schema error as a field name (a JSON Pointer below the body, without its leading slash) and a sentence. */
function describe(operation: BodyOperation, error: ControlBodyError): { field: string; message: string } {
  const at = error.instancePath
    .slice(operation.length + 2)
    .replaceAll('~1', '/')
    .replaceAll('~0', '~');
  const params = error.params;
  if (error.keyword === 'additionalProperties') {
    const field = at ? `${at}/${String(params.additionalProperty)}` : String(params.additionalProperty);
    return { field, message: `The body has a field ${JSON.stringify(field)}, which ${operation} does not take.` };
  }
  if (error.keyword === 'required') {
    const field = at ? `${at}/${String(params.missingProperty)}` : String(params.missingProperty);
    return { field, message: `${field} is required.` };
  }
  return { field: at, message: `${at || 'The body'} ${error.message ?? 'is invalid'}.` };
}

/** A control body read: the checked body, or why it was refused. */
export type BodyRead<K extends BodyOperation> =
  | { ok: true; body: ControlBodies[K] }
  | { ok: false; problem: BodyProblem };

/** The body of `operation`, checked; or why it is refused. */
export async function readControlBody<K extends BodyOperation>(
  request: MockRequest,
  operation: K,
): Promise<BodyRead<K>> {
  const refuse = (problem: BodyProblem): BodyRead<K> => ({ ok: false, problem });
  const type = request.headers.get('content-type');
  if (!isJson(type))
    return refuse({
      status: 415,
      code: 'MOCK_CONTROL_CONTENT_TYPE',
      message: `Send Content-Type: application/json with this request (with or without a body), got ${type === null ? 'none' : JSON.stringify(type)}.`,
    });
  const tooLarge: BodyProblem = {
    status: 413,
    code: 'MOCK_CONTROL_BODY_TOO_LARGE',
    message: `Control bodies are at most ${MAX_CONTROL_BODY} bytes.`,
  };
  // A declared length over the cap is refused unread; an undeclared one is read up to the cap.
  if (Number(request.headers.get('content-length') ?? 0) > MAX_CONTROL_BODY) return refuse(tooLarge);
  const text = await readBody(request, MAX_CONTROL_BODY);
  if (text === undefined) return refuse(tooLarge);
  let body: unknown;
  if (text.trim() === '') {
    if (controlFacts.operations[operation].required)
      return refuse({
        status: 400,
        code: 'MOCK_CONTROL_BODY_INVALID',
        message: `${operation} needs a JSON object body.`,
      });
    body = {};
  } else {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return refuse({
        status: 400,
        code: 'MOCK_CONTROL_BODY_INVALID',
        message: 'The body must be a JSON object, e.g. {"name":"slow-job"}.',
      });
  }
  if (validateControlBodies({ [operation]: body })) return { ok: true, body: body as ControlBodies[K] };
  const described = (validateControlBodies.errors ?? []).map((error) => describe(operation, error));
  return refuse({
    status: 400,
    code: 'MOCK_CONTROL_BODY_INVALID',
    message: described.map((d) => d.message).join(' ') || `The body does not match ${operation}'s schema.`,
    ...(described[0]?.field ? { field: described[0].field } : {}),
  });
}
