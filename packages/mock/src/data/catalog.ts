/**
 * The event catalog and line serializer come from @audit-export/events (generated from the spec),
 * so the mock never keeps a second copy of either.
 */
import {
  type AuditEvent,
  type CatalogEntry as EventsCatalogEntry,
  catalog as eventsCatalog,
  serializeEvent,
} from '@audit-export/events';

/** The catalog attribute schema the generator reads (a JSON Schema with optional examples). */
export interface AttributeSchema {
  type?: string;
  description?: string;
  examples?: readonly unknown[];
}

/** One JSON Lines row of the audit query result: the events package's type, generated from the spec. */
export type { AuditEvent };

/** One catalog entry as the mock reads it: the events package's entry, with the attributes' examples. */
export type CatalogEntry = Omit<EventsCatalogEntry, 'attributes'> & {
  readonly attributes: Readonly<Record<string, AttributeSchema>>;
};

/** Every catalogued event, in spec order. */
export const catalog: readonly CatalogEntry[] = eventsCatalog;

/** One event as one JSON line (without the newline), byte-for-byte as the events package writes it. */
export { serializeEvent };
