/**
 * `@audit-export/spec`: where the bundled OpenAPI documents and the event catalog are.
 * @see ../README.md
 */
import { fileURLToPath } from 'node:url';

/** The three APIs this package describes, in a stable order. */
export const apiIds = ['audit-query', 'zoho', 'audit-resource'] as const;
export type ApiId = (typeof apiIds)[number];

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
} as const;

/** The `info.version` of each API document. */
export const apiVersions: Readonly<Record<ApiId, string>> = {
  'audit-query': '1.0.0',
  zoho: '1.0.0',
  'audit-resource': '1.0.0',
};

/** One entry of the audit event catalog (`dist/event-catalog.json`, `x-event-catalog`). */
export interface EventCatalogEntry {
  /** Catalog name, e.g. `CMD_CENTER_COMMAND`. */
  name: string;
  /** Name as result lines carry it, e.g. `cmd-center-command`. */
  lineName: string;
  module: string;
  moduleId: string;
  /** Message template with `{placeholder}`s. */
  template: string;
  /** JSON Schema `properties` map, one key per template placeholder. */
  attributes: Record<string, { type: 'string'; description: string; examples?: string[] }>;
}

const distFile = (name: string): string => fileURLToPath(new URL(`../dist/${name}`, import.meta.url));

/** Type guard for an API id. */
export function isApiId(value: string): value is ApiId {
  return (apiIds as readonly string[]).includes(value);
}

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
