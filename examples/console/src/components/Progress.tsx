// The stream's progress: a bar, the event and byte counters, and the store's status.
import type { StreamSnapshot } from '@audit-export/query';
import { useId } from 'react';

/** Bytes as a person reads them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `fraction`: 0..1 when the share done is known, undefined for a bar that only says "working". */
export function Progress({
  run,
  fraction,
  noun,
}: {
  run: Pick<StreamSnapshot<unknown, unknown>, 'status' | 'events' | 'bytes'>;
  fraction: number | undefined;
  noun: string;
}) {
  const id = useId();
  const done = run.status === 'done';
  const value = done ? 1 : fraction;
  return (
    <div className="progress">
      <label htmlFor={id}>Progress</label>
      {value === undefined || run.status === 'idle' ? <progress id={id} /> : <progress id={id} max={1} value={value} />}
      <span data-testid="stream-status" data-status={run.status}>
        {run.status}
      </span>
      <span>
        <strong data-testid="event-count">{run.events.toLocaleString('en')}</strong> {noun}
      </span>
      <span>
        <strong data-testid="byte-count">{formatBytes(run.bytes)}</strong> received
      </span>
    </div>
  );
}
