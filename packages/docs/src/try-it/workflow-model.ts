import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { DocsBuildError } from '../errors.js';
import type {
  ApiModel,
  CriterionModel,
  FailureActionModel,
  FeedModel,
  StepModel,
  WorkflowInputModel,
  WorkflowModel,
} from './model.js';

// biome-ignore lint/suspicious/noExplicitAny: Arazzo documents are walked generically.
type Node = Record<string, any>;

/** The Arazzo documents of a folder (`*.arazzo.yaml`), parsed; none when the folder does not exist. */
export function readArazzoFiles(dir: string): { file: string; document: Node }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.arazzo.yaml') || name.endsWith('.arazzo.yml'))
    .sort()
    .map((name) => {
      const file = join(dir, name);
      try {
        return { file, document: parse(readFileSync(file, 'utf8')) as Node };
      } catch (error) {
        throw new DocsBuildError('ARAZZO_INVALID', `Cannot read ${file}: ${(error as Error).message}`, { file });
      }
    });
}

/** The workflows of the Arazzo documents, each step tied to an operation of an API the site documents. */
export function buildWorkflowModels(
  files: { file: string; document: Node }[],
  apis: readonly ApiModel[],
): WorkflowModel[] {
  return files.flatMap(({ file, document }) => {
    const sources = sourceApis(file, document, apis);
    const actions = (document.components?.failureActions ?? {}) as Node;
    return ((document.workflows ?? []) as Node[]).map((workflow) => {
      const steps = ((workflow.steps ?? []) as Node[]).map((step) => stepModel(file, step, sources, actions));
      const apiId = [
        ...new Set(steps.flatMap((step) => (step.operationId ? [sourceOf(step.operationId, sources)] : []))),
      ];
      if (apiId.length !== 1 || apiId[0] === undefined) {
        throw new DocsBuildError('ARAZZO_INVALID', `${file} ${workflow.workflowId}: its steps must call one API.`, {
          file,
        });
      }
      const api = apis.find((candidate) => candidate.id === apiId[0]) as ApiModel;
      return {
        apiId: api.id,
        workflowId: String(workflow.workflowId),
        title: String(document.info?.title ?? workflow.workflowId),
        summary: String(workflow.summary ?? ''),
        inputs: inputModels(workflow, steps, api),
        steps: steps.map((step) => ({ ...step, operationId: step.operationId?.split('.').pop() as string })),
      };
    });
  });
}

/** Values one operation's answer gives another's parameter, as the workflows pass them (`$steps.x.outputs.y`). */
export function feedsOf(workflows: readonly WorkflowModel[], apiId: string): FeedModel[] {
  const feeds = new Map<string, FeedModel>();
  for (const workflow of workflows.filter((candidate) => candidate.apiId === apiId)) {
    for (const step of workflow.steps) {
      for (const parameter of step.parameters) {
        const match =
          typeof parameter.value === 'string' && /^\$steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(parameter.value);
        if (!match || !step.operationId) continue;
        const source = workflow.steps.find((candidate) => candidate.stepId === match[1]);
        const pointer = /^\$response\.body#(\/.*)$/.exec(source?.outputs[match[2] as string] ?? '')?.[1];
        if (!source?.operationId || pointer === undefined) continue;
        const feed = { from: source.operationId, pointer, to: step.operationId, parameter: parameter.name };
        feeds.set(JSON.stringify(feed), feed);
      }
    }
  }
  return [...feeds.values()];
}

/** Source description name → API id (`../dist/zoho.json` → `zoho`). */
function sourceApis(file: string, document: Node, apis: readonly ApiModel[]): Map<string, string> {
  const sources = new Map<string, string>();
  for (const source of (document.sourceDescriptions ?? []) as Node[]) {
    const id = basename(String(source.url ?? ''), '.json');
    if (!apis.some((api) => api.id === id)) {
      throw new DocsBuildError(
        'ARAZZO_INVALID',
        `${file}: source ${source.name} (${source.url}) is no API of spec/dist.`,
        {
          file,
        },
      );
    }
    sources.set(String(source.name), id);
  }
  return sources;
}

function sourceOf(operationId: string, sources: Map<string, string>): string | undefined {
  const match = /^\$sourceDescriptions\.([\w-]+)\.([\w-]+)$/.exec(operationId);
  return match ? sources.get(match[1] as string) : [...sources.values()][0];
}

