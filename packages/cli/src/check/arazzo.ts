/**
 * A small Arazzo 1.0 runner for the spec's own workflows (spec/arazzo, embedded at build time): steps that call
 * an operation by id (or a whole URL with `x-operation`), parameters and JSON payloads with runtime expressions
 * (`$inputs.x`, `$steps.s.outputs.o`, `$response.body#/ptr`, `$statusCode`, `{…}` templates), success criteria
 * (simple conditions and regex), failure actions that retry (with criteria, `retryAfter`, `retryLimit`), and
 * outputs. Every response goes to `onResponse`, which validates it against the spec. The subset is what the
 * workflows use; anything else is reported as unsupported rather than skipped.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { ApiName } from '../apis.js';
import { type SpecNode, specDir, specOperations } from '../spec-facts.js';

/** An exchange the runner made. */
export interface Exchange {
  operationId: string | undefined;
  method: string;
  url: string;
  status: number;
  contentType: string | null;
  body: string;
}

/** How one workflow went. */
export interface WorkflowResult {
  workflowId: string;
  passed: boolean;
  /** Why it did not pass: the step and the criterion, or the error. */
  failure?: string;
  steps: number;
}

/** What the runner needs. */
export interface RunOptions {
  api: ApiName;
  /** The server each source description stands for, by name (`auditQuery`, `zoho`). */
  baseUrl: string;
  inputs: Record<string, string>;
  /** Sends a request (rate-limited, time-bounded by the caller). */
  send(request: Request): Promise<Response>;
  /** Sees every response (validation, job bookkeeping). */
  onResponse(exchange: Exchange): void;
  sleep(ms: number): Promise<void>;
}

const DOCUMENTS: Record<ApiName, string> = {
  'audit-query': 'audit-query-export.arazzo.yaml',
  zoho: 'zoho-export.arazzo.yaml',
};

/** The workflows document of an API, as embedded. */
export function arazzoDocument(api: ApiName): SpecNode {
  return parse(readFileSync(new URL(DOCUMENTS[api], specDir), 'utf8')) as SpecNode;
}

interface Context {
  inputs: Record<string, string>;
  steps: Record<string, Record<string, unknown>>;
  response?: { status: number; body: string; json: unknown; headers: Headers };
}

/** Runs every workflow of the API's document in order. */
export async function runWorkflows(options: RunOptions): Promise<WorkflowResult[]> {
  const doc = arazzoDocument(options.api);
  const components = (doc.components ?? {}) as SpecNode;
  const results: WorkflowResult[] = [];
  for (const workflow of (doc.workflows ?? []) as SpecNode[]) {
    const workflowId = String(workflow.workflowId);
    const context: Context = { inputs: options.inputs, steps: {} };
    let steps = 0;
    try {
      for (const step of (workflow.steps ?? []) as SpecNode[]) {
        steps++;
        const failure = await runStep(step, context, components, options);
        if (failure) {
          results.push({ workflowId, passed: false, failure: `step ${String(step.stepId)}: ${failure}`, steps });
          break;
        }
      }
      if (results.at(-1)?.workflowId !== workflowId) results.push({ workflowId, passed: true, steps });
    } catch (error) {
      results.push({ workflowId, passed: false, failure: (error as Error).message, steps });
    }
  }
  return results;
}

/** Runs one step with its retries; a description of the failure, or undefined when it passed. */
async function runStep(
  step: SpecNode,
  context: Context,
  components: SpecNode,
  options: RunOptions,
): Promise<string | undefined> {
  const retries = new Map<string, number>();
  for (;;) {
    const request = buildRequest(step, context, options);
    const response = await options.send(request.request);
    const body = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    context.response = { status: response.status, body, json, headers: response.headers };
    options.onResponse({
      operationId: request.operationId,
      method: request.request.method,
      url: request.request.url,
      status: response.status,
      contentType: response.headers.get('content-type'),
      body,
    });
    const unmet = ((step.successCriteria ?? []) as SpecNode[]).find((criterion) => !holds(criterion, context));
    if (!unmet) {
      const outputs: Record<string, unknown> = {};
      for (const [name, expression] of Object.entries((step.outputs ?? {}) as Record<string, string>)) {
        outputs[name] = evaluate(expression, context);
      }
      context.steps[String(step.stepId)] = outputs;
      return undefined;
    }
    const action = ((step.onFailure ?? []) as SpecNode[])
      .map((entry) => resolveAction(entry, components))
      .find((candidate) => ((candidate.criteria ?? []) as SpecNode[]).every((criterion) => holds(criterion, context)));
    const reason = `success criterion not met: ${String(unmet.condition)} (status ${response.status})`;
    if (!action) return reason;
    if (action.type === 'end') return reason;
    if (action.type !== 'retry') return `unsupported failure action ${String(action.type)}`;
    const name = String(action.name);
    const used = retries.get(name) ?? 0;
    if (used >= Number(action.retryLimit ?? 1)) return `${reason}, after ${used} retries`;
    retries.set(name, used + 1);
    await options.sleep(Number(action.retryAfter ?? 0) * 1000);
  }
}

