import type { OperationModel } from './model.js';

const DAY_MS = 86_400_000;
/** ISO-8601 dates with an optional time and offset (`2024-09-16T05:00:00z`, `2024-01-01 11:30:00-0800`). */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*([zZ]|[+-]\d{2}:?\d{2})?$/;
/** `mm/dd/yyyy`. */
const US = /^(\d{2})\/(\d{2})\/(\d{4})$/;

/** A date written in one of the APIs' date formats, in epoch ms; undefined for any other text. */
export function parseExampleDate(text: string): number | undefined {
  const iso = ISO.exec(text.trim());
  if (iso) {
    const [, y, m, d, hh = '00', mm = '00', ss = '00', zone = 'Z'] = iso;
    const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    const ms = Date.parse(`${y}-${m}-${d}T${hh}:${mm}:${ss}${offset}`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  const us = US.exec(text.trim());
  if (us) {
    const ms = Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2]));
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

function strings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) strings(item, out);
}

/**
 * The day after the newest date among the examples of the operations' parameters and bodies: the
 * in-page mock's clock starts there, so the prefilled examples ask for data the mock still holds
 * (it keeps a few months of events, and the examples are older).
 */
export function exampleClock(operations: readonly OperationModel[]): string | undefined {
  const texts: string[] = [];
  for (const operation of operations) {
    for (const parameter of operation.parameters) texts.push(parameter.example);
    for (const example of operation.body?.examples ?? []) strings(JSON.parse(example.value), texts);
  }
  const dates = texts.map(parseExampleDate).filter((ms): ms is number => ms !== undefined);
  if (dates.length === 0) return undefined;
  const next = new Date(Math.max(...dates) + DAY_MS);
  return `${next.toISOString().slice(0, 10)}T00:00:00Z`;
}