function stepModel(file: string, step: Node, sources: Map<string, string>, actions: Node): StepModel {
  const where = { file, step: String(step.stepId) };
  const operationId = typeof step.operationId === 'string' ? step.operationId : undefined;
  const xOperation = step['x-operation'] as Node | undefined;
  if (!operationId && !xOperation?.url) {
    throw new DocsBuildError(
      'ARAZZO_INVALID',
      `${file} step ${step.stepId}: no operationId and no x-operation.url.`,
      where,
    );
  }
  if (operationId && sourceOf(operationId, sources) === undefined) {
    throw new DocsBuildError('ARAZZO_INVALID', `${file} step ${step.stepId}: ${operationId} names no source.`, where);
  }
  return {
    stepId: String(step.stepId),
    description: String(step.description ?? ''),
    ...(operationId ? { operationId } : { url: String(xOperation?.url) }),
    method: String(xOperation?.method ?? 'get').toLowerCase(),
    parameters: ((step.parameters ?? []) as Node[]).map((parameter) => ({
      name: String(parameter.name),
      in: String(parameter.in),
      value: parameter.value,
    })),
    ...(step.requestBody
      ? {
          body: {
            contentType: String(step.requestBody.contentType ?? 'application/json'),
            payload: step.requestBody.payload,
          },
        }
      : {}),
    successCriteria: ((step.successCriteria ?? []) as Node[]).map(criterion),
    onFailure: ((step.onFailure ?? []) as Node[]).map((action) => failureAction(file, action, actions)),
    outputs: Object.fromEntries(
      Object.entries((step.outputs ?? {}) as Node).map(([key, value]) => [key, String(value)]),
    ),
  };
}

function criterion(node: Node): CriterionModel {
  return {
    condition: String(node.condition),
    ...(node.context ? { context: String(node.context) } : {}),
    type: node.type === 'regex' ? 'regex' : 'simple',
  };
}

function failureAction(file: string, node: Node, actions: Node): FailureActionModel {
  const reference = /^\$components\.failureActions\.([\w-]+)$/.exec(String(node.reference ?? ''))?.[1];
  const action = reference === undefined ? node : actions[reference];
  if (!action) throw new DocsBuildError('ARAZZO_INVALID', `${file}: no failure action ${node.reference}.`, { file });
  return {
    name: String(action.name),
    type: action.type === 'goto' || action.type === 'end' ? action.type : 'retry',
    retryAfter: Number(action.retryAfter ?? 0),
    retryLimit: Number(action.retryLimit ?? 0),
    criteria: ((action.criteria ?? []) as Node[]).map(criterion),
  };
}

/**
 * Each input starts with the example of what it feeds: the spec example of the parameter it fills, or
 * the value at the same place of the operation's first body example; else a value its description
 * names in backquotes (`fail-job`). Credentials start empty: the reader mints or pastes them.
 */
function inputModels(workflow: Node, steps: StepModel[], api: ApiModel): WorkflowInputModel[] {
  const schema = (workflow.inputs ?? {}) as Node;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries((schema.properties ?? {}) as Node).map(([name, property]) => {
    const secret = property.format === 'password';
    const description = String(property.description ?? '');
    const example = secret ? '' : (exampleOf(name, steps, api) ?? /`([^`]+)`/.exec(description)?.[1] ?? '');
    return { name, description, required: required.has(name), secret, example };
  });
}

function exampleOf(input: string, steps: StepModel[], api: ApiModel): string | undefined {
  const reference = `$inputs.${input}`;
  for (const step of steps) {
    const operation = api.operations.find((candidate) => candidate.operationId === step.operationId?.split('.').pop());
    if (!operation) continue;
    const parameter = step.parameters.find((candidate) => candidate.value === reference);
    const fed = parameter && operation.parameters.find((candidate) => candidate.name === parameter.name);
    if (fed?.example) return fed.example;
    const path = step.body ? pathTo(step.body.payload, reference) : undefined;
    const example = operation.body?.examples[0];
    if (path && example) {
      const value = path.reduce<unknown>((node, key) => (node as Node | undefined)?.[key], JSON.parse(example.value));
      if (typeof value === 'string' || typeof value === 'number') return String(value);
    }
  }
  return undefined;
}

/** The keys leading to `value` inside `node`, or undefined. */
function pathTo(node: unknown, value: string): (string | number)[] | undefined {
  if (node === value) return [];
  if (node === null || typeof node !== 'object') return undefined;
  for (const [key, child] of Object.entries(node)) {
    const rest = pathTo(child, value);
    if (rest) return [Array.isArray(node) ? Number(key) : key, ...rest];
  }
  return undefined;
}
