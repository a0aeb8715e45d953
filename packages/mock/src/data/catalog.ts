/**
 * The event catalog and line serializer come from @audit-export/events (generated from the spec),
 * so the mock never keeps a second copy of either.
 */
import { catalog as eventsCatalog, serializeEvent as eventsSerialize } from '@audit-export/events';
import type { AttributeSchema } from './values.js';

/** One catalog entry as the mock reads it. */
export interface CatalogEntry {
  name: string;
  lineName: string;
  module: string;
  moduleId: string;
  template: string;
  attributes: Readonly<Record<string, AttributeSchema>>;
}

/** One JSON Lines row of the audit query result. */
export interface AuditEvent {
  timestamp: string;
  dateTime: string;
  eventId: string;
  actorId: string;
  name: string;
  category: string;
  username: string;
  application: string;
  tenant: string;
  tenantId: string;
  instanceId: string;
  instanceUrl: string;
  attributes: Record<string, unknown>;
}

/** Every catalogued event, in spec order. */
export const catalog: readonly CatalogEntry[] = eventsCatalog as readonly CatalogEntry[];

/** One event as one JSON line (without the newline), byte-for-byte as the events package writes it. */
export function serializeEvent(event: AuditEvent): string {
  return eventsSerialize(event as Parameters<typeof eventsSerialize>[0]);
}
