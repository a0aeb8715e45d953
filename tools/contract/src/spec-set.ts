/**
 * The inputs every check reads: a directory shaped like spec/dist (the three bundled documents and
 * the event catalog). Checks take a SpecSet rather than importing @audit-export/spec so that the
 * mutation script can hand them a drifted copy.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { type ApiId, apiIds, type EventCatalogEntry } from '@audit-export/spec';

const require = createRequire(import.meta.url);

/** The API ids of the spec package, in its order. */
export const API_IDS = apiIds;
/** One of the three APIs. */
export type { ApiId };

/** An OpenAPI document or any node inside it. */
// biome-ignore lint/suspicious/noExplicitAny: OpenAPI documents are walked generically.
export type Doc = Record<string, any>;

/** One catalog entry as the spec defines it (`x-event-catalog`): the spec package's type. */
export type CatalogEntryDoc = EventCatalogEntry;

/** A spec/dist-shaped directory, loaded. */
export interface SpecSet {
  /** Absolute directory holding `<id>.json` and `event-catalog.json`. */
  readonly dir: string;
  /** The bundled documents by API id. */
  readonly docs: Readonly<Record<ApiId, Doc>>;
  /** `event-catalog.json`. */
  readonly catalog: readonly CatalogEntryDoc[];
}

/** spec/dist of the installed @audit-export/spec. */
export function specDistDir(): string {
  return dirname(require.resolve('@audit-export/spec/event-catalog.json'));
}

/** The spec package's root (its scripts and sources). */
export function specPackageDir(): string {
  return dirname(require.resolve('@audit-export/spec/package.json'));
}

/** Loads a spec/dist-shaped directory (default: the built spec). */
export function loadSpecSet(dir: string = specDistDir()): SpecSet {
  const read = (file: string): Doc => JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const docs = Object.fromEntries(API_IDS.map((id) => [id, read(`${id}.json`)])) as Record<ApiId, Doc>;
  return { dir, docs, catalog: read('event-catalog.json') as unknown as CatalogEntryDoc[] };
}

/** Copies spec/dist to a fresh temporary directory, applies `edit` to the loaded copy and writes it back. */
export function copySpecSet(edit: (set: { docs: Record<ApiId, Doc>; catalog: CatalogEntryDoc[] }) => void): SpecSet {
  const dir = mkdtempSync(join(tmpdir(), 'contract-spec-'));
  cpSync(specDistDir(), dir, { recursive: true });
  const loaded = loadSpecSet(dir);
  const mutable = structuredClone({ docs: loaded.docs, catalog: loaded.catalog }) as {
    docs: Record<ApiId, Doc>;
    catalog: CatalogEntryDoc[];
  };
  edit(mutable);
  for (const id of API_IDS) writeFileSync(join(dir, `${id}.json`), `${JSON.stringify(mutable.docs[id], null, 2)}\n`);
  writeFileSync(join(dir, 'event-catalog.json'), `${JSON.stringify(mutable.catalog, null, 2)}\n`);
  return loadSpecSet(dir);
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** One operation of a document. */
export interface OperationRef {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly operation: Doc;
}

/** Every operation of a document, in document order. */
export function operationsOf(doc: Doc): OperationRef[] {
  const out: OperationRef[] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Doc)) {
    for (const method of HTTP_METHODS) {
      const operation = item?.[method] as Doc | undefined;
      if (operation) out.push({ operationId: String(operation.operationId), method, path, operation });
    }
  }
  return out;
}

/** Resolves a local `#/...` reference chain. */
export function deref(doc: Doc, node: Doc): Doc {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 32; hops++) {
    current = current.$ref
      .slice(2)
      .split('/')
      .map((s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((n: Doc | undefined, k: string) => n?.[k], doc) as Doc;
  }
  return current;
}
