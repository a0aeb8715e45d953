/** The deterministic Zoho CRM audit log entries of an org, by hour, as the Zoho mock exports them. */
import { createFacts } from '../generated/zoho-create.gen.js';
import { Prng } from '../prng.js';

const HOUR_MS = 3_600_000;

/** One audit log entry (one CSV row). */
export interface ZohoEntry {
  auditedTime: number;
  doneBy: { name: string; id: string };
  action: string;
  module: { api_name: string; id: string };
  recordName: string;
  recordId: string;
  source: string;
  ipAddress: string;
}

// The seed's own users come first, so its sample criteria (done_by Boyle) select entries.
const USERS = [
  { name: 'Patricia', id: '2276164000000471001' },
  { name: 'Boyle', id: '2276164000000799326' },
  { name: 'Amelia', id: '2276164000000471017' },
  { name: 'Kiran', id: '2276164000000471023' },
  { name: 'Mateo', id: '2276164000000471031' },
  { name: 'Yuki', id: '2276164000000471047' },
];
const MODULES = [
  { api_name: 'Leads', id: '2276164000000000125' },
  { api_name: 'Contacts', id: '2276164000000000129' },
  { api_name: 'Accounts', id: '2276164000000000131' },
  { api_name: 'Deals', id: '2276164000000000133' },
  { api_name: 'Tasks', id: '2276164000000000135' },
  { api_name: 'Users', id: '2276164000000000157' },
];
// The vendor's action values (the spec's AuditAction), so that `action equal added` selects entries.
const ACTIONS = createFacts.actions;
const SOURCES = ['Web', 'API', 'Mobile', 'Workflow', 'Import'];
const NAMES = [
  'Zylker',
  'Boyle',
  'Acme, Inc.',
  'Globex "Intl"',
  'Initech',
  'Umbrella\nHoldings',
  'Stark Industries',
  'Wayne Enterprises',
];
const NETS = ['192.0.2.', '198.51.100.', '203.0.113.'];

/** The entries of one org-hour, in time order. */
export function hourEntries(seed: number, org: string, hour: number, perHour: number): ZohoEntry[] {
  const rng = new Prng(`${seed}/zoho/${org}/${hour}`);
  const count = Math.round(perHour * (0.5 + rng.float()));
  const offsets = Array.from({ length: count }, () => rng.int(HOUR_MS)).sort((a, b) => a - b);
  return offsets.map((offset) => ({
    auditedTime: hour * HOUR_MS + Math.floor(offset / 1000) * 1000,
    doneBy: rng.pick(USERS),
    action: rng.pick(ACTIONS),
    module: rng.pick(MODULES),
    // Some names carry commas, quotes and newlines on purpose: CSV quoting must survive them.
    recordName: rng.pick(NAMES),
    recordId: `2276164000${String(rng.int(1e9)).padStart(9, '0')}`,
    source: rng.pick(SOURCES),
    ipAddress: `${rng.pick(NETS)}${1 + rng.int(254)}`,
  }));
}

/** Entries with `auditedTime` in [startMs, endMs] that pass `keep`, in time order. */
export function* generateZohoEntries(
  seed: number,
  org: string,
  startMs: number,
  endMs: number,
  perHour: number,
  keep: (entry: ZohoEntry) => boolean,
): Generator<ZohoEntry> {
  for (let hour = Math.floor(startMs / HOUR_MS); hour * HOUR_MS <= endMs; hour++) {
    for (const entry of hourEntries(seed, org, hour, perHour)) {
      if (entry.auditedTime >= startMs && entry.auditedTime <= endMs && keep(entry)) yield entry;
    }
  }
}
