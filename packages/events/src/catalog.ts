import { catalogData, type EventName, type LineEventName } from './generated/catalog.gen.js';
import type { AuditEvent, KnownAuditEvent } from './types.js';

/** The declared type of one attribute of a catalogued event (a JSON Schema fragment from the spec). */
export interface AttributeSpec {
  readonly type?: string;
  readonly description?: string;
}

/** One catalogued event: both spellings of its name, its module and its message template. */
export interface CatalogEntry {
  /** Catalog spelling, e.g. `USER_LOGIN`. */
  readonly name: EventName;
  /** Result-line spelling, e.g. `user-login`. */
  readonly lineName: LineEventName;
  /** Module as the product names it, e.g. `Login`. */
  readonly module: string;
  /** Module as an identifier, e.g. `login`. */
  readonly moduleId: string;
  /** Message template with `{placeholder}`s, e.g. `{user} attempted to login with {method}.` */
  readonly template: string;
  /** The template's placeholders, by name. */
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
}

/** Every event of the spec's event catalog, in the spec's order. */
export const catalog: readonly CatalogEntry[] = catalogData;

const byName = new Map<string, CatalogEntry>();
for (const entry of catalog) {
  byName.set(entry.name, entry);
  byName.set(entry.lineName, entry);
}

/** The catalog spelling of a name in either spelling (`user-login` → `USER_LOGIN`); unknown names are upper-cased with `_`. */
export function normalizeEventName(name: string): EventName | (string & {}) {
  return (
    byName.get(name)?.name ??
    name
      .trim()
      .replace(/[-\s.]+/g, '_')
      .toUpperCase()
  );
}

/** The result-line spelling of a name in either spelling (`USER_LOGIN` → `user-login`); unknown names are lower-cased with `-`. */
export function toLineEventName(name: string): LineEventName | (string & {}) {
  return (
    byName.get(name)?.lineName ??
    name
      .trim()
      .replace(/[_\s.]+/g, '-')
      .toLowerCase()
  );
}

/** The catalog entry for a name in either spelling (case and `-`/`_` are forgiven), or undefined. */
export function findEvent(name: string): CatalogEntry | undefined {
  return byName.get(name) ?? byName.get(normalizeEventName(name));
}

/**
 * The entry this version gives an event its catalog does not know (a newer server's): the event's own
 * name in both spellings, module `Unknown`, and its attributes as the template's placeholders.
 */
export interface GenericCatalogEntry {
  readonly name: string;
  readonly lineName: string;
  readonly module: 'Unknown';
  readonly moduleId: 'unknown';
  /** `<line name>` followed by each attribute as `key={key}`, e.g. `report-shared: user={user}, report={report}`. */
  readonly template: string;
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
  /** Marks an entry made up for an unknown name (catalog entries have no `generic`). */
  readonly generic: true;
}

/**
 * The catalog entry of an event: the catalog's own, or for a name this version does not know a
 * generic one, so a newer server's events are delivered and described rather than refused.
 */
export function catalogEntryOf(event: AuditEvent): CatalogEntry | GenericCatalogEntry {
  const known = findEvent(String(event.name));
  if (known) return known;
  const name = String(event.name);
  const keys =
    typeof event.attributes === 'object' && event.attributes !== null && !Array.isArray(event.attributes)
      ? Object.keys(event.attributes)
      : [];
  const lineName = toLineEventName(name);
  return {
    name: normalizeEventName(name),
    lineName,
    module: 'Unknown',
    moduleId: 'unknown',
    template: keys.length ? `${lineName}: ${keys.map((key) => `${key}={${key}}`).join(', ')}` : lineName,
    attributes: Object.fromEntries(keys.map((key) => [key, {}])),
    generic: true,
  };
}

/** Whether the event is in the catalog, narrowing it to the union with typed attributes. */
export function isKnownEvent(event: AuditEvent): event is KnownAuditEvent {
  return byName.has(event.name);
}
