/** Ground truth from the mock's own generators, and the CLI's output read back. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { criteria } from '@audit-export/client/zoho';
import {
  createMockEngine,
  type EventFilters,
  generateEvents,
  type MockConfig,
  mintZohoToken,
} from '@audit-export/mock';
import { loadDocument } from '@audit-export/spec';

const retentionDays = loadDocument('audit-query')['x-retention-days'] as number;

/** The eventIds the mock holds for a tenant and window, in order (its generator, as its results use it). */
export function auditQueryTruth(
  mock: { seed: number; config: MockConfig },
  query: { tenantId: string; startMs: number; endMs: number; eventsPerHour?: number; filters?: EventFilters },
): string[] {
  const events = generateEvents({
    seed: mock.seed,
    tenantId: query.tenantId,
    startMs: query.startMs,
    endMs: query.endMs,
    nowMs: Date.now(),
    retentionDays,
    eventsPerHour: query.eventsPerHour ?? mock.config.auditQuery?.eventsPerHour ?? 30,
    ...(query.filters ? { filters: query.filters } : {}),
  });
  return [...events].map((event) => event.eventId);
}

/** The Record Ids of the Zoho entries of `[startMs, endMs)`, from an engine with the same seed and config. */
export async function zohoTruth(
  mock: { seed: number; config: MockConfig },
  startMs: number,
  endMs: number,
  scenario?: string,
): Promise<string[]> {
  // The whole range in one export: no result limit cutting the truth short.
  const zoho = { ...mock.config.zoho, resultLimit: 10_000_000 };
  const engine = createMockEngine({
    seed: mock.seed,
    config: { ...mock.config, zoho, ...(scenario ? { scenario } : {}) },
    baseUrl: 'http://truth.test',
  });
  const body = {
    audit_log_export: [{ criteria: criteria.auditedTimeBetween(new Date(startMs), new Date(endMs - 1000)) }],
  };
  const response = await engine.fetch(
    new Request('http://truth.test/crm/v7/settings/audit_log_export', {
      method: 'POST',
      headers: { Authorization: `Zoho-oauthtoken ${mintZohoToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  const created = (await response.json()) as { audit_log_export: { details: { id: string } }[] };
  const jobId = created.audit_log_export[0]?.details.id as string;
  return engine.expectedZohoEntries(jobId).map((entry) => entry.recordId);
}

/** The JSON Lines records of an output file (gzip when it ends .gz: every member). */
export function readOutput(file: string): Record<string, unknown>[] {
  const bytes = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** eventIds of an audit query output. */
export function idsOf(file: string): string[] {
  return readOutput(file).map((event) => String(event.eventId));
}

/** An hour-aligned window `hoursAgo` hours back, `hours` long (inside retention, in the past). */
export function pastWindow(
  hoursAgo: number,
  hours: number,
): { startMs: number; endMs: number; from: string; to: string } {
  const hour = 3_600_000;
  const startMs = Math.floor(Date.now() / hour) * hour - hoursAgo * hour;
  const endMs = startMs + hours * hour;
  return { startMs, endMs, from: new Date(startMs).toISOString(), to: new Date(endMs).toISOString() };
}

/**
 * The shortest past window of whole hours starting `hoursAgo` hours back that holds at least `atLeast` items by
 * `count`. The mock draws 0.5 to 1.5 times its hourly rate for each hour, so a window of fixed length holds more
 * or fewer depending on the hour a test runs in; a test that needs a number of items asks for it.
 */
export async function pastWindowHolding(
  hoursAgo: number,
  atLeast: number,
  count: (window: ReturnType<typeof pastWindow>) => number | Promise<number>,
): Promise<ReturnType<typeof pastWindow>> {
  for (let hours = 1; hours <= hoursAgo; hours++) {
    const window = pastWindow(hoursAgo, hours);
    if ((await count(window)) >= atLeast) return window;
  }
  throw new Error(`no window of up to ${hoursAgo} hours holds ${atLeast} items`);
}
