import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveRef, operations as walkOperations } from '../src/reader.ts';

export const specDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = join(specDir, 'dist');
/** The facts the tests check, copied from the seeds and vendor pages (each folder's README says from where). */
export const fixturesDir = join(specDir, 'test', 'fixtures');

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI documents are walked generically in tests.
export type Doc = Record<string, any>;

export const loadDist = (name: string): Doc => JSON.parse(readFileSync(join(distDir, name), 'utf8'));

/** Reads a fixture as text, e.g. `seed-000/result.jsonl`. */
export function readFixture(path: string): string {
  return readFileSync(join(fixturesDir, path), 'utf8');
}

/** Reads a JSON fixture, e.g. `seed-000/json-samples.json`. */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are vendor samples of any shape.
export function fixtureJson<T = any>(path: string): T {
  return JSON.parse(readFixture(path)) as T;
}

/** Resolves a local `#/...` $ref chain: the package's own reader. */
export const deref = (doc: Doc, node: Doc): Doc => resolveRef(doc, node);

/** Every operation of a document as [method, path, operation], walked by the package's own reader. */
export function operations(doc: Doc): Array<[string, string, Doc]> {
  return walkOperations(doc).map(({ method, path, operation }) => [method, path, operation]);
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
