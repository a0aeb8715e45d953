// Turns the panel's fields into a request: each value checked against its schema first (a value the
// spec refuses is named with the reason, as the client does), then placed in path, query or header.

import type { OperationModel, ParameterModel } from '../src/try-it/model.js';
import { TryItError } from './errors.js';
import { check, type Validator } from './validators.js';

/** Field key of a parameter (`query:tenantId`). */
export function fieldKey(parameter: Pick<ParameterModel, 'in' | 'name'>): string {
  return `${parameter.in}:${parameter.name}`;
}

/** A request ready for fetch; `headers` holds no credential (they are added at send time). */
export interface PreparedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** One refused value: which field, and why. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The text of a field as the JSON type its schema wants. */
export function coerce(text: string, type: ParameterModel['type']): unknown {
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text.trim()))
    return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** Every problem with the values (required, schema) and the body (JSON, schema); empty when all fit. */
export function checkValues(
  operation: OperationModel,
  values: Record<string, string>,
  validators: Record<string, Validator>,
  bodyText?: string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const parameter of operation.parameters) {
    const key = fieldKey(parameter);
    const text = values[key] ?? '';
    if (text === '') {
      if (parameter.required) problems.push({ field: key, message: `${parameter.name} is required.` });
      continue;
    }
    for (const reason of check(validators, parameter.validator, coerce(text, parameter.type))) {
      problems.push({ field: key, message: `${parameter.name}: ${reason.replace(/^\(the value\) /, '')}.` });
    }
  }
  if (operation.body && bodyText !== undefined && bodyText.trim() !== '') {
    let body: unknown;
    try {
      body = JSON.parse(bodyText);
    } catch (error) {
      problems.push({ field: 'body', message: `The body is not JSON: ${(error as Error).message}.` });
      return problems;
    }
    for (const reason of check(validators, operation.body.validator, body)) {
      problems.push({ field: 'body', message: `Body ${reason}.` });
    }
  } else if (operation.body?.required) {
    problems.push({ field: 'body', message: 'The body is required.' });
  }
  return problems;
}

/** Fills the path template, query and headers; refuses (VALUE_REFUSED) when a value does not fit the spec. */
export function prepareRequest(
  operation: OperationModel,
  base: string,
  values: Record<string, string>,
  validators: Record<string, Validator>,
  options: { bodyText?: string; accept?: string; unchecked?: boolean } = {},
): PreparedRequest {
  // Unchecked: the snippets show the call as typed, even while a value is still refused.
  const problems = options.unchecked ? [] : checkValues(operation, values, validators, options.bodyText);
  if (problems.length > 0) {
    throw new TryItError('VALUE_REFUSED', problems.map((problem) => problem.message).join(' '), {
      fields: problems.map((problem) => problem.field).join(','),
    });
  }
  let path = operation.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const parameter of operation.parameters) {
    const text = values[fieldKey(parameter)] ?? '';
    if (text === '') continue;
    if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(text));
    else if (parameter.in === 'query') query.append(parameter.name, text);
    else headers[parameter.name] = text;
  }
  if (options.accept) headers.Accept = options.accept;
  const search = query.toString();
  const request: PreparedRequest = {
    method: operation.method.toUpperCase(),
    url: `${base}${path}${search ? `?${search}` : ''}`,
    headers,
  };
  if (operation.body && options.bodyText?.trim()) {
    headers['Content-Type'] = operation.body.contentType;
    request.body = options.bodyText;
  }
  return request;
}

/**
 * Reads the parameters of an operation back from a URL (a `download_links` entry): the path below
 * `base` matched against the operation's template. Undefined when it does not match.
 */
export function matchPath(operation: OperationModel, base: string, url: string): Record<string, string> | undefined {
  if (!url.startsWith(`${base}/`)) return undefined;
  const rest = url.slice(base.length).split(/[?#]/, 1)[0] as string;
  const names: string[] = [];
  const pattern = operation.path
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\\?\{([^}]+)\\?\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
  const match = new RegExp(`^${pattern}$`).exec(rest);
  if (!match) return undefined;
  return Object.fromEntries(
    names.map((name, index) => [`path:${name}`, decodeURIComponent(match[index + 1] as string)]),
  );
}
