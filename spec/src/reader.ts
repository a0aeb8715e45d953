/**
 * The one way to read a built document: load it, resolve its local `$ref`s, walk its operations.
 * Generators, tools and tests use these instead of their own copies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ApiId, apiIds } from './ids.js';

/** An OpenAPI document or any node inside it, walked generically. */
// biome-ignore lint/suspicious/noExplicitAny: OpenAPI documents are walked generically.
export type SpecNode = Record<string, any>;

/** The HTTP methods a path item may hold, in the order operations are listed. */
export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** One of `httpMethods`. */
export type HttpMethod = (typeof httpMethods)[number];

/** The built output of this package (`dist/`), where `loadDocument` reads by default. */
export const specDistDir: string = fileURLToPath(new URL('../dist/', import.meta.url));

/** A document, file or `$ref` could not be read as the spec promises; `code` says which. */
export class SpecReadError extends Error {
  override readonly name = 'SpecReadError';
  constructor(
    readonly code:
      | 'SPEC_UNKNOWN_API'
      | 'SPEC_FILE_UNREADABLE'
      | 'SPEC_REF_UNRESOLVED'
      | 'SPEC_REF_EXTERNAL'
      | 'SPEC_EXTENSION_INVALID',
    message: string,
    /** The file or `$ref` concerned. */
    readonly where: string,
  ) {
    super(message);
  }
}

/** Reads a JSON file of a spec/dist-shaped directory (default: this package's `dist/`). */
export function readSpecJson(file: string, dir: string = specDistDir): SpecNode {
  const path = join(dir, file);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SpecNode;
  } catch (error) {
    throw new SpecReadError(
      'SPEC_FILE_UNREADABLE',
      `Cannot read ${path} (${(error as Error).message}); build the spec first: pnpm --filter @audit-export/spec build`,
      path,
    );
  }
}

/** Loads the bundled document of an API (`<dir>/<id>.json`, internal `$ref`s kept). */
export function loadDocument(id: ApiId, dir: string = specDistDir): SpecNode {
  if (!(apiIds as readonly string[]).includes(id))
    throw new SpecReadError('SPEC_UNKNOWN_API', `Unknown API id ${String(id)}; one of ${apiIds.join(', ')}`, id);
  return readSpecJson(`${id}.json`, dir);
}

/** The node a local JSON pointer (`#/components/schemas/A~1B`) names; `~1` is `/`, `~0` is `~`. */
export function resolvePointer(doc: SpecNode, pointer: string): unknown {
  if (!pointer.startsWith('#')) throw new SpecReadError('SPEC_REF_EXTERNAL', `${pointer} is not a local $ref`, pointer);
  const tokens = pointer === '#' ? [] : pointer.slice(2).split('/');
  let node: unknown = doc;
  for (const token of tokens) {
    const key = decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node))
      throw new SpecReadError('SPEC_REF_UNRESOLVED', `${pointer} does not resolve: no "${key}"`, pointer);
    node = (node as SpecNode)[key];
  }
  return node;
}

/** Follows a chain of local `$ref`s from `node` to the node it names (a node without `$ref` is returned as is). */
export function resolveRef<T = SpecNode>(doc: SpecNode, node: unknown): T {
  let current = node;
  const seen = new Set<string>();
  while (current !== null && typeof current === 'object' && typeof (current as SpecNode).$ref === 'string') {
    const ref = (current as SpecNode).$ref as string;
    if (seen.has(ref)) throw new SpecReadError('SPEC_REF_UNRESOLVED', `${ref} refers to itself`, ref);
    seen.add(ref);
    current = resolvePointer(doc, ref);
  }
  return current as T;
}

/** Resolves every local `$ref` recursively; a ref met again inside its own expansion (recursion) stays a `$ref`. */
export function dereference<T>(doc: T): T {
  const walk = (node: unknown, stack: readonly string[]): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, stack));
    if (node === null || typeof node !== 'object') return node;
    const { $ref, ...siblings } = node as SpecNode;
    if (typeof $ref === 'string' && $ref.startsWith('#')) {
      if (stack.includes($ref)) return node;
      const target = walk(resolvePointer(doc as SpecNode, $ref), [...stack, $ref]);
      return Object.keys(siblings).length
        ? { ...(target as SpecNode), ...(walk(siblings, stack) as SpecNode) }
        : target;
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, stack)]));
  };
  return walk(doc, []) as T;
}

/** One operation of a document. */
export interface OperationEntry {
  readonly method: HttpMethod;
  readonly path: string;
  /** `operationId`, or `<method> <path>` when the operation has none. */
  readonly operationId: string;
  /** The operation object as written (its `$ref`s unresolved). */
  readonly operation: SpecNode;
  /** Path-level then operation-level parameters, resolved; an operation's parameter overrides the path's (same name and `in`). */
  readonly parameters: readonly SpecNode[];
}

/** Every operation of a document, in document order (path items behind a `$ref` are followed). */
export function operations(doc: SpecNode): OperationEntry[] {
  const out: OperationEntry[] = [];
  for (const [path, raw] of Object.entries((doc.paths ?? {}) as SpecNode)) {
    const item = resolveRef(doc, raw);
    const shared = ((item.parameters ?? []) as unknown[]).map((p) => resolveRef(doc, p));
    for (const method of httpMethods) {
      const operation = item[method] as SpecNode | undefined;
      if (!operation || typeof operation !== 'object') continue;
      const own = ((operation.parameters ?? []) as unknown[]).map((p) => resolveRef(doc, p));
      const key = (p: SpecNode) => `${p.in} ${p.name}`;
      const parameters = [...shared.filter((p) => !own.some((o) => key(o) === key(p))), ...own];
      const operationId = typeof operation.operationId === 'string' ? operation.operationId : `${method} ${path}`;
      out.push({ method, path, operationId, operation, parameters });
    }
  }
  return out;
}

/** The operation with this `operationId`, or a `SpecReadError`. */
export function operationById(doc: SpecNode, operationId: string): OperationEntry {
  const found = operations(doc).find((o) => o.operationId === operationId);
  if (!found)
    throw new SpecReadError('SPEC_REF_UNRESOLVED', `The document has no operation ${operationId}`, operationId);
  return found;
}
