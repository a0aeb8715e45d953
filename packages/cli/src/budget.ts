/**
 * Request budgets: every request is counted by operation and UTC day, against the spec's `x-rate-limit` (the
 * API's and each operation's `requestsPerDay`); the per-second limit goes to the client's limiter. The counts live
 * in the sync state, so runs every few minutes share one day's budget.
 */
import type { ApiName } from './apis.js';
import { operationOf, type RateLimit, rateLimits } from './spec-facts.js';

/** Requests counted on one UTC day, by operationId. */
export interface BudgetCounts {
  day: string;
  byOperation: Record<string, number>;
}

/** Counts requests and says how many the day still allows. */
export class Budget {
  private counts: BudgetCounts;
  private readonly limits: { api: RateLimit | undefined; operations: Map<string, RateLimit> };

  constructor(
    private readonly api: ApiName,
    saved: BudgetCounts | undefined,
    private readonly now: () => number = Date.now,
    /** A daily budget of the user's own (`--daily-budget`), for an API whose spec states none or a smaller share. */
    private readonly override?: number,
  ) {
    this.limits = rateLimits(api);
    this.counts = saved && saved.day === this.today() ? structuredClone(saved) : { day: this.today(), byOperation: {} };
  }

  /** The client's per-second limiter, from the spec's `requestsPerSecond` (the API's; else the smallest operation's). */
  perSecond(): { requestsPerWindow: number; windowMs: number } | false {
    const values = [
      this.limits.api?.requestsPerSecond,
      ...[...this.limits.operations.values()].map((l) => l.requestsPerSecond),
    ];
    const known = values.filter((v): v is number => typeof v === 'number' && v > 0);
    return known.length === 0 ? false : { requestsPerWindow: Math.min(...known), windowMs: 1000 };
  }

  /** Counts one request (called by the fetch the clients use). */
  count(method: string, url: string): void {
    const today = this.today();
    if (this.counts.day !== today) this.counts = { day: today, byOperation: {} };
    const operation = operationOf(this.api, method, url) ?? 'other';
    this.counts.byOperation[operation] = (this.counts.byOperation[operation] ?? 0) + 1;
  }

  /** Requests counted today. */
  used(): number {
    return Object.values(this.counts.byOperation).reduce((sum, n) => sum + n, 0);
  }

  /** The day's limit: the user's override, else the spec's for the API; undefined when neither states one. */
  dailyLimit(): number | undefined {
    return this.override ?? this.limits.api?.requestsPerDay;
  }

  /**
   * Requests still allowed today, the tightest of the API's budget and each operation's own (an operation's
   * `requestsPerDay` counts only its requests). Infinity when nothing states a budget.
   */
  remaining(): number {
    const today = this.today();
    const counts = this.counts.day === today ? this.counts.byOperation : {};
    let left = Number.POSITIVE_INFINITY;
    const total = this.dailyLimit();
    if (total !== undefined) left = total - Object.values(counts).reduce((sum, n) => sum + n, 0);
    for (const [operation, limit] of this.limits.operations) {
      if (limit.requestsPerDay !== undefined) left = Math.min(left, limit.requestsPerDay - (counts[operation] ?? 0));
    }
    return left;
  }

  /** The counts to save. */
  snapshot(): BudgetCounts {
    return structuredClone(this.counts);
  }

  /** A fetch that counts each request before sending it. */
  countingFetch(fetchImpl: typeof fetch = fetch): (request: Request) => Promise<Response> {
    return (request) => {
      this.count(request.method, request.url);
      return fetchImpl(request);
    };
  }

  private today(): string {
    return new Date(this.now()).toISOString().slice(0, 10);
  }
}
