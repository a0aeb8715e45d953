/**
 * Streams a job's result. Without filters the result is a run of whole serialized tenant-hours
 * (cut at the window's edges and at the limit), so it is written straight from {@link HourCache}
 * bytes; with filters each event is generated, tested and serialized. Both give exactly the bytes
 * of `generateEvents` + `serializeEvent`, which `test/result-stream.test.ts` checks.
 */
import { type EventQuery, generateEvents } from '../data/audit-events.js';
import { serializeEvent } from '../data/catalog.js';
import { hasFilters } from '../data/event-filters.js';
import { tenantProfile } from '../data/values.js';
import { ChunkGatherer, ConnectionDrop, utf8 } from '../http.js';
import { DAY_MS } from '../time.js';
import type { HourCache } from './hour-cache.js';

const HOUR_MS = 3_600_000;

/** How many events generateEvents yields at most for `limit`: it checks after each one, so at least one. */
function eventsAllowed(limit: number | undefined): number {
  return limit === undefined || Number.isNaN(limit) ? Number.POSITIVE_INFINITY : Math.max(1, Math.ceil(limit));
}

/** First index whose value is >= `x` in an ascending array. */
function lowerBound(values: Uint32Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The JSON Lines of `query` as byte chunks, for a pull-driven body (see `streamBody`).
 * `dropAfter` throws {@link ConnectionDrop} after that many lines (the mid-stream fault).
 */
export function* streamResult(
  query: EventQuery,
  cache: HourCache,
  dropAfter: number | undefined,
): Generator<Uint8Array> {
  if (hasFilters(query.filters)) {
    yield* filteredLines(query, dropAfter);
    return;
  }
  // The same window as generateEvents: retention and "now" clip the query's [start, end).
  const lo = Math.max(query.startMs, query.nowMs - query.retentionDays * DAY_MS);
  const hi = Math.min(query.endMs, query.nowMs + 1);
  const max = Math.min(eventsAllowed(query.limit), dropAfter ?? Number.POSITIVE_INFINITY);
  const gather = new ChunkGatherer();
  let emitted = 0;
  if (hi > lo && max > 0) {
    const profile = tenantProfile(query.seed, query.tenantId);
    const perHour = query.eventsPerHour ?? 30;
    for (let hour = Math.floor(lo / HOUR_MS); hour * HOUR_MS < hi && emitted < max; hour++) {
      const { bytes, ends, offsets } = cache.get(query.seed, profile, hour, perHour);
      const start = hour * HOUR_MS;
      const a = start < lo ? lowerBound(offsets, lo - start) : 0;
      let b = start + HOUR_MS > hi ? lowerBound(offsets, hi - start) : offsets.length;
      b = Math.min(b, a + (max - emitted));
      if (b <= a) continue;
      emitted += b - a;
      yield* gather.push(bytes.subarray(a === 0 ? 0 : ends[a - 1], ends[b - 1]));
    }
  }
  yield* gather.flush();
  if (dropAfter !== undefined && emitted >= dropAfter) throw new ConnectionDrop();
}

/** Filtered results: each event generated, tested and serialized, in chunks of about 64 KiB. */
function* filteredLines(query: EventQuery, dropAfter: number | undefined): Generator<Uint8Array> {
  let text = '';
  let count = 0;
  for (const event of generateEvents(query)) {
    text += `${serializeEvent(event)}\n`;
    if (dropAfter !== undefined && ++count >= dropAfter) {
      yield utf8(text);
      throw new ConnectionDrop();
    }
    if (text.length >= 64 * 1024) {
      yield utf8(text);
      text = '';
    }
  }
  if (text) yield utf8(text);
}
