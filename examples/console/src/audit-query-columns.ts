// The columns of the exported events' table. Values go to the table as they are: it shows each through
// formatValue (bounded, never throwing), so an attribute nested 100,000 deep or a megabyte long is a
// short cell ending in `[…]`.
import type { AuditEvent } from '@audit-export/client/audit-query';
import { formatValue } from '@audit-export/events';
import type { Column } from './components/DataTable.js';

/** `name=value, …` with each value as formatValue shows it (the cell then bounds the whole). */
function attributesText(attributes: unknown): string {
  if (typeof attributes !== 'object' || attributes === null) return formatValue(attributes);
  return Object.entries(attributes)
    .map(([name, value]) => `${name}=${formatValue(value)}`)
    .join(', ');
}

/** The table's columns, one per field a reader scans for. */
export const auditEventColumns: readonly Column<AuditEvent>[] = [
  { header: 'Time', width: '13rem', value: (event) => event.timestamp },
  { header: 'Event', width: 'minmax(10rem, 1fr)', value: (event) => event.name },
  { header: 'Category', width: '8rem', value: (event) => event.category },
  { header: 'Application', width: '8rem', value: (event) => event.application },
  { header: 'User', width: '10rem', value: (event) => event.username },
  { header: 'Attributes', width: 'minmax(10rem, 2fr)', value: (event) => attributesText(event.attributes) },
  { header: 'Event id', width: '19rem', value: (event) => event.eventId },
];

/** When the event happened, ms; NaN when its time cannot be read. */
export function timeOf(event: AuditEvent | undefined): number {
  try {
    return event ? Date.parse(String(event.timestamp)) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
