// A virtualized table: only the rows in view are in the DOM, so a million loaded rows scroll as
// smoothly as twenty. Rows come as an array that grows in place (the export store appends to it);
// `version` (the row count) tells the table to look again.
import { useDeferredValue, useId, useRef, useState } from 'react';
import { useRowWindow } from './use-row-window.js';

/** One column: its header, CSS grid width and how to show a row's value. */
export interface Column<T> {
  header: string;
  width: string;
  value(row: T): string;
}

/** Props of DataTable. */
export interface DataTableProps<T> {
  /** Accessible name of the table, e.g. "Exported events". */
  label: string;
  rows: readonly T[];
  /** Changes whenever rows were appended (the store's event count). */
  version: number;
  columns: readonly Column<T>[];
  /** Stable key of a row. */
  rowKey(row: T, index: number): string;
}

const ROW_HEIGHT = 28;

/** Search state kept between renders: rows scanned so far and the indices that matched. */
interface SearchIndex {
  query: string;
  rows: readonly unknown[];
  scanned: number;
  matches: number[];
}

/** Extends the index over rows appended since the last render (a new query or new rows array starts over). */
function searchRows<T>(index: SearchIndex | undefined, query: string, rows: readonly T[], text: (row: T) => string) {
  const fresh = !index || index.query !== query || index.rows !== rows || index.scanned > rows.length;
  const next: SearchIndex = fresh ? { query, rows, scanned: 0, matches: [] } : index;
  // Only the new rows are scanned: typing stays instant while a million rows stream in.
  for (let i = next.scanned; i < rows.length; i++) if (text(rows[i] as T).includes(query)) next.matches.push(i);
  next.scanned = rows.length;
  return next;
}

/** A searchable, virtualized table of streamed rows. */
export function DataTable<T>({ label, rows, version, columns, rowKey }: DataTableProps<T>) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query.trim().toLowerCase());
  const scroller = useRef<HTMLDivElement>(null);
  const index = useRef<SearchIndex | undefined>(undefined);
  const searchId = useId();
  let view: { count: number; at: (i: number) => number };
  if (deferred === '') {
    view = { count: rows.length, at: (i) => i };
  } else {
    index.current = searchRows(index.current, deferred, rows, (row) =>
      columns
        .map((column) => column.value(row))
        .join('\u0000')
        .toLowerCase(),
    );
    const matches = index.current.matches;
    view = { count: matches.length, at: (i) => matches[i] as number };
  }
  const range = useRowWindow(scroller, view.count, ROW_HEIGHT);
  const shown: number[] = [];
  for (let i = range.start; i < range.end; i++) shown.push(i);
  const grid = { gridTemplateColumns: columns.map((column) => column.width).join(' ') };
  return (
    <div className="table-block">
      <div className="table-tools">
        <label htmlFor={searchId}>Search loaded rows</label>
        <input
          id={searchId}
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder="name, user, id…"
        />
        <output data-testid="row-count" aria-live="off">
          {deferred === ''
            ? `${rows.length.toLocaleString('en')} rows`
            : `${view.count.toLocaleString('en')} of ${rows.length.toLocaleString('en')} rows match`}
        </output>
        <span hidden data-testid="row-total" data-version={version}>
          {rows.length}
        </span>
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
      <section ref={scroller} className="scroller" tabIndex={0} aria-label={`${label}, scrollable`}>
        <table aria-label={label} aria-rowcount={view.count + 1} className="table">
          <thead>
            <tr aria-rowindex={1} className="row head" style={grid}>
              {columns.map((column) => (
                <th scope="col" key={column.header}>
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody style={{ height: range.totalHeight }}>
            {shown.map((index) => {
              const at = view.at(index);
              const row = rows[at] as T;
              return (
                <tr
                  aria-rowindex={index + 2}
                  key={rowKey(row, at)}
                  className="row"
                  style={{ ...grid, transform: `translateY(${index * ROW_HEIGHT}px)`, height: ROW_HEIGHT }}
                >
                  {columns.map((column) => {
                    const value = column.value(row);
                    return (
                      <td key={column.header} title={value}>
                        {value}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}
