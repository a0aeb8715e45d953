// React state over any kit stream store (the hook the kit ships, useExport, does this for audit query exports).
import type { StreamSnapshot, StreamStore } from '@audit-export/query';
import { useCallback, useEffect, useSyncExternalStore } from 'react';

const IDLE: StreamSnapshot<never, never> = Object.freeze({
  status: 'idle',
  events: 0,
  bytes: 0,
  items: [],
  lastBatch: [],
  jobId: undefined,
  jobStatus: undefined,
  error: undefined,
  resumable: false,
});
const noop = () => undefined;

/** The store's snapshot (idle without a store); the store is aborted when replaced or unmounted. */
export function useStreamStore<T, J>(store: StreamStore<T, J> | undefined): StreamSnapshot<T, J> {
  const subscribe = useCallback((listener: () => void) => store?.subscribe(listener) ?? noop, [store]);
  const getSnapshot = useCallback(() => store?.getSnapshot() ?? (IDLE as StreamSnapshot<T, J>), [store]);
  useEffect(() => () => store?.abort(), [store]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
