// JSON text with a ceiling on nesting and length, for values that came from elsewhere: JSON.parse nests
// as deep as the text does (a 10 kB line nests 5,000 levels), and JSON.stringify recurses until the
// stack runs out. What a bound cuts off is replaced by a marker, and the result is still valid JSON.
import { utf8Length } from './utf8.js';

/** What a bound leaves where it cut: the end of a string, a value nested too deep, members that did not fit. */
export const TRUNCATION_MARKER = '[…]';

/** Containers (objects, arrays) nested deeper than this, the outermost value being level 1, are cut. */
export const MAX_JSON_DEPTH = 64;

/** How far boundedJson may go. */
export interface JsonBounds {
  /** Containers nested deeper than this are written as the marker string. */
  readonly maxDepth: number;
  /** Longest output, in UTF-8 bytes or UTF-16 units (`utf8`); at least 32. */
  readonly maxLength: number;
  readonly utf8: boolean;
}

const MARK = JSON.stringify(TRUNCATION_MARKER);

/** A writing pass: its bounds, sizes measured in their unit, and the size of what was last written. */
interface Pass {
  readonly maxDepth: number;
  readonly utf8: boolean;
  readonly size: (text: string) => number;
  readonly markSize: number;
  /** Size of the text the last write returned (so no text is measured twice). */
  written: number;
}

/**
 * `value` as JSON (as JSON.stringify writes it: `toJSON` called, `undefined` members skipped, non-finite
 * numbers as null; a BigInt as its digits) within `bounds`: a string cut keeps its start and ends in the
 * marker, a container too deep becomes the marker string, and members past the length budget are dropped
 * for a `"[…]":"[…]"` member (an array: a `"[…]"` item). Undefined for a value JSON has no text for.
 */
export function boundedJson(value: unknown, bounds: JsonBounds): string | undefined {
  const size = bounds.utf8 ? utf8Length : (text: string) => text.length;
  const pass: Pass = { maxDepth: bounds.maxDepth, utf8: bounds.utf8, size, markSize: size(MARK), written: 0 };
  return write(value, '', 0, Math.max(bounds.maxLength, 32), pass);
}

/** One value within `room` (never less than the marker's size). */
function write(value: unknown, key: string, depth: number, room: number, pass: Pass): string | undefined {
  let v = value;
  if (v !== null && (typeof v === 'object' || typeof v === 'bigint')) {
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') v = toJSON.call(v, key);
  }
  switch (typeof v) {
    case 'string':
      return quote(v, room, pass);
    case 'number':
      return token(Number.isFinite(v) ? String(v) : 'null', room, pass);
    case 'boolean':
    case 'bigint':
      return token(String(v), room, pass);
    case 'object':
      if (v === null) return token('null', room, pass);
      if (depth >= pass.maxDepth) return token(MARK, room, pass);
      return Array.isArray(v) ? array(v, depth + 1, room, pass) : record(v as object, depth + 1, room, pass);
    default:
      // undefined, a function, a symbol: skipped in an object, null in an array, as JSON.stringify does.
      return undefined;
  }
}

function token(text: string, room: number, pass: Pass): string {
  const size = pass.size(text);
  if (size <= room) {
    pass.written = size;
    return text;
  }
  pass.written = pass.markSize;
  return MARK;
}

function quote(text: string, room: number, pass: Pass): string {
  // Escaping never shortens a string: one longer than the room is cut without quoting all of it first.
  if (text.length + 2 <= room) {
    const quoted = JSON.stringify(text);
    const size = pass.size(quoted);
    if (size <= room) {
      pass.written = size;
      return quoted;
    }
  }
  const { keep, size } = fit(text, room - pass.markSize, pass.utf8);
  pass.written = size + pass.markSize;
  return JSON.stringify(text.slice(0, keep) + TRUNCATION_MARKER);
}

/** How many UTF-16 units of `text` fit in `budget` once escaped as JSON (never half a surrogate pair). */
function fit(text: string, budget: number, utf8: boolean): { keep: number; size: number } {
  let size = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    let units = 1;
    let cost: number;
    if (c < 0x20) cost = c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
    else if (c === 0x22 || c === 0x5c) cost = 2;
    else if (c < 0x80) cost = 1;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const low = text.charCodeAt(i + 1);
      if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        units = 2;
        cost = utf8 ? 4 : 2;
      } else cost = 6; // a lone surrogate is written as \uXXXX
    } else cost = utf8 ? (c < 0x800 ? 2 : 3) : 1;
    if (size + cost > budget) break;
    size += cost;
    i += units;
  }
  return { keep: i, size };
}

function array(items: readonly unknown[], depth: number, room: number, pass: Pass): string {
  if (items.length === 0) return token('[]', room, pass);
  // Room kept back until the last item, so that a cut can always add its `,"[…]"` and close.
  const reserve = 1 + pass.markSize;
  if (room < 2 + reserve) return token(MARK, room, pass);
  let out = '[';
  let used = 2;
  for (let i = 0; i < items.length; i++) {
    const comma = i > 0 ? 1 : 0;
    const avail = room - used - comma - (i === items.length - 1 ? 0 : reserve);
    if (avail < pass.markSize) {
      pass.written = used + comma + pass.markSize;
      return `${out}${comma ? ',' : ''}${MARK}]`;
    }
    const item = write(items[i], String(i), depth, avail, pass) ?? token('null', avail, pass);
    out += comma ? `,${item}` : item;
    used += comma + pass.written;
  }
  pass.written = used;
  return `${out}]`;
}

function record(value: object, depth: number, room: number, pass: Pass): string {
  const keys = Object.keys(value);
  // Room kept back until the last member, so that a cut can always add its `,"[…]":"[…]"` and close.
  const reserve = 2 + 2 * pass.markSize;
  if (room < 2 + reserve) return token(keys.length === 0 ? '{}' : MARK, room, pass);
  let out = '{';
  let used = 2;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const comma = used > 2 ? 1 : 0;
    const name = JSON.stringify(key);
    const need = comma + pass.size(name) + 1;
    const avail = room - used - need - (i === keys.length - 1 ? 0 : reserve);
    if (avail < pass.markSize) {
      pass.written = used + reserve - (comma ? 0 : 1);
      return `${out}${comma ? ',' : ''}${MARK}:${MARK}}`;
    }
    const member = write((value as Record<string, unknown>)[key], key, depth, avail, pass);
    if (member === undefined) continue;
    out += `${comma ? ',' : ''}${name}:${member}`;
    used += need + pass.written;
  }
  pass.written = used;
  return `${out}}`;
}

/** Whether JSON text nests at most `maxDepth` containers deep. Ordinary lines are settled by counting brackets. */
export function nestsWithin(json: string, maxDepth: number): boolean {
  // Each level takes an opening and a closing bracket; and fewer opening brackets than the limit, even
  // counting those inside strings, cannot nest deeper than it.
  if (
    json.length <= 2 * maxDepth ||
    countUpTo(json, '{', maxDepth + 1) + countUpTo(json, '[', maxDepth + 1) <= maxDepth
  ) {
    return true;
  }
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: up to the next quote that no backslash escapes.
      for (i++; i < json.length; i++) {
        const d = json.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return false;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return true;
}

/** Occurrences of `char` in `text`, counted up to `limit`. */
function countUpTo(text: string, char: string, limit: number): number {
  let count = 0;
  for (let i = text.indexOf(char); i !== -1 && count < limit; i = text.indexOf(char, i + 1)) count++;
  return count;
}
