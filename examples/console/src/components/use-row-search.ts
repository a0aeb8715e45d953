// Searches the loaded rows without blocking the page. A scan of a million rows takes seconds (each row's
// text is built on the fly: keeping a search string per row would not fit the heap budget), so it runs
// in slices of a few ms between frames and shows its matches as it goes (bench/README.md). Typing on
// (`log` → `logi`) only re-checks the rows that already matched; rows streamed in later are scanned as
// they arrive.
import { useEffect, useRef, useState } from 'react';
import { SLICE_MS, yieldToPage } from '../yield-to-page.js';

/** Where the search stands: the matching row indices found so far, in order, and whether it goes on. */
export interface RowSearch {
  matches: readonly number[];
  searching: boolean;
  /** Share of the work done, 0 to 1. */
  done: number;
}

/** One query's scan: rows it must re-check (`candidates`, from a shorter query), then rows from `scanned` on. */
interface Scan {
  query: string;
  rows: readonly unknown[];
  candidates: readonly number[];
  checked: number;
  /** Where the scan of new rows started (for the progress). */
  from: number;
  scanned: number;
  matches: number[];
}

const fresh = (query: string, rows: readonly unknown[]): Scan => ({
  query,
  rows,
  candidates: [],
  checked: 0,
  from: 0,
  scanned: 0,
  matches: [],
});

/** A scan for `query` that extends `previous.query`: only its matches (and what it had yet to check) can match. */
const refine = (previous: Scan, query: string): Scan => ({
  ...previous,
  query,
  candidates: [...previous.matches, ...previous.candidates.slice(previous.checked)],
  checked: 0,
  from: previous.scanned,
  matches: [],
});

const finished = (scan: Scan) => scan.checked === scan.candidates.length && scan.scanned === scan.rows.length;

/** Tests rows for `scan.query` until the work or `budgetMs` runs out. */
function step(scan: Scan, text: (row: unknown) => string, budgetMs: number): void {
  const end = performance.now() + budgetMs;
  let tested = 0;
  const over = () => (++tested & 127) === 0 && performance.now() > end;
  while (scan.checked < scan.candidates.length) {
    const at = scan.candidates[scan.checked++] as number;
    if (text(scan.rows[at]).includes(scan.query)) scan.matches.push(at);
    if (over()) return;
  }
  while (scan.scanned < scan.rows.length) {
    const at = scan.scanned++;
    if (text(scan.rows[at]).includes(scan.query)) scan.matches.push(at);
    if (over()) return;
  }
}

/**
 * The rows whose `text` contains `query` (already lower-cased; undefined for an empty query). `rows` may
 * grow in place: `version` changes when it does.
 */
export function useRowSearch<T>(
  rows: readonly T[],
  version: number,
  query: string,
  text: (row: T) => string,
): RowSearch | undefined {
  const scanRef = useRef<Scan | undefined>(undefined);
  const textRef = useRef(text);
  textRef.current = text;
  const [, setTick] = useState(0);
  let scan = scanRef.current;
  if (query === '') scan = undefined;
  else if (!scan || scan.rows !== rows || scan.scanned > rows.length) scan = fresh(query, rows);
  else if (scan.query !== query) scan = query.includes(scan.query) ? refine(scan, query) : fresh(query, rows);
  scanRef.current = scan;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` says the rows grew, so the scan goes on.
  useEffect(() => {
    if (!scan || finished(scan)) return;
    let stopped = false;
    void (async () => {
      while (!stopped && !finished(scan)) {
        step(scan, textRef.current as (row: unknown) => string, SLICE_MS);
        setTick((tick) => tick + 1);
        await yieldToPage();
      }
    })();
    return () => {
      stopped = true;
    };
  }, [scan, version]);

  if (!scan) return undefined;
  const work = scan.candidates.length + rows.length - scan.from;
  return {
    matches: scan.matches,
    searching: !finished(scan),
    done: work === 0 ? 1 : (scan.checked + scan.scanned - scan.from) / work,
  };
}
