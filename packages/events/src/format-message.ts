import { findEvent } from './catalog.js';
import type { AuditEvent } from './types.js';

const PLACEHOLDER = /\{([^{}]+)\}/g;

/** Options for {@link formatMessage}. */
export interface FormatMessageOptions {
  /** Text for events the catalog does not know; defaults to the event's name. */
  readonly unknown?: (event: AuditEvent) => string;
}

function render(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/**
 * The event's catalog message, placeholders filled from `attributes` first, then top-level fields.
 * A missing value stays visible as `{placeholder}`; this never throws.
 */
export function formatMessage(event: AuditEvent, options: FormatMessageOptions = {}): string {
  const entry = findEvent(String(event.name));
  if (!entry) return options.unknown ? options.unknown(event) : String(event.name);
  const attributes: Record<string, unknown> =
    typeof event.attributes === 'object' && event.attributes !== null ? event.attributes : {};
  const fields = event as Record<string, unknown>;
  return entry.template.replace(PLACEHOLDER, (whole, key: string) => {
    // Own properties only: a placeholder named `constructor` must not render a function.
    const own = (record: Record<string, unknown>) => (Object.hasOwn(record, key) ? render(record[key]) : undefined);
    return own(attributes) ?? own(fields) ?? whole;
  });
}
