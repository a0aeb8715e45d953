// After an answer, the values it gives other operations: what the Arazzo workflows pass from step to
// step (a job id into the next call's path), and any link in the answer that is a URL of another
// operation on the same target (Zoho's download_links).
import type { ApiModel } from '../src/try-it/model.js';
import { fieldKey, matchPath } from './request.js';

/** The value a JSON pointer (`/audit_log_export/0/details/id`) names, or undefined. */
export function atPointer(value: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return value;
  return pointer
    .slice(1)
    .split('/')
    .map((token) => decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      value,
    );
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) strings(item, out);
  return out;
}

/** Field values per operationId that an answer of `from` gives, with `baseOf` the base URL of each operation on the target. */
export function fedValues(
  api: ApiModel,
  from: string,
  json: unknown,
  baseOf: (operationId: string) => string,
): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  const put = (operationId: string, values: Record<string, string>) =>
    out.set(operationId, { ...out.get(operationId), ...values });
  for (const feed of api.feeds.filter((candidate) => candidate.from === from)) {
    const value = atPointer(json, feed.pointer);
    const target = api.operations.find((operation) => operation.operationId === feed.to);
    const parameter = target?.parameters.find((candidate) => candidate.name === feed.parameter);
    if (target && parameter && (typeof value === 'string' || typeof value === 'number')) {
      put(target.operationId, { [fieldKey(parameter)]: String(value) });
    }
  }
  for (const text of strings(json).filter((candidate) => /^https?:\/\//.test(candidate))) {
    for (const operation of api.operations) {
      const values = matchPath(operation, baseOf(operation.operationId), text);
      if (values) put(operation.operationId, values);
    }
  }
  return out;
}
