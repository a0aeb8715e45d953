/**
 * The inputs every check reads: a directory shaped like spec/dist (the three bundled documents and
 * the event catalog). Checks take a SpecSet rather than the installed spec so that the mutation
 * script can hand them a drifted copy; they read it with the spec package's reader.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import {
  type ApiId,
  apiIds,
  type EventCatalogEntry,
  loadDocument,
  readSpecJson,
  type SpecNode,
  specDistDir,
} from '@audit-export/spec';

const require = createRequire(import.meta.url);

/** An OpenAPI document or any node inside it: the spec package's `SpecNode`. */
export type Doc = SpecNode;

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

/** The spec package's root (its scripts and sources). */
export function specPackageDir(): string {
  return dirname(require.resolve('@audit-export/spec/package.json'));
}

/** Loads a spec/dist-shaped directory (default: the built spec). */
export function loadSpecSet(dir: string = specDistDir): SpecSet {
  const docs = Object.fromEntries(apiIds.map((id) => [id, loadDocument(id, dir)])) as Record<ApiId, Doc>;
  return { dir, docs, catalog: readSpecJson('event-catalog.json', dir) as unknown as CatalogEntryDoc[] };
}

/** Copies spec/dist to a fresh temporary directory, applies `edit` to the loaded copy and writes it back. */
export function copySpecSet(edit: (set: { docs: Record<ApiId, Doc>; catalog: CatalogEntryDoc[] }) => void): SpecSet {
  const dir = mkdtempSync(join(tmpdir(), 'contract-spec-'));
  cpSync(specDistDir, dir, { recursive: true });
  const loaded = loadSpecSet(dir);
  const mutable = structuredClone({ docs: loaded.docs, catalog: loaded.catalog }) as {
    docs: Record<ApiId, Doc>;
    catalog: CatalogEntryDoc[];
  };
  edit(mutable);
  for (const id of apiIds) writeFileSync(join(dir, `${id}.json`), `${JSON.stringify(mutable.docs[id], null, 2)}\n`);
  writeFileSync(join(dir, 'event-catalog.json'), `${JSON.stringify(mutable.catalog, null, 2)}\n`);
  return loadSpecSet(dir);
}
