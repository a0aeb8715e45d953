import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const specDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = join(specDir, 'dist');
export const seedsDir = resolve(specDir, '..', '..', 'shared', 'seeds');

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI documents are walked generically in tests.
export type Doc = Record<string, any>;

export const loadDist = (name: string): Doc => JSON.parse(readFileSync(join(distDir, name), 'utf8'));

/** Reads a seed by its number prefix (000, 001, 002). */
export function readSeed(prefix: string): string {
  const file = readdirSync(seedsDir).find((f) => f.startsWith(`${prefix}_`));
  if (!file) throw new Error(`seed ${prefix} not found in ${seedsDir}`);
  return readFileSync(join(seedsDir, file), 'utf8');
}

/** Resolves a local `#/...` $ref (one level). */
export function deref(doc: Doc, node: Doc): Doc {
  if (node && typeof node.$ref === 'string') {
    const target = node.$ref
      .slice(2)
      .split('/')
      .map((s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((n: Doc, k: string) => n[k], doc);
    return deref(doc, target);
  }
  return node;
}

export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Every operation of a document: [method, path, operation]. */
export function operations(doc: Doc): Array<[string, string, Doc]> {
  const out: Array<[string, string, Doc]> = [];
  for (const [path, item] of Object.entries(doc.paths as Doc)) {
    for (const m of httpMethods) if (item[m]) out.push([m, path, item[m]]);
  }
  return out;
}

/** The example values of one media type (`example`, then each `examples` entry, resolved). */
export function mediaExamples(doc: Doc, media: Doc): unknown[] {
  if ('example' in media) return [media.example];
  return Object.values(media.examples ?? {}).map((e) => deref(doc, e as Doc).value);
}

/** Every example value anywhere in responses and request bodies. */
export function allExamples(doc: Doc): unknown[] {
  const out: unknown[] = [];
  for (const [, , op] of operations(doc)) {
    const bodies = [op.requestBody, ...Object.values(op.responses ?? {})].filter(Boolean).map((r) => deref(doc, r));
    for (const body of bodies)
      for (const media of Object.values(body.content ?? {})) out.push(...mediaExamples(doc, media as Doc));
  }
  return out;
}
