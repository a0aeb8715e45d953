/**
 * Facts read from the spec documents embedded at build time (dist/spec, see scripts/embed-spec.mjs): request
 * budgets (`x-rate-limit`), Zoho's longest range (`x-max-range-days`), and which operation a request URL is. Nothing here is typed twice by hand.
 */
import { readFileSync } from 'node:fs';
import type { ApiName } from './apis.js';

/** A JSON node of an OpenAPI document. */
export type SpecNode = Record<string, unknown>;

/** `x-rate-limit`: requests a second and a day. */
export interface RateLimit {
  requestsPerSecond?: number;
  requestsPerDay?: number;
}

const documents = new Map<ApiName, SpecNode>();

/** The directory of the embedded documents. */
export const specDir: URL = new URL('./spec/', import.meta.url);

/** The bundled OpenAPI document of an API, as embedded. */
export function specDocument(api: ApiName): SpecNode {
  let doc = documents.get(api);
  if (!doc) {
    doc = JSON.parse(readFileSync(new URL(`${api}.json`, specDir), 'utf8')) as SpecNode;
    documents.set(api, doc);
  }
  return doc;
}

/** One operation of a document. */
export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  node: SpecNode;
  /** Matches the path of a request URL (the template, anchored at the end, so any base path may precede it). */
  pattern: RegExp;
}

/** Every operation of a document, in document order. */
export function specOperations(api: ApiName): SpecOperation[] {
  const doc = specDocument(api);
  const out: SpecOperation[] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, SpecNode>)) {
    for (const [method, node] of Object.entries(item)) {
      const op = node as SpecNode;
      if (typeof op?.operationId !== 'string') continue;
      const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
      out.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        node: op,
        pattern: new RegExp(`${source}$`),
      });
    }
  }
  return out;
}

/** The operationId a request is, or undefined. */
export function operationOf(api: ApiName, method: string, url: string): string | undefined {
  const path = new URL(url).pathname;
  return specOperations(api).find((op) => op.method === method.toUpperCase() && op.pattern.test(path))?.operationId;
}

/** The document's `x-rate-limit` (the whole API's) and each operation's; empty when the spec states none. */
export function rateLimits(api: ApiName): { api: RateLimit | undefined; operations: Map<string, RateLimit> } {
  const operations = new Map<string, RateLimit>();
  for (const op of specOperations(api)) {
    const limit = op.node['x-rate-limit'] as RateLimit | undefined;
    if (limit) operations.set(op.operationId, limit);
  }
  return { api: specDocument(api)['x-rate-limit'] as RateLimit | undefined, operations };
}

/** Follows a local `$ref` (`#/components/...`). */
export function resolveRef(api: ApiName, node: unknown): SpecNode {
  let current = node as SpecNode;
  for (let hops = 0; typeof current?.$ref === 'string' && hops < 32; hops++) {
    const pointer = (current.$ref as string).replace(/^#\//, '').split('/');
    current = pointer.reduce<unknown>(
      (at, part) => (at as SpecNode)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')],
      specDocument(api),
    ) as SpecNode;
  }
  return current;
}

/** The longest audited_time range Zoho takes, in days (`x-max-range-days` of AuditedTimeCondition). */
export function zohoMaxRangeDays(): number {
  const schemas = (specDocument('zoho').components as SpecNode).schemas as Record<string, SpecNode>;
  const days = schemas.AuditedTimeCondition?.['x-max-range-days'];
  if (typeof days !== 'number') throw new Error('the embedded Zoho spec states no x-max-range-days');
  return days;
}
