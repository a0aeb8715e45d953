/**
 * Serialized tenant-hours, kept in a least-recently-used cache under a byte budget.
 *
 * An hour's events depend only on (seed, tenant, hour, events per hour), so its JSON Lines bytes
 * can be made once and streamed to every later request as they are: no generation, no
 * JSON.stringify, no string-to-UTF-8 copy. The budget bounds memory whatever the results asked for.
 */
import { drawHour } from '../data/audit-events.js';
import { serializeEvent } from '../data/catalog.js';
import type { TenantProfile } from '../data/values.js';
import { utf8 } from '../http.js';

/** One tenant-hour as JSON Lines bytes. */
export interface HourLines {
  /** Every line of the hour, each ending in `\n`, in time order. */
  bytes: Uint8Array;
  /** `ends[i]`: byte offset just past line i's newline. */
  ends: Uint32Array;
  /** `offsets[i]`: line i's time, in ms since the start of the hour (ascending). */
  offsets: Uint32Array;
}

/** What {@link HourCache} counts, for tests and curiosity. */
export interface HourCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

/** Default budget: at the default 30 events/hour (~14 KB an hour) it holds the whole retention of a few tenants. */
export const HOUR_CACHE_BYTES = 64 * 1024 * 1024;

/** Builds the bytes of one tenant-hour: the generator's events, serialized by @audit-export/events. */
export function buildHourLines(seed: number, profile: TenantProfile, hour: number, perHour: number): HourLines {
  const { offsets, events } = drawHour(seed, profile, hour, perHour);
  // Encode in ~64 KiB pieces: one string for the whole hour would be a deep rope to flatten.
  const pieces: Uint8Array[] = [];
  let size = 0;
  let text = '';
  for (const event of events) {
    text += `${serializeEvent(event)}\n`;
    if (text.length >= 65_536) {
      const piece = utf8(text);
      pieces.push(piece);
      size += piece.length;
      text = '';
    }
  }
  const last = utf8(text);
  pieces.push(last);
  size += last.length;
  // Its own memory, never a view of a larger buffer, so what the cache counts is what it holds.
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    bytes.set(piece, at);
    at += piece.length;
  }
  const ends = new Uint32Array(offsets.length);
  // JSON.stringify escapes LF inside strings, and UTF-8 never uses 0x0A inside a multi-byte
  // sequence, so every 0x0A byte ends a line.
  let pos = 0;
  for (let i = 0; i < ends.length; i++) {
    pos = bytes.indexOf(10, pos) + 1;
    ends[i] = pos;
  }
  return { bytes, ends, offsets };
}

/** A byte-bounded LRU of serialized tenant-hours. */
export class HourCache {
  private readonly entries = new Map<string, HourLines>();
  private size = 0;
  private hits = 0;
  private misses = 0;

  /** `maxBytes` bounds the bytes held; 0 turns caching off (every hour is built afresh). */
  constructor(readonly maxBytes = HOUR_CACHE_BYTES) {}

  /** The hour's lines, from the cache or built (and kept if it fits the budget). */
  get(seed: number, profile: TenantProfile, hour: number, perHour: number): HourLines {
    const key = `${seed}\n${profile.tenantId}\n${hour}\n${perHour}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    this.misses++;
    const built = buildHourLines(seed, profile, hour, perHour);
    const cost = entryBytes(built);
    if (cost > this.maxBytes) return built;
    for (const [oldKey, old] of this.entries) {
      if (this.size + cost <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.size -= entryBytes(old);
    }
    this.entries.set(key, built);
    this.size += cost;
    return built;
  }

  /** Entries, bytes held, hits and misses so far. */
  stats(): HourCacheStats {
    return { entries: this.entries.size, bytes: this.size, hits: this.hits, misses: this.misses };
  }
}

/** What one entry costs: its arrays plus about what its key, map slot and objects take. */
function entryBytes(lines: HourLines): number {
  return lines.bytes.length + lines.ends.byteLength + lines.offsets.byteLength + 256;
}
