/**
 * `@audit-export/spec`: where the bundled OpenAPI documents and the event catalog are.
 * @see ../README.md
 */
import { fileURLToPath } from 'node:url';

import { type ApiId, isApiId } from './ids.js';

export {
  describeFilterMatch,
  type FilterMatch,
  filterMatches,
  filterParameters,
  type PairFilter,
  type QueryFilter,
  queryFilters,
  type ValueFilter,
} from './filters.js';
export { type ApiId, apiIds, isApiId } from './ids.js';
export { type JobLifecycle, jobLifecycle, type Transition } from './lifecycle.js';
export {
  dereference,
  type HttpMethod,
  httpMethods,
  loadDocument,
  type OperationEntry,
  operationById,
  operations,
  readSpecJson,
  resolvePointer,
  resolveRef,
  type SpecNode,
  SpecReadError,
  specDistDir,
} from './reader.js';

/** `json` and `yaml` are bundled (internal $refs kept); `deref.json` is dereferenced. */
export const specFormats = ['json', 'yaml', 'deref.json'] as const;
export type SpecFormat = (typeof specFormats)[number];

/** The extensions the contract defines. */
export const extensions = {
  /** Top level of the audit-query document: the event catalog (array of `EventCatalogEntry`). */
  eventCatalog: 'x-event-catalog',
  /** On a JSON Lines media type: `{ $ref }` to the schema of one line. */
  jsonlItemSchema: 'x-jsonl-item-schema',
  /** Top level of each document: how the seeds' contradictions were decided. */
  decisions: 'x-decisions',
  /** Anywhere: where a fact not in the seeds comes from. */
  source: 'x-source',
  /** Anywhere: a contract decision where the vendor is silent. */
  decision: 'x-decision',
  /** Top level and per audit-query operation: `{ requestsPerSecond, requestsPerDay }`. */
  rateLimit: 'x-rate-limit',
  /** On a query parameter: `{ field, match }`, the result item's field it filters on and how (read with `queryFilters`). */
  filter: 'x-filter',
} as const;

/** The `info.version` of each API document, generated from the documents. */
export { apiVersions } from './generated/api-versions.gen.js';

/** One entry of the audit event catalog (`dist/event-catalog.json`, `x-event-catalog`), generated from its schema. */
export type { EventCatalogEntry } from './generated/catalog-entry.gen.js';

const distFile = (name: string): string => fileURLToPath(new URL(`../dist/${name}`, import.meta.url));

/** Absolute path of a built document, e.g. `specPath('zoho', 'yaml')`. */
export function specPath(id: ApiId, format: SpecFormat = 'json'): string {
  if (!isApiId(id)) throw new TypeError(`unknown API id: ${String(id)}`);
  if (!(specFormats as readonly string[]).includes(format)) throw new TypeError(`unknown format: ${String(format)}`);
  return distFile(`${id}.${format}`);
}

/** Absolute path of `dist/event-catalog.json`. */
export const eventCatalogPath: string = distFile('event-catalog.json');

/** Absolute path of `dist/event-catalog-entry.schema.json`. */
export const eventCatalogEntrySchemaPath: string = distFile('event-catalog-entry.schema.json');
