/** Time parsing and formatting shared by the three APIs. */
import { auditQuery } from './generated/spec-facts.gen.js';

/** The forms the spec's `AuditDateTime` accepts (`SpringDateTime`, `IsoDateTime`), compiled once. */
const AUDIT_TIME_FORMS: readonly RegExp[] = auditQuery.timePatterns.map((p) => new RegExp(p));

/** Reads the parts of a time once a spec pattern accepted it (this regex validates nothing). */
const PARTS = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$/;

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/** Whether `text` is in one of the time forms the spec accepts (its `AuditDateTime` patterns). */
export function isAuditTime(text: string): boolean {
  return AUDIT_TIME_FORMS.some((form) => form.test(text));
}

/**
 * Parses the audit query service's time forms, exactly those of the spec's `AuditDateTime`
 * (`yyyy-MM-dd HH:mm:ssZZ`, ISO-8601 with `z`, `Z` or `±hh:mm`). A date the calendar lacks
 * (`2024-02-31`) is no time either. Returns epoch ms or undefined.
 */
export function parseAuditTime(text: string): number | undefined {
  if (!isAuditTime(text)) return undefined;
  const m = PARTS.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  let offsetMin = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const sign = zone[0] === '-' ? -1 : 1;
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  const ms = Math.floor(Number(`0${frac || '.0'}`) * 1000);
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(local);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return undefined; // 2024-02-31
  return local - offsetMin * 60_000;
}

// Under load many answers in a row carry the same millisecond: the last one formatted is kept.
let lastMicrosMs = Number.NaN;
let lastMicros = '';

/** ISO-8601 in UTC with microseconds, like the seed's `statusTime` (`2024-10-12T03:07:15.329132Z`). */
export function isoMicros(ms: number): string {
  if (ms !== lastMicrosMs) {
    const iso = new Date(ms).toISOString();
    lastMicros = `${iso.slice(0, iso.length - 1)}000Z`;
    lastMicrosMs = ms;
  }
  return lastMicros;
}

/** The Spring error timestamp form, `2024-10-14T17:18:45.909+00:00`. */
export function springTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/** Zoho's time form: seconds precision with a numeric offset (`2024-07-03T21:11:59+00:00`). */
export function zohoTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

/** Parses `mm/dd/yyyy` (the audit resource's date form) to the UTC midnight starting that day. */
export function parseUsDate(text: string): number | undefined {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  if (!m) return undefined;
  const [, mo, d, y] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d));
  const check = new Date(ms);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return undefined;
  return ms;
}

/** Jackson's serialization of a `java.time.OffsetDateTime` in UTC, as the seed's `params` shows it. */
export function jacksonOffsetDateTime(ms: number): unknown {
  const t = new Date(ms);
  return {
    dateTime: {
      date: { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() },
      time: {
        hour: t.getUTCHours(),
        minute: t.getUTCMinutes(),
        second: t.getUTCSeconds(),
        nano: t.getUTCMilliseconds() * 1_000_000,
      },
    },
    offset: { totalSeconds: 0 },
    zone: { totalSeconds: 0 },
  };
}
