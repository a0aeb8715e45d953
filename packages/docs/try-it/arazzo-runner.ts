// Runs an Arazzo workflow step by step against a target: runtime expressions ($inputs, $steps,
// $statusCode, $response.body#/…), success criteria (simple and regex), retry actions, outputs.
// Every answer is read and checked against the operation's declared responses as in the panel.
import type { CriterionModel, OperationModel, StepModel, WorkflowModel } from '../src/try-it/model.js';
import { type Answer, readAnswer } from './answer.js';
import { TryItError } from './errors.js';
import { atPointer } from './feeds.js';
import type { PreparedRequest } from './request.js';
import { matchPath } from './request.js';
import { baseUrlFor, type Target } from './targets.js';
import type { ApiModule } from './validators.js';

/** What expressions read: the inputs, the outputs of the steps so far, and the answer at hand. */
export interface RunState {
  inputs: Record<string, string>;
  outputs: Record<string, Record<string, unknown>>;
  answer?: Answer;
}

/** Evaluates one runtime expression (`$statusCode`, `$inputs.x`, `$steps.s.outputs.o`, `$response.body#/p`, `$response.header.h`). */
export function evaluate(expression: string, state: RunState): unknown {
  if (expression === '$statusCode') return state.answer?.status;
  const input = /^\$inputs\.([\w-]+)$/.exec(expression);
  if (input) return state.inputs[input[1] as string];
  const output = /^\$steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
  if (output) return state.outputs[output[1] as string]?.[output[2] as string];
  const body = /^\$response\.body(?:#(.*))?$/.exec(expression);
  if (body) return atPointer(state.answer?.json, body[1] ?? '');
  const header = /^\$response\.header\.([\w-]+)$/.exec(expression);
  if (header) return state.answer?.headers.find(([name]) => name.toLowerCase() === header[1]?.toLowerCase())?.[1];
  throw new TryItError('WORKFLOW_FAILED', `The walkthrough cannot evaluate ${expression}.`, { expression });
}

/** A parameter or payload value: an expression, a string with `{$…}` parts, or a literal (objects walked). */
export function interpolate(value: unknown, state: RunState): unknown {
  if (typeof value === 'string') {
    if (/^\$[a-zA-Z]/.test(value) && !/\s/.test(value)) return evaluate(value, state);
    return value.replace(/\{(\$[^}]+)\}/g, (_, expression: string) => String(evaluate(expression, state) ?? ''));
  }
  if (Array.isArray(value)) return value.map((item) => interpolate(item, state));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolate(item, state)]));
  }
  return value;
}

