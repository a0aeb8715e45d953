/**
 * Instants from the APIs' time texts, as keys that sort like the times they stand for, to the nanosecond.
 * Timestamps carry up to nine fractional digits (`2024-10-12T03:07:15.329132Z`), more than a Date keeps,
 * so a key is the epoch millisecond (zero-padded) plus the sub-millisecond digits.
 */

// ISO-8601 with `Z` or a numeric offset (`+05:30`, `+0530`), or the seed's `yyyy-MM-dd HH:mm:ssZZ`.
const TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:?\d{2})$/;

/** A sortable key for a time text (equal keys for the same instant in any offset), or undefined when it is not one. */
export function instantKey(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const match = TIME.exec(text);
  if (!match) return undefined;
  const [, date, clock, fraction = '', zone = 'Z'] = match;
  const offset = zone === 'Z' || zone === 'z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${date}T${clock}${offset}`);
  if (Number.isNaN(ms)) return undefined;
  const digits = fraction.padEnd(9, '0');
  const epochMs = ms + Number(digits.slice(0, 3));
  // Positive epochs only in practice; an offset keeps pre-1970 times sortable too.
  return `${String(epochMs + 1e14).padStart(16, '0')}.${digits.slice(3)}`;
}

/** Epoch milliseconds of an instant key (the sub-millisecond digits dropped). */
export function keyToEpochMs(key: string): number {
  return Number(key.slice(0, 16)) - 1e14;
}
