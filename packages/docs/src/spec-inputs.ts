import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type EventCatalogEntry, operations } from '@audit-export/spec';
import { DocsBuildError } from './errors.js';

/** One entry of spec/dist/event-catalog.json: the spec package's own type for it. */
export type CatalogEntry = EventCatalogEntry;

/** The parts of an OpenAPI document the site reads. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string; summary?: string };
  servers?: { url: string; description?: string }[];
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, { enum?: unknown[]; description?: string; [key: string]: unknown }> };
  [extension: `x-${string}`]: unknown;
}

/** A bundled API description from spec/dist. */
export interface ApiDocument {
  /** File stem, e.g. `audit-query`. */
  id: string;
  /** Absolute path of the bundled JSON document. */
  file: string;
  document: OpenApiDocument;
}

/** One operation of an API, in document order. */
export interface OperationSummary {
  operationId: string;
  method: string;
  path: string;
  summary: string;
}

/** Reads every bundled API document (not the `.deref` variants) and the event catalog of spec/dist. */
export function loadSpecDist(dir: string): { apis: ApiDocument[]; catalog: CatalogEntry[] } {
  if (!existsSync(join(dir, 'event-catalog.json'))) {
    throw new DocsBuildError(
      'SPEC_DIST_MISSING',
      `No event-catalog.json in ${dir}: build the spec first (turbo run build --filter=@audit-export/spec).`,
      { dir },
    );
  }
  // Every bundled document is an API; other JSON there (the catalog, its entry schema) is not.
  const apis = readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.deref.json'))
    .sort()
    .map((name) => ({ file: join(dir, name), value: readJson(join(dir, name)) }))
    .filter(({ value }) => typeof (value as { openapi?: unknown })?.openapi === 'string')
    .map(({ file, value }) => toApi(file, value));
  if (apis.length === 0) {
    throw new DocsBuildError('SPEC_DIST_MISSING', `No bundled API documents (*.json) in ${dir}.`, { dir });
  }
  const catalog = parseCatalog(readJson(join(dir, 'event-catalog.json')), join(dir, 'event-catalog.json'));
  return { apis, catalog };
}

/** Lists the operations of a document, in path order (walked by the spec package's reader). */
export function listOperations(document: OpenApiDocument): OperationSummary[] {
  return operations(document)
    .filter(({ operation }) => typeof operation.operationId === 'string')
    .map(({ operationId, method, path, operation }) => ({
      operationId,
      method,
      path,
      summary: typeof operation.summary === 'string' ? operation.summary : '',
    }));
}

function toApi(file: string, value: unknown): ApiDocument {
  const document = value as OpenApiDocument;
  if (typeof document.info?.title !== 'string' || typeof document.info.version !== 'string') {
    throw new DocsBuildError('SPEC_DOCUMENT_INVALID', `${file} has no info.title and info.version.`, { file });
  }
  return { id: basename(file, '.json'), file, document };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DocsBuildError('SPEC_DOCUMENT_INVALID', `Cannot read ${file} as JSON: ${(error as Error).message}`, {
      file,
    });
  }
}

/** Checks the catalog's shape so a malformed entry fails the build instead of rendering blanks. */
function parseCatalog(value: unknown, file: string): CatalogEntry[] {
  if (!Array.isArray(value)) {
    throw new DocsBuildError('EVENT_CATALOG_INVALID', `${file} must hold an array of events.`, { file });
  }
  return value.map((entry: Partial<CatalogEntry>, index) => {
    for (const key of ['name', 'lineName', 'module', 'moduleId', 'template'] as const) {
      if (typeof entry?.[key] !== 'string') {
        throw new DocsBuildError('EVENT_CATALOG_INVALID', `Event #${index} of ${file} has no string "${key}".`, {
          file,
          index,
        });
      }
    }
    if (typeof entry.attributes !== 'object' || entry.attributes === null) {
      throw new DocsBuildError('EVENT_CATALOG_INVALID', `Event ${entry.name} of ${file} has no "attributes" object.`, {
        file,
        index,
      });
    }
    return entry as CatalogEntry;
  });
}
