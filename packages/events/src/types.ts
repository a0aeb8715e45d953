import type { AuditEventSchema } from './generated/audit-event.gen.js';
import type { AttributesByLineName, EventName, EventNameByLineName, LineEventName } from './generated/catalog.gen.js';

/** Any event name: the catalog's two spellings, plus the open case for names from newer servers. */
export type AnyEventName = LineEventName | EventName | (string & {});

/**
 * One audit event (one JSONL line), typed from components.schemas.AuditEvent; `name` suggests the
 * catalog's names but stays open, since a newer server may send events this package does not know.
 */
export type AuditEvent = AuditEventSchema & { name: AnyEventName };

/** The event whose result-line name is `N`, with the catalog's attributes typed. */
export type AuditEventOf<N extends LineEventName> = AuditEventSchema & {
  name: N | EventNameByLineName[N];
  attributes: AttributesByLineName[N];
};

/** A catalogued event, discriminated by `name` (either spelling); narrow with isKnownEvent(). */
export type KnownAuditEvent = { [N in LineEventName]: AuditEventOf<N> }[LineEventName];
