// The fault kinds are stated once, in src/fault-kinds.ts: the README's table, the usage text, the
// header parser, the config checks and the control API all follow it, and the flat config fields
// of earlier versions still read as their kinds.
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngineHost } from '../src/engine-host.js';
import { FAULT_KIND_NAMES, FAULT_KINDS, type FaultPart } from '../src/fault-kinds.js';
import { hasResponseFaults, requestEffects } from '../src/fault-layers.js';
import { FAULT_USAGE, faultHelp, faultTableMarkdown } from '../src/fault-usage.js';
import { configFaults, resolveFaults } from '../src/faults.js';
import {
  createMockServer,
  type FaultConfig,
  FaultHeaderError,
  loadConfigFile,
  type MockServer,
  parseFaultHeader,
} from '../src/index.js';
import { auditHeaders, get, NOW } from './helpers.js';

const P = '/audit-query-service/v2/export';
const README = new URL('../README.md', import.meta.url);
const parts = FAULT_KIND_NAMES.flatMap((kind) =>
  (FAULT_KINDS[kind].parts as readonly FaultPart<unknown>[]).map((part) => ({ kind, part })),
);

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the fault table', () => {
  it('is the README’s fault table, row for row', async () => {
    const readme = await readFile(README, 'utf8');
    const table = /<!-- fault-table -->\n([\s\S]*?)\n<!-- \/fault-table -->/.exec(readme)?.[1];
    expect(
      table,
      `README.md's fault table differs from src/fault-kinds.ts; it should read:\n${faultTableMarkdown()}`,
    ).toBe(faultTableMarkdown());
  });

  it.each(parts.map(({ kind, part }) => [part.example, kind, part] as const))(
    'parses its example "%s" into the kind %s, and names the part in the usage texts',
    (example, kind, part) => {
      expect(Object.keys(parseFaultHeader(example))).toContain(kind);
      const written = part.syntax ? `${part.key}=${part.syntax}` : part.key;
      expect(FAULT_USAGE).toContain(written);
      expect(faultHelp()).toContain(written);
    },
  );

  it('refuses each bound it states, with the table’s reason', () => {
    for (const bad of [
      'latency=600001',
      'latency=uniform:5:4',
      'latency=lognormal:1:11',
      'error-rate=1.5',
      'error-status=501',
      'retry-after=86401',
      'rate-limit=-0.1',
      'drop-after-lines=0',
      'dribble=0:10',
      'cut-after-bytes=1.5',
    ]) {
      const error = (() => {
        try {
          parseFaultHeader(bad);
        } catch (caught) {
          return caught as FaultHeaderError;
        }
      })();
      expect(error, bad).toBeInstanceOf(FaultHeaderError);
      expect(error?.message, bad).toMatch(new RegExp(`part "${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}": .+ must`));
    }
  });

  it('marks as answer faults exactly the kinds that act on the answer or the connection', () => {
    for (const { kind, part } of parts) {
      const table = FAULT_KINDS[kind];
      const acts = table.layer === 'socket' || (table.layer === 'response' && 'transform' in table);
      expect(hasResponseFaults(parseFaultHeader(part.example)), part.example).toBe(acts);
    }
  });
});

describe('fault layers', () => {
  it('lets a request’s latency replace the config’s, whatever its form', () => {
    const config = configFaults({ latencyUniformMs: [100, 200] });
    const faults = resolveFaults(config, 'latency=50');
    expect([...requestEffects(faults, Math.random)]).toEqual([{ delayMs: 50 }]);
  });

  it('lets a request’s connection fault replace the config’s', () => {
    expect(resolveFaults(configFaults({ resetByPeer: true }), 'random-data').connection).toBe('random-data');
  });

  it('keeps the config’s error rate when a request names only the status', () => {
    expect(resolveFaults({ error: { rate: 0.5 } }, 'error-status=502').error).toEqual({ rate: 0.5, status: 502 });
  });
});

