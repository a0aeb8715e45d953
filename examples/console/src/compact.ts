// A million parsed events take about 430 bytes each, mostly strings that repeat from event to event
// (tenant, instance URL, category, application, event name, user, attribute values). Swapping each
// for one shared copy, in place as batches arrive, keeps the same values at a fraction of the heap.
import type { AuditEvent } from '@audit-export/client/audit-query';

/** Distinct strings kept at most: past that, new values are left as they are (memory stays bounded). */
const MAX_POOL = 200_000;
/** Longer strings are mostly unique ids: pooling them would only add a map entry. */
const MAX_LENGTH = 64;
const SHARED: readonly (keyof AuditEvent & string)[] = [
  'actorId',
  'name',
  'category',
  'username',
  'application',
  'tenant',
  'tenantId',
  'instanceId',
  'instanceUrl',
];

/** Returns a function that swaps repeated strings of events for shared copies (one pool per export). */
export function createEventCompactor(): (batch: readonly AuditEvent[]) => void {
  const pool = new Map<string, string>();
  const shared = (value: unknown): unknown => {
    if (typeof value !== 'string' || value.length > MAX_LENGTH) return value;
    const known = pool.get(value);
    if (known !== undefined) return known;
    if (pool.size < MAX_POOL) pool.set(value, value);
    return value;
  };
  return (batch) => {
    for (const event of batch) {
      const record = event as unknown as Record<string, unknown>;
      for (const key of SHARED) record[key] = shared(record[key]);
      // The two times are usually the same instant: keep one string for both.
      if (event.dateTime === event.timestamp) record.dateTime = event.timestamp;
      const attributes = event.attributes as Record<string, unknown>;
      for (const key of Object.keys(attributes)) attributes[key] = shared(attributes[key]);
    }
  };
}
