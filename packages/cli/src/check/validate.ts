/**
 * Holds one response against the spec: is the status declared for the operation, is the media type one it
 * declares, and does the body match the schema (JSON), or does every line match `x-jsonl-item-schema` (JSON
 * Lines)? Each deviation names the operation, the status, the JSON pointer into the body and the rule broken.
 * Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) does the schema work; formats are annotations here.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { ApiName } from '../apis.js';
import { resolveRef, type SpecNode, specDocument, specOperations } from '../spec-facts.js';

/** One way a response departs from the spec. */
export interface Deviation {
  operation: string;
  status: number;
  /** JSON pointer into the body (for JSON Lines: `/<line index>/…`); empty for the whole answer. */
  pointer: string;
  /** The rule: a JSON Schema keyword (`required`, `enum`, `type`…), `status`, `content-type` or `json`. */
  rule: string;
  message: string;
}

const validators = new Map<string, ValidateFunction>();

function compile(api: ApiName, schema: SpecNode, key: string): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, logger: false });
    validate = ajv.compile({ ...schema, components: specDocument(api).components });
    validators.set(key, validate);
  }
  return validate;
}

/** The deviations of one answer to `operationId` (empty when it keeps the contract). */
export function validateResponse(
  api: ApiName,
  operationId: string,
  status: number,
  contentType: string | null,
  body: string,
): Deviation[] {
  const op = specOperations(api).find((candidate) => candidate.operationId === operationId);
  if (!op)
    return [
      { operation: operationId, status, pointer: '', rule: 'operation', message: 'not an operation of the spec' },
    ];
  const responses = (op.node.responses ?? {}) as Record<string, unknown>;
  const declared =
    responses[String(status)] ??
    responses[`${String(status)[0]}XX`] ??
    responses[`${String(status)[0]}xx`] ??
    responses.default;
  const deviation = (pointer: string, rule: string, message: string): Deviation => ({
    operation: operationId,
    status,
    pointer,
    rule,
    message,
  });
  if (!declared) {
    return [
      deviation('', 'status', `status ${status} is not declared (declared: ${Object.keys(responses).join(', ')})`),
    ];
  }
  const response = resolveRef(api, declared);
  const content = (response.content ?? {}) as Record<string, SpecNode>;
  const mediaTypes = Object.keys(content);
  if (mediaTypes.length === 0) return [];
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const mediaType = mediaTypes.find((candidate) => candidate.toLowerCase() === type);
  if (!mediaType) {
    return [
      deviation(
        '',
        'content-type',
        `content type "${contentType ?? ''}" is not declared (declared: ${mediaTypes.join(', ')})`,
      ),
    ];
  }
  const media = content[mediaType] as SpecNode;
  const key = `${api} ${operationId} ${status} ${mediaType}`;
  if (/jsonl|ndjson/.test(mediaType)) {
    const item = media['x-jsonl-item-schema'] as SpecNode | undefined;
    if (!item) return [];
    const validate = compile(api, item, key);
    const out: Deviation[] = [];
    body.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        out.push(deviation(`/${index}`, 'json', `line ${index + 1} is not JSON`));
        return;
      }
      if (!validate(value))
        for (const e of validate.errors ?? [])
          out.push(deviation(`/${index}${pointerOf(e)}`, e.keyword, e.message ?? e.keyword));
    });
    return out;
  }
  if (!/json/.test(mediaType) || !media.schema) return [];
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [deviation('', 'json', `the ${mediaType} body is not JSON`)];
  }
  const validate = compile(api, media.schema as SpecNode, key);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => deviation(pointerOf(e), e.keyword, e.message ?? e.keyword));
}

/** Where the error is: a missing or extra property is named in the pointer itself. */
function pointerOf(error: { instancePath: string; params: Record<string, unknown> }): string {
  const name = error.params.missingProperty ?? error.params.additionalProperty ?? error.params.unevaluatedProperty;
  return typeof name === 'string'
    ? `${error.instancePath}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`
    : error.instancePath;
}
