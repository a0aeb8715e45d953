// Writes a deterministic JSONL file of realistic audit events (catalog names and attributes, UUIDs,
// ISO timestamps, about 3% of events with non-ASCII names, or none) for the benchmark: `node bench/generate-data.mjs <MB> <file> [ascii]`.
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { catalog } from '../dist/index.js';

/** mulberry32: a tiny seeded PRNG, so every run benchmarks the same bytes. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(42);
const pick = (list) => list[Math.floor(rand() * list.length)];
const hex = (n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const users = [
  'jpatterson',
  '_oauthClient_sre_client',
  'ssmith',
  'mgarcia',
  'lnowak',
  'yuki.tanaka',
  'admin',
  'ops-bot',
];
// About 3% of events name someone whose name is not ASCII, as an international user base does.
const international = ['zoë.müller', 'łukasz.nowak', 'josé.garcía', '山田太郎'];
const values = {
  method: ['password', 'SSO', 'SAML'],
  type: ['internal', 'external'],
  role: ['Admin', 'Analyst', 'Viewer'],
  cmd: ['groovy', 'reindex', 'flush-cache'],
};
const apps = ['com.medallia.express', 'express', 'digital', 'command-center'];

/** One realistic event line (without newline), at a given millisecond timestamp; `ascii` swaps non-ASCII names for ASCII ones. */
export function eventLine(ms, ascii = false) {
  const entry = pick(catalog);
  const foreign = rand() < 0.03;
  // The same random draws either way, so both files hold the same events but for those names.
  const picked = foreign ? pick(international) : pick(users);
  const username = foreign && ascii ? users[picked.length % users.length] : picked;
  const attributes = { request: uuid() };
  for (const key of Object.keys(entry.attributes)) {
    attributes[key] =
      key === 'user' ? username : values[key] ? pick(values[key]) : `${key}-${Math.floor(rand() * 100000)}`;
  }
  const time = new Date(ms).toISOString();
  return JSON.stringify({
    timestamp: time,
    dateTime: time,
    eventId: uuid(),
    actorId: rand() < 0.3 ? '' : String(Math.floor(rand() * 100000)),
    name: entry.lineName,
    category: rand() < 0.7 ? 'security' : 'configuration',
    username,
    application: pick(apps),
    tenant: 'cubedentest-be',
    tenantId: '123302',
    instanceId: '122047',
    instanceUrl: 'http://instance.medallia.com',
    attributes,
  });
}

/** Writes about `megabytes` MB of events to `file` (only ASCII with `ascii`); resolves to the number of events. */
export async function writeEvents(file, megabytes, ascii = false) {
  mkdirSync(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const target = megabytes * 1024 * 1024;
  let written = 0;
  let count = 0;
  let ms = Date.UTC(2026, 0, 1);
  while (written < target) {
    let batch = '';
    for (let i = 0; i < 1000; i++, count++) {
      ms += 37;
      batch += `${eventLine(ms, ascii)}\n`;
    }
    written += Buffer.byteLength(batch);
    if (!out.write(batch)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return count;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [megabytes = '256', file = new URL('./data/events-256mb.jsonl', import.meta.url).pathname, ascii] =
    process.argv.slice(2);
  console.log(`${await writeEvents(file, Number(megabytes), ascii === 'ascii')} events written to ${file}`);
}
