/** The two APIs the CLI exports from, and what differs between them for a writer: key, time and line of an item. */
import type { AuditEvent } from '@audit-export/client/audit-query';
import type { ZohoAuditEntry } from '@audit-export/client/zoho';
import { serializeEvent } from '@audit-export/events';
import { UsageError } from './errors.js';

/** The `<api>` argument. */
export const API_NAMES = ['audit-query', 'zoho'] as const;
/** One of {@link API_NAMES}. */
export type ApiName = (typeof API_NAMES)[number];

/** One exported item: an audit event, or a Zoho entry (a CSV row by column name). */
export type ExportItem = AuditEvent | ZohoAuditEntry;

/** What the writer and the de-duplication need to know about an API's items. */
export interface ItemKind {
  /** A key unique to the item (the eventId; a Zoho entry's values, since entries carry no id). */
  keyOf(item: ExportItem): string;
  /** The item's time in epoch ms (the event's timestamp; the entry's Audited Time). */
  timeOf(item: ExportItem): number;
  /** The item as one JSON Lines line, without the newline. */
  lineOf(item: ExportItem): string;
}

/** Epoch ms of an ISO time, sub-millisecond digits ignored. */
function epochOf(text: unknown): number {
  return typeof text === 'string' ? Date.parse(text.replace(/(\.\d{3})\d+/, '$1')) : Number.NaN;
}

const ZOHO_TIME_COLUMN = 'Audited Time';

/** The item kinds by API. */
export const ITEM_KINDS: Readonly<Record<ApiName, ItemKind>> = {
  'audit-query': {
    keyOf: (item) => (item as AuditEvent).eventId,
    timeOf: (item) => epochOf((item as AuditEvent).timestamp),
    lineOf: (item) => serializeEvent(item),
  },
  zoho: {
    // The client fingerprints entries by their values in order; the same key here.
    keyOf: (item) => Object.values(item as ZohoAuditEntry).join('\u001f'),
    timeOf: (item) => epochOf((item as ZohoAuditEntry)[ZOHO_TIME_COLUMN]),
    lineOf: (item) => JSON.stringify(item),
  },
};

/** The `<api>` argument checked. */
export function parseApi(text: string): ApiName {
  if ((API_NAMES as readonly string[]).includes(text)) return text as ApiName;
  throw new UsageError(
    `Unknown API "${text}": use one of ${API_NAMES.join(', ')} (e.g. audit-export pull audit-query …).`,
    {
      flag: '<api>',
      code: 'UNKNOWN_API',
    },
  );
}
