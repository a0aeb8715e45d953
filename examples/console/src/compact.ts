// A million loaded events must not mean millions of heap objects: a V8 major GC's final pause grows with
// the live objects (bench/README.md), and a parsed event is four to six of them (the event, its attributes,
// its id, time and request strings). Here each event becomes one small row object whose repeated strings
// are shared copies and whose per-event parts (time, id, attributes) live in one flat JSON string, parsed
// again only when a row is shown, searched or downloaded.
import type { AuditEvent } from '@audit-export/client/audit-query';

/** Distinct strings kept at most: past that, new values are left as they are (memory stays bounded). */
const MAX_POOL = 200_000;
/** Longer strings are mostly unique ids: pooling them would only add a map entry. */
const MAX_LENGTH = 64;
/** An event's keys, in the API's order: an event with others (or another order) is kept as it came. */
const KEYS = [
  'timestamp',
  'dateTime',
  'eventId',
  'actorId',
  'name',
  'category',
  'username',
  'application',
  'tenant',
  'tenantId',
  'instanceId',
  'instanceUrl',
  'attributes',
].join();

/** An event's own parts: time, date-time (null when the same), id, attributes. */
type Unique = [string, string | null, string, Record<string, unknown>];

// The table reads several fields of the same row in a row: one parse serves them all.
let lastText = '';
let lastParts: Unique | undefined;
function parts(text: string): Unique {
  if (text !== lastText || !lastParts) {
    lastParts = JSON.parse(text) as Unique;
    lastText = text;
  }
  return lastParts;
}

/** One loaded event: shared strings as fields, its own parts as one flat JSON string. */
class PackedEvent {
  constructor(
    readonly actorId: string,
    readonly name: string,
    readonly category: string,
    readonly username: string,
    readonly application: string,
    readonly tenant: string,
    readonly tenantId: string,
    readonly instanceId: string,
    readonly instanceUrl: string,
    private readonly unique: string,
  ) {}
  get timestamp(): string {
    return parts(this.unique)[0];
  }
  get dateTime(): string {
    const [timestamp, dateTime] = parts(this.unique);
    return dateTime ?? timestamp;
  }
  get eventId(): string {
    return parts(this.unique)[2];
  }
  get attributes(): Record<string, unknown> {
    // A fresh copy: the cached parse is shared by the next reads.
    return { ...parts(this.unique)[3] };
  }
  /** The event as the API sent it (same keys, same order): what the JSON Lines download writes. */
  toJSON(): Record<string, unknown> {
    const [timestamp, dateTime, eventId, attributes] = JSON.parse(this.unique) as Unique;
    return {
      timestamp,
      dateTime: dateTime ?? timestamp,
      eventId,
      actorId: this.actorId,
      name: this.name,
      category: this.category,
      username: this.username,
      application: this.application,
      tenant: this.tenant,
      tenantId: this.tenantId,
      instanceId: this.instanceId,
      instanceUrl: this.instanceUrl,
      attributes,
    };
  }
}

/** Returns a function that packs a batch's events in place (one string pool per export). */
export function createEventCompactor(): (batch: AuditEvent[]) => void {
  const pool = new Map<string, string>();
  const shared = (value: string): string => {
    if (typeof value !== 'string' || value.length > MAX_LENGTH) return value;
    const known = pool.get(value);
    if (known !== undefined) return known;
    if (pool.size < MAX_POOL) pool.set(value, value);
    return value;
  };
  return (batch) => {
    for (let i = 0; i < batch.length; i++) {
      const event = batch[i] as AuditEvent;
      if (Object.keys(event).join() !== KEYS) continue;
      const unique: Unique = [
        event.timestamp as string,
        event.dateTime === event.timestamp ? null : (event.dateTime as string),
        event.eventId as string,
        event.attributes as Record<string, unknown>,
      ];
      let text: string;
      try {
        // JSON.stringify returns a flat string: one object, where a concatenation would be a tree of them.
        text = JSON.stringify(unique);
      } catch {
        // Nested deeper than this engine's JSON.stringify goes (Chromium's has no limit, others recurse):
        // the event stays as it came, and the table shows it bounded.
        continue;
      }
      const packed = new PackedEvent(
        shared(event.actorId as string),
        shared(event.name),
        shared(event.category as string),
        shared(event.username as string),
        shared(event.application as string),
        shared(event.tenant as string),
        shared(event.tenantId as string),
        shared(event.instanceId as string),
        shared(event.instanceUrl as string),
        text,
      );
      batch[i] = packed as unknown as AuditEvent;
    }
  };
}
