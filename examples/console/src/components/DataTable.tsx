// A virtualized table: only the rows in view are in the DOM, so a million loaded rows scroll as
// smoothly as twenty. Rows come as an array that grows in place (the export store appends to it);
// `version` (the row count) tells the table to look again.
import { type CSSProperties, useId, useRef, useState } from 'react';
import { cellText, RowBoundary } from './RowBoundary.js';
import { useRowSearch } from './use-row-search.js';
import { useRowWindow } from './use-row-window.js';

/** One column: its header, CSS grid width and a row's value (any value: shown through `formatValue`, bounded). */
export interface Column<T> {
  header: string;
  width: string;
  value(row: T): unknown;
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

/** The row's key, or its position when the key cannot be read (the row then shows its own failure). */
function keyOf<T>(rowKey: (row: T, index: number) => string, row: T, index: number): string {
  try {
    return `k:${rowKey(row, index)}`;
  } catch {
    return `at:${index}`;
  }
}

/** One row's cells, read in its own render so that a failure stays inside its RowBoundary. */
function TableRow<T>({
  row,
  columns,
  rowIndex,
  style,
}: {
  row: T;
  columns: readonly Column<T>[];
  rowIndex: number;
  style: CSSProperties;
}) {
  return (
    <tr aria-rowindex={rowIndex} className="row" style={style}>
      {columns.map((column) => {
        const value = cellText(column, row);
        return (
          <td key={column.header} title={value}>
            {value}
          </td>
        );
      })}
    </tr>
  );
}

/** A searchable, virtualized table of streamed rows. */
export function DataTable<T>({ label, rows, version, columns, rowKey }: DataTableProps<T>) {
  const [query, setQuery] = useState('');
  const scroller = useRef<HTMLDivElement>(null);
  const searchId = useId();
  const search = useRowSearch(rows, version, query.trim().toLowerCase(), (row) => {
    try {
      return columns
        .map((column) => cellText(column, row))
        .join('\u0000')
        .toLowerCase();
    } catch {
      // A row that cannot be read matches nothing; its place in the table shows why (RowBoundary).
      return '';
    }
  });
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
              const style: CSSProperties = {
                ...grid,
                transform: `translateY(${index * ROW_HEIGHT}px)`,
                height: ROW_HEIGHT,
              };
              // One boundary a row: a row that fails to render shows a marker, and the others go on.
              return (
                <RowBoundary key={keyOf(rowKey, row, at)} rowIndex={index + 2} style={style}>
                  <TableRow row={row} columns={columns} rowIndex={index + 2} style={style} />
                </RowBoundary>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}