describe('config.faults', () => {
  it.each([
    [{ latencyMs: 10 }, { latency: { kind: 'fixed', ms: 10 } }],
    [{ latencyUniformMs: [1, 2] }, { latency: { kind: 'uniform', minMs: 1, maxMs: 2 } }],
    [{ latencyLogNormal: { medianMs: 5, sigma: 1 } }, { latency: { kind: 'lognormal', medianMs: 5, sigma: 1 } }],
    [
      { errorRate: 0.5, errorStatus: 503, retryAfterSeconds: 2 },
      { error: { rate: 0.5, status: 503, retryAfterSeconds: 2 } },
    ],
    [{ rateLimitRate: 0.2 }, { rateLimit: 0.2 }],
    [{ resetByPeer: true, emptyResponse: true }, { connection: 'reset' }],
    [{ emptyResponse: true, randomData: true }, { connection: 'empty-response' }],
    [{ randomData: false }, {}],
    [
      { failJob: true, dropAfterLines: 3, dribble: { chunks: 2, overMs: 5 }, cutAfterBytes: 9, malformedChunk: true },
      { failJob: true, dropAfterLines: 3, dribble: { chunks: 2, overMs: 5 }, cutAfterBytes: 9, malformedChunk: true },
    ],
  ])('reads the flat fields of earlier versions, %j, as kinds', (legacy, kinds) => {
    expect(configFaults(legacy as FaultConfig)).toEqual(kinds);
  });

  it('keeps a kind given in its own form over its flat fields', () => {
    expect(configFaults({ latencyMs: 10, latency: { kind: 'fixed', ms: 20 } } as FaultConfig)).toEqual({
      latency: { kind: 'fixed', ms: 20 },
    });
  });

  it('runs a config file written with the flat fields as before', async () => {
    const file = join(tmpdir(), `mock-legacy-faults-${process.pid}.json`);
    await writeFile(file, JSON.stringify({ faults: { errorStatus: 503, retryAfterSeconds: 7 } }));
    server = await createMockServer({ seed: 7, config: { ...loadConfigFile(file), now: NOW } });
    const res = await get(`${server.url}${P}/status/x`, auditHeaders());
    expect([res.status, res.headers.get('retry-after')]).toEqual([503, '7']);
  });

  it('runs faults given as kinds', async () => {
    server = await createMockServer({ seed: 7, config: { now: NOW, faults: { error: { status: 502 } } } });
    expect((await get(`${server.url}${P}/status/x`, auditHeaders())).status).toBe(502);
  });

  it.each([
    [{ latencyMS: 5 }, 'unknown fault kind "latencyMS"'],
    [{ latency: 5 }, 'latency must be an object'],
    [{ latency: { kind: 'fixed', ms: -1 } }, 'latency.ms must be 0..600000, got -1'],
    [{ connection: 'rst' }, 'connection must be "reset", "empty-response" or "random-data", got "rst"'],
    [{ failJob: 'yes' }, 'failJob must be true or false'],
    [[], 'must be an object of fault kinds'],
  ])('refuses %j with a MockConfigError that says why', (faults, why) => {
    expect(() => createEngineHost({ config: { faults: faults as FaultConfig } })).toThrow(
      expect.objectContaining({ code: 'MOCK_CONFIG_INVALID', message: expect.stringContaining(why) }),
    );
  });
});

describe('the control API’s faults', () => {
  it.each(parts.map(({ part }) => part.example))('takes "%s"', async (example) => {
    const { engine } = createEngineHost({ baseUrl: 'http://mock.test' });
    const res = await engine.fetch(
      new Request('http://mock.test/__mock/faults', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ faults: example }),
      }),
    );
    expect([res.status, await res.json()]).toEqual([200, { faults: example }]);
  });

  it('refuses a value out of the table’s bounds, naming the field', async () => {
    const { engine } = createEngineHost({ baseUrl: 'http://mock.test' });
    const res = await engine.fetch(
      new Request('http://mock.test/__mock/faults', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ faults: 'dribble=3:700000' }),
      }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'MOCK_FAULT_HEADER_INVALID',
      field: 'faults',
      message: expect.stringContaining('dribble.overMs must be 0..600000, got 700000'),
    });
  });
});
