// A virtualized table: only the rows in view are in the DOM, so a million loaded rows scroll as
// smoothly as twenty. Rows come as an array that grows in place (the export store appends to it);
// `version` (the row count) tells the table to look again.
import { useId, useRef, useState } from 'react';
import { useRowSearch } from './use-row-search.js';
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

/** A searchable, virtualized table of streamed rows. */
export function DataTable<T>({ label, rows, version, columns, rowKey }: DataTableProps<T>) {
  const [query, setQuery] = useState('');
  const scroller = useRef<HTMLDivElement>(null);
  const searchId = useId();
  const search = useRowSearch(rows, version, query.trim().toLowerCase(), (row) =>
    columns
      .map((column) => column.value(row))
      .join('\u0000')
      .toLowerCase(),
  );
  const view = search
    ? { count: search.matches.length, at: (i: number) => search.matches[i] as number }
    : { count: rows.length, at: (i: number) => i };
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
          {search === undefined
            ? `${rows.length.toLocaleString('en')} rows`
            : `${view.count.toLocaleString('en')} of ${rows.length.toLocaleString('en')} rows match${
                search.searching ? `, searching (${Math.floor(search.done * 100)}%)` : ''
              }`}
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
