// A row of the table that fails to render (a getter that throws, a value no one foresaw) must not take the
// page down with it: React unmounts the whole tree on an error no boundary catches. Values themselves are
// shown through @audit-export/events' formatValue, which never throws and bounds what it shows.
import { formatValue } from '@audit-export/events';
import { Component, type CSSProperties, type ReactNode } from 'react';

/** The text a cell shows for a row: the column's value, bounded (1,024 characters, 64 levels, `[…]` where cut). */
export function cellText<T>(column: { value(row: T): unknown }, row: T): string {
  const value = column.value(row);
  return value === undefined || value === null ? '' : formatValue(value);
}

interface RowBoundaryProps {
  /** The row's aria-rowindex and position, kept by the marker row. */
  rowIndex: number;
  style: CSSProperties;
  children: ReactNode;
}

/** Renders its row, or a marker row in the same place when rendering it threw. Keyed by row: a new row retries. */
export class RowBoundary extends Component<RowBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <tr
        aria-rowindex={this.props.rowIndex}
        className="row row-error"
        style={this.props.style}
        data-testid="row-error"
      >
        <td>This row could not be shown.</td>
      </tr>
    );
  }
}
