// A short, live log of what the clients did on their own (retries after a 429, a 5xx, a dropped
// connection): the user sees why an export pauses instead of a spinner that says nothing.
import type { RetryEvent } from '@audit-export/client';
import { useSyncExternalStore } from 'react';

/** One line of the activity log. */
export interface Activity {
  id: number;
  at: Date;
  text: string;
}

const MAX = 50;
let lines: readonly Activity[] = [];
let next = 1;
const listeners = new Set<() => void>();

/** Adds a line (the newest first; the oldest drop off past 50). */
export function logActivity(text: string): void {
  lines = [{ id: next++, at: new Date(), text }, ...lines].slice(0, MAX);
  for (const listener of listeners) listener();
}

/** Describes a client retry the way a person reads it. */
export function describeRetry(event: RetryEvent): string {
  const wait = `${(event.delayMs / 1000).toFixed(1)} s`;
  const why =
    event.reason === 429
      ? 'rate limited (429)'
      : event.reason === 'network'
        ? 'connection failed'
        : event.reason === 'auth'
          ? 'token refused (401), asking for a fresh one'
          : `server answered ${event.reason}`;
  return `${event.method} ${event.path}: ${why}; retry ${event.retry} in ${wait}`;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The log as React state. */
export function useActivity(): readonly Activity[] {
  return useSyncExternalStore(subscribe, () => lines);
}
