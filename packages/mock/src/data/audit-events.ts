/**
 * The deterministic audit event generator: the ground truth of the audit query mock.
 *
 * Time is cut into hours. Each hour of each tenant has its own PRNG stream keyed by
 * `seed/tenant/hour`, so the events of an hour never depend on the query that asks for them:
 * any window, filter or resume point sees the same events with the same ids and bytes.
 */

import { Prng } from '../prng.js';
import { DAY_MS } from '../time.js';
import { type AuditEvent, type CatalogEntry, catalog } from './catalog.js';
import { type EventFilters, eventMatcher } from './event-filters.js';
import { type AttributeSampler, attributeSampler, type TenantProfile, tenantProfile } from './values.js';

const HOUR_MS = 3_600_000;

/** Filters of a query, keyed by the event field each filters on (the spec's `x-filter`). */
export type { EventFilters };

/** What {@link generateEvents} needs. */
export interface EventQuery {
  /** The mock's seed. */
  seed: number;
  /** Tenant (company) id. */
  tenantId: string;
  /** Window start, epoch ms, inclusive. */
  startMs: number;
  /** Window end, epoch ms, exclusive (half-open, so adjacent windows never share an event). */
  endMs: number;
  /** "Now" for retention: events older than `retentionDays` before it, or after it, are not returned. */
  nowMs: number;
  /** Retention in days (the spec's `x-retention-days`, 120). */
  retentionDays: number;
  /** Average events per hour (default 30). */
  eventsPerHour?: number;
  filters?: EventFilters;
  /** Stop after this many events. */
  limit?: number;
}

function categoryOf(entry: CatalogEntry): string {
  // The seed names two categories ("security events and configuration events").
  return entry.moduleId === 'changelog' || entry.moduleId === 'system-connections' ? 'configuration' : 'security';
}

function applicationOf(entry: CatalogEntry, rng: Prng): string {
  if (entry.moduleId === 'internal-admin-sso') return 'com.medallia.bifrost';
  if (entry.moduleId === 'query-api') return 'com.medallia.reporting';
  return rng.float() < 0.8 ? 'com.medallia.express' : 'com.medallia.digital';
}

/** What the generator needs of a catalog entry, resolved once rather than per event. */
interface EntryPlan {
  entry: CatalogEntry;
  category: string;
  attributes: ReadonlyArray<readonly [string, AttributeSampler]>;
}

let plans: readonly EntryPlan[] | undefined;

function entryPlans(): readonly EntryPlan[] {
  plans ??= catalog.map((entry) => ({
    entry,
    category: categoryOf(entry),
    attributes: Object.entries(entry.attributes).map(
      ([name, schema]) => [name, attributeSampler(name, schema, entry)] as const,
    ),
  }));
  return plans;
}

/** `mm:ss.sssZ` for an offset into an hour: toISOString's tail, without a Date per event. */
function minuteSecondTail(offset: number): string {
  const ms = offset % 1000;
  const s = Math.floor(offset / 1000) % 60;
  const m = Math.floor(offset / 60_000);
  return `${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

/** One tenant-hour: its event times (drawn first) and its events (drawn as they are pulled). */
export interface HourDraw {
  /** Each event's time in ms since the start of the hour, ascending, one per event. */
  offsets: Uint32Array;
  /** The hour's events, unfiltered, in time order. */
  events: Generator<AuditEvent>;
}

/**
 * Draws one tenant-hour. Events are made one at a time as they are pulled (an hour can hold tens
 * of thousands: building them all first only made garbage survive longer).
 */
export function drawHour(seed: number, profile: TenantProfile, hour: number, perHour: number): HourDraw {
  const rng = new Prng(`${seed}/${profile.tenantId}/${hour}`);
  const count = Math.round(perHour * (0.5 + rng.float()));
  const offsets = new Uint32Array(count);
  for (let i = 0; i < count; i++) offsets[i] = rng.int(HOUR_MS);
  offsets.sort(); // numeric ascending, as the former (a, b) => a - b
  return { offsets, events: drawEvents(rng, profile, hour, offsets) };
}

function* drawEvents(rng: Prng, profile: TenantProfile, hour: number, offsets: Uint32Array): Generator<AuditEvent> {
  const all = entryPlans();
  // Every timestamp of the hour shares `yyyy-MM-ddTHH:`; toISOString's last 10 characters are `mm:ss.sssZ`.
  const hourIso = new Date(hour * HOUR_MS).toISOString();
  const prefix = hourIso.slice(0, hourIso.length - 10);
  for (let i = 0; i < offsets.length; i++) {
    const plan = all[rng.int(all.length)] as EntryPlan;
    const actor =
      rng.float() < 0.1
        ? profile.clients[rng.int(profile.clients.length)]
        : profile.users[rng.int(profile.users.length)];
    const time = prefix + minuteSecondTail(offsets[i] as number);
    const attributes: Record<string, unknown> = { request: rng.uuid() };
    for (const [name, sample] of plan.attributes) attributes[name] = sample(profile, rng);
    yield {
      timestamp: time,
      dateTime: time,
      eventId: rng.uuid(),
      actorId: actor?.id ?? '',
      name: plan.entry.lineName,
      category: plan.category,
      username: actor?.username ?? '',
      application: applicationOf(plan.entry, rng),
      tenant: profile.tenantName,
      tenantId: profile.tenantId,
      instanceId: profile.instanceId,
      instanceUrl: profile.instanceUrl,
      attributes,
    };
  }
}

/** Generates the events of one tenant-hour, unfiltered, in time order. */
export function hourEvents(seed: number, profile: TenantProfile, hour: number, perHour: number): AuditEvent[] {
  return [...drawHour(seed, profile, hour, perHour).events];
}

/** The events a query returns, in time order: the ground truth the mock streams as JSON Lines. */
export function* generateEvents(query: EventQuery): Generator<AuditEvent> {
  const oldest = query.nowMs - query.retentionDays * DAY_MS;
  const lo = Math.max(query.startMs, oldest);
  const hi = Math.min(query.endMs, query.nowMs + 1);
  if (hi <= lo) return;
  const profile = tenantProfile(query.seed, query.tenantId);
  const perHour = query.eventsPerHour ?? 30;
  const limit = query.limit ?? Number.POSITIVE_INFINITY;
  const matches = eventMatcher(query.filters);
  let emitted = 0;
  for (let hour = Math.floor(lo / HOUR_MS); hour * HOUR_MS < hi; hour++) {
    // Parse times only in the two partial hours at the window's edges.
    const whole = hour * HOUR_MS >= lo && (hour + 1) * HOUR_MS <= hi;
    for (const event of drawHour(query.seed, profile, hour, perHour).events) {
      if (!whole) {
        const t = Date.parse(event.timestamp);
        if (t < lo || t >= hi) continue;
      }
      if (!matches(event)) continue;
      yield event;
      if (++emitted >= limit) return;
    }
  }
}
