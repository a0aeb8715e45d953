/** The stateful mock as the contract suite runs it: seeded, fixed clock start, jobs that finish in under a second. */
import { createMockServer, type MockServer } from '@audit-export/mock';

/** The mock's clock starts here (then ticks in real time); credentials are minted for it. */
export const MOCK_NOW = Date.parse('2026-11-24T12:00:00Z');

/** A mock clock that moves only when told: job states then follow the requests, not the machine's load. */
export class SteppedClock {
  constructor(public ms: number = MOCK_NOW) {}
  /** The mock's `config.now`. */
  readonly now = (): number => this.ms;
  /** Moves the clock forward. */
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** How long a job stays PENDING / Scheduled, in mock time: long enough that a stepped clock never races it. */
export const PENDING_MS = 5_000;

/**
 * Starts the mock on a free loopback port. With a {@link SteppedClock}, jobs stay pending for
 * {@link PENDING_MS} of mock time and finish 1 s later; without one (Respect, which polls in real
 * time) the clock is real and jobs finish in ~1.3 s, pending for the first second.
 */
export function startContractMock(clock?: SteppedClock): Promise<MockServer> {
  const pendingMs = clock ? PENDING_MS : 1_000;
  const processingMs = clock ? 1_000 : 300;
  return createMockServer({
    host: '127.0.0.1',
    port: 0,
    seed: 7,
    config: {
      now: clock ? clock.now : MOCK_NOW,
      auditQuery: { pendingMs, processingMs, eventsPerHour: 6 },
      zoho: { scheduledMs: pendingMs, progressMs: processingMs, entriesPerHour: 2 },
    },
  });
}

// The rewriting proxy moved to @audit-export/testkit (the CLI's check test uses it too); re-exported here.
export { type RewritingProxy, startRewritingProxy } from '@audit-export/testkit';