function resolveAction(entry: SpecNode, components: SpecNode): SpecNode {
  if (typeof entry.reference !== 'string') return entry;
  const name = entry.reference.replace(/^\$components\.failureActions\./, '');
  const action = ((components.failureActions ?? {}) as Record<string, SpecNode>)[name];
  if (!action) throw new Error(`failure action ${entry.reference} is not in the document's components`);
  return action;
}

/** The HTTP request of a step. */
function buildRequest(
  step: SpecNode,
  context: Context,
  options: RunOptions,
): { request: Request; operationId: string | undefined } {
  const headers = new Headers();
  const query = new URLSearchParams();
  const pathParams: Record<string, string> = {};
  for (const parameter of (step.parameters ?? []) as SpecNode[]) {
    const value = String(evaluate(parameter.value, context) ?? '');
    if (parameter.in === 'header') headers.set(String(parameter.name), value);
    else if (parameter.in === 'query') query.append(String(parameter.name), value);
    else if (parameter.in === 'path') pathParams[String(parameter.name)] = value;
  }
  let url: string;
  let method: string;
  let operationId: string | undefined;
  if (step['x-operation']) {
    const target = step['x-operation'] as SpecNode;
    url = String(evaluate(target.url, context));
    method = String(target.method ?? 'get').toUpperCase();
    operationId = specOperations(options.api).find(
      (op) => op.method === method && op.pattern.test(new URL(url).pathname),
    )?.operationId;
  } else {
    operationId = String(step.operationId).split('.').at(-1) as string;
    const op = specOperations(options.api).find((candidate) => candidate.operationId === operationId);
    if (!op)
      throw new Error(`step ${String(step.stepId)} calls ${String(step.operationId)}, which the spec does not have`);
    method = op.method;
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(pathParams[name] ?? ''));
    url = `${options.baseUrl}${path}`;
  }
  const search = query.toString();
  if (search) url += `${url.includes('?') ? '&' : '?'}${search}`;
  let body: string | undefined;
  const requestBody = step.requestBody as SpecNode | undefined;
  if (requestBody) {
    body = JSON.stringify(substitute(requestBody.payload, context));
    headers.set('Content-Type', String(requestBody.contentType ?? 'application/json'));
  }
  return { request: new Request(url, { method, headers, ...(body === undefined ? {} : { body }) }), operationId };
}

/** A payload with every string that is a whole runtime expression replaced by its value. */
function substitute(value: unknown, context: Context): unknown {
  if (typeof value === 'string') return value.startsWith('$') ? evaluate(value, context) : value;
  if (Array.isArray(value)) return value.map((item) => substitute(item, context));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, context)]));
  }
  return value;
}

/** A runtime expression, a `{…}` template, or a literal. */
export function evaluate(value: unknown, context: Context): unknown {
  if (typeof value !== 'string') return value;
  if (!value.startsWith('$'))
    return value.replace(/\{(\$[^}]+)\}/g, (_, inner: string) => String(evaluate(inner, context) ?? ''));
  if (value === '$statusCode') return context.response?.status;
  let match = /^\$inputs\.([\w-]+)$/.exec(value);
  if (match) return context.inputs[match[1] as string];
  match = /^\$steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(value);
  if (match) return context.steps[match[1] as string]?.[match[2] as string];
  match = /^\$response\.body(#.*)?$/.exec(value);
  if (match) return match[1] ? pointer(context.response?.json, match[1].slice(1)) : context.response?.body;
  match = /^\$response\.header\.([\w-]+)$/.exec(value);
  if (match) return context.response?.headers.get(match[1] as string) ?? undefined;
  throw new Error(`unsupported runtime expression ${value}`);
}

function pointer(document: unknown, path: string): unknown {
  if (path === '' || path === '/') return document;
  return path
    .slice(1)
    .split('/')
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (at, part) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined),
      document,
    );
}

/** Whether a criterion holds: simple conditions (`a == b`, `!=`, `<`, `>`, `<=`, `>=`) and `type: regex`. */
function holds(criterion: SpecNode, context: Context): boolean {
  const condition = String(criterion.condition);
  const type = typeof criterion.type === 'string' ? criterion.type : (criterion.type as SpecNode | undefined)?.type;
  if (type === 'regex') return new RegExp(condition).test(String(evaluate(criterion.context, context) ?? ''));
  if (type !== undefined && type !== 'simple') throw new Error(`unsupported criterion type ${String(type)}`);
  const match = /^(.+?)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(condition);
  if (!match) return Boolean(evaluate(condition.trim(), context));
  const left = operand(match[1] as string, context);
  const right = operand(match[3] as string, context);
  switch (match[2]) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return Number(left) < Number(right);
    case '>':
      return Number(left) > Number(right);
    case '<=':
      return Number(left) <= Number(right);
    default:
      return Number(left) >= Number(right);
  }
}

function operand(text: string, context: Context): unknown {
  const value = text.trim();
  if (value.startsWith('$')) {
    const result = evaluate(value, context);
    return typeof result === 'string' && /^-?\d+(\.\d+)?$/.test(result) ? Number(result) : result;
  }
  if (/^'.*'$/.test(value)) return value.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  if (value === 'null') return null;
  return value;
}
