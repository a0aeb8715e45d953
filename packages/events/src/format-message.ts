import { boundedJson, MAX_JSON_DEPTH, TRUNCATION_MARKER } from './bounded-json.js';
import { findEvent } from './catalog.js';
import type { AuditEvent } from './types.js';

const PLACEHOLDER = /\{([^{}]+)\}/g;

/** Longest text formatValue gives (UTF-16 units, the marker included). */
export const MAX_VALUE_LENGTH = 1024;

/** Options for {@link formatMessage}. */
export interface FormatMessageOptions {
  /** Text for events the catalog does not know; defaults to the event's name. */
  readonly unknown?: (event: AuditEvent) => string;
}

/**
 * Any value as one bounded piece of text, as formatMessage fills a placeholder: a string as it is, a number or
 * boolean as written, anything else as JSON; at most MAX_VALUE_LENGTH units and MAX_JSON_DEPTH levels, what is
 * cut ending in TRUNCATION_MARKER (`[…]`). Never throws (a getter or `toJSON` that throws gives the marker).
 */
export function formatValue(value: unknown): string {
  try {
    if (typeof value === 'string') return cut(value);
    if (typeof value !== 'object' || value === null) return cut(String(value));
    return boundedJson(value, { maxDepth: MAX_JSON_DEPTH, maxLength: MAX_VALUE_LENGTH, utf8: false }) ?? '';
  } catch {
    return TRUNCATION_MARKER;
  }
}

/** `text` at most MAX_VALUE_LENGTH units long, never cut inside a surrogate pair. */
function cut(text: string): string {
  if (text.length <= MAX_VALUE_LENGTH) return text;
  let end = MAX_VALUE_LENGTH - TRUNCATION_MARKER.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + TRUNCATION_MARKER;
}

/**
 * The event's catalog message, placeholders filled from `attributes` first, then top-level fields, each value
 * as formatValue gives it. A missing value stays visible as `{placeholder}`. Never throws, whatever a parser
 * with `validate: false` gives it (only `options.unknown` may).
 */
export function formatMessage(event: AuditEvent, options: FormatMessageOptions = {}): string {
  const fields: Record<string, unknown> = typeof event === 'object' && event !== null ? event : {};
  let name: unknown;
  let entry: ReturnType<typeof findEvent>;
  try {
    name = fields.name;
    entry = typeof name === 'string' ? findEvent(name) : undefined;
  } catch {
    return TRUNCATION_MARKER;
  }
  if (!entry) return options.unknown ? options.unknown(event) : formatValue(name);
  try {
    const attributes =
      typeof fields.attributes === 'object' && fields.attributes !== null
        ? (fields.attributes as Record<string, unknown>)
        : {};
    return entry.template.replace(PLACEHOLDER, (whole, key: string) => {
      // Own properties only: a placeholder named `constructor` must not render a function.
      const own = (record: Record<string, unknown>) => {
        if (!Object.hasOwn(record, key)) return undefined;
        const value = record[key];
        return value === undefined || value === null ? undefined : formatValue(value);
      };
      return own(attributes) ?? own(fields) ?? whole;
    });
  } catch {
    // Only a hostile object (a throwing getter or proxy) gets here; a parsed line never does.
    return TRUNCATION_MARKER;
  }
}