function literal(text: string): unknown {
  const trimmed = text.trim();
  if (/^'.*'$/.test(trimmed)) return trimmed.slice(1, -1);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  if (trimmed === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  return trimmed;
}

/** Whether a criterion holds for the answer at hand. */
export function holds(criterion: CriterionModel, state: RunState): boolean {
  if (criterion.type === 'regex') {
    return new RegExp(criterion.condition).test(String(evaluate(criterion.context ?? '$response.body', state) ?? ''));
  }
  const match = /^\s*(\$\S+)\s*(==|!=|<=|>=|<|>)\s*(.+?)\s*$/.exec(criterion.condition);
  if (!match)
    throw new TryItError('WORKFLOW_FAILED', `The walkthrough cannot read the condition ${criterion.condition}.`);
  const left = evaluate(match[1] as string, state);
  const right = literal(match[3] as string);
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

/** The job state a step watches: the body value its criteria compare (`…/status`), if any. */
export function watchedState(step: StepModel, state: RunState): string | undefined {
  for (const criterion of step.successCriteria) {
    const expression = criterion.context ?? /^\s*(\$response\.body#\S*status)\b/.exec(criterion.condition)?.[1];
    if (expression?.startsWith('$response.body#') && /status$/i.test(expression)) {
      const value = evaluate(expression, state);
      if (typeof value === 'string') return value;
    }
  }
  return undefined;
}

/** What the walkthrough shows of one attempt at a step. */
export interface StepReport {
  step: StepModel;
  attempt: number;
  /** The request as sent, its credentials shown as the expressions they came from. */
  request: PreparedRequest;
  answer?: Answer;
  state?: string;
  outcome: 'passed' | 'retry' | 'failed';
  note: string;
}

/** What a run needs from the page. */
export interface RunOptions {
  target: Target;
  inputs: Record<string, string>;
  /** Names of inputs that are credentials: values that go only in headers, shown as their expression. */
  secrets: ReadonlySet<string>;
  /** Extra headers for every request (the mock scenario). */
  headers: Record<string, string>;
  send(request: PreparedRequest, secretHeaders: Record<string, string>): Promise<Response>;
  onReport(report: StepReport): void;
  onLines?(step: StepModel, count: number): void;
  sleep(ms: number): Promise<void>;
}

/** Builds a step's request; credentials (headers naming a secret input) go apart. */
function stepRequest(step: StepModel, api: ApiModule, options: RunOptions, state: RunState) {
  const operation = api.model.operations.find((candidate) => candidate.operationId === step.operationId);
  const headers: Record<string, string> = { ...options.headers };
  const secretHeaders: Record<string, string> = {};
  const shown: Record<string, string> = {};
  const query = new URLSearchParams();
  let url: string;
  let checkedAs: OperationModel | undefined = operation;
  if (operation) {
    let path = operation.path;
    for (const parameter of step.parameters) {
      const value = String(interpolate(parameter.value, state) ?? '');
      if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(value));
      else if (parameter.in === 'query') query.append(parameter.name, value);
    }
    const search = query.toString();
    url = `${baseUrlFor(options.target, operation)}${path}${search ? `?${search}` : ''}`;
  } else {
    url = String(interpolate(step.url, state) ?? '');
    // A whole URL from an earlier answer: checked as the operation whose path it matches.
    checkedAs = api.model.operations.find((candidate) =>
      matchPath(candidate, baseUrlFor(options.target, candidate), url),
    );
  }
  const origin = new URL(url, window.location.href).origin;
  for (const parameter of step.parameters.filter((candidate) => candidate.in === 'header')) {
    const raw = String(parameter.value);
    const value = String(interpolate(parameter.value, state) ?? '');
    if ([...options.secrets].some((name) => raw.includes(`$inputs.${name}`))) {
      if (origin !== new URL(options.target.root).origin) {
        throw new TryItError(
          'WORKFLOW_FAILED',
          `Step ${step.stepId} would send a credential to ${origin}, which is not the chosen target; the walkthrough stops instead.`,
          { origin },
        );
      }
      secretHeaders[parameter.name] = value;
      shown[parameter.name] = raw;
    } else if (value !== '') headers[parameter.name] = value;
  }
  const request: PreparedRequest = { method: (operation?.method ?? step.method).toUpperCase(), url, headers };
  if (step.body) {
    headers['Content-Type'] = step.body.contentType;
    request.body = JSON.stringify(interpolate(step.body.payload, state));
  }
  return { request, secretHeaders, shownRequest: { ...request, headers: { ...headers, ...shown } }, checkedAs };
}

/** Runs the workflow; resolves with whether every step passed and the last step's note. */
export async function runWorkflow(
  workflow: WorkflowModel,
  api: ApiModule,
  options: RunOptions,
): Promise<{ ok: boolean; note: string }> {
  const state: RunState = { inputs: options.inputs, outputs: {} };
  for (const step of workflow.steps) {
    const retries = new Map<string, number>();
    for (let attempt = 1; ; attempt++) {
      const { request, secretHeaders, shownRequest, checkedAs } = stepRequest(step, api, options, state);
      const response = await options.send(request, secretHeaders);
      const answer = checkedAs
        ? await readAnswer(response, checkedAs, api.validators, (count) => options.onLines?.(step, count))
        : await readAnswer(response, { operationId: step.stepId, responses: [] }, api.validators);
      state.answer = answer;
      const report = { step, attempt, request: shownRequest, answer, ...optionalState(watchedState(step, state)) };
      if (step.successCriteria.every((criterion) => holds(criterion, state))) {
        state.outputs[step.stepId] = Object.fromEntries(
          Object.entries(step.outputs).map(([key, expression]) => [key, evaluate(expression, state)]),
        );
        options.onReport({ ...report, outcome: 'passed', note: `${step.stepId}: passed` });
        break;
      }
      const action = step.onFailure.find((candidate) =>
        candidate.criteria.every((criterion) => holds(criterion, state)),
      );
      const used = retries.get(action?.name ?? '') ?? 0;
      if (action?.type === 'retry' && used < action.retryLimit) {
        retries.set(action.name, used + 1);
        options.onReport({
          ...report,
          outcome: 'retry',
          note: `${step.stepId}: not yet (${action.name}), again in ${action.retryAfter} s`,
        });
        await options.sleep(action.retryAfter * 1000);
        continue;
      }
      const note = `${step.stepId}: its success criteria did not hold (${step.successCriteria.map((c) => c.condition).join('; ')}) after ${attempt} attempt${attempt === 1 ? '' : 's'}.`;
      options.onReport({ ...report, outcome: 'failed', note });
      return { ok: false, note };
    }
  }
  return { ok: true, note: `${workflow.workflowId} completed.` };
}

function optionalState(state: string | undefined): { state?: string } {
  return state === undefined ? {} : { state };
}
