/** Times and durations as the flags take them: ISO-8601 instants, relative times (`24h`, `7d`) and durations. */
import { UsageError } from './errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;
// A full date-time with an offset: a bare date or a local time would depend on the machine's zone.
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** Milliseconds of a duration like `5m`, `90s`, `1.5h`, `7d`; a UsageError naming `flag` otherwise. */
export function parseDuration(text: string, flag: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) {
    throw new UsageError(`${flag} "${text}" is not a duration: use a number and a unit, e.g. 90s, 5m, 24h or 7d.`, {
      flag,
    });
  }
  return Number(match[1]) * (UNITS[match[2] as string] as number);
}

/**
 * An instant from an ISO-8601 date-time with an offset (`2024-09-16T05:00:00Z`), `now`, or a time relative to
 * `nowMs` (`24h`, `7d`: that long ago). Returns epoch milliseconds.
 */
export function parseInstant(text: string, flag: string, nowMs: number): number {
  const value = text.trim();
  if (value === 'now') return nowMs;
  if (DURATION.test(value)) return nowMs - parseDuration(value, flag);
  const ms = ISO.test(value) ? Date.parse(value.replace(/(\.\d{3})\d+/, '$1')) : Number.NaN;
  if (Number.isNaN(ms) || !sameCalendarDate(value, ms)) {
    throw new UsageError(
      `${flag} "${text}" is not a time: use ISO-8601 with an offset (2024-09-16T05:00:00Z), "now", or a time ago (30m, 24h, 7d).`,
      { flag },
    );
  }
  return ms;
}

/** Date.parse rolls 2024-02-30 over to March: refuse a day the calendar does not have. */
function sameCalendarDate(text: string, ms: number): boolean {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  const shift = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000 : 0;
  return new Date(ms + shift).toISOString().slice(0, 10) === text.slice(0, 10);
}

/** The ISO-8601 form the CLI sends and records (UTC, milliseconds only when there are any). */
export function isoOf(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** A compact UTC stamp for file names, e.g. `20240916T050000Z`. */
export function stampOf(ms: number): string {
  return isoOf(ms).replace(/[-:]/g, '').replace(/\.\d+/, '');
}
