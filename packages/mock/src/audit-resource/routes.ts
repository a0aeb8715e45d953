/** The audit resource: `GET /audit` with filters, answering JSON or XML by `Accept`. */

import { decodeBase64 } from '../base64.js';
import type { InjectedErrorStatus } from '../config.js';
import type { Exchange, MockApi, MockContext } from '../context.js';
import { FAULT_HEADER } from '../faults.js';
import { auditResource as facts } from '../generated/spec-facts.gen.js';
import { header, sendJson, sendText } from '../http.js';
import { hashKey, Prng } from '../prng.js';
import { statusText } from '../status-text.js';
import { DAY_MS, parseUsDate } from '../time.js';

/** One audit entry, with the spec's field names. */
export type AuditRecord = Record<(typeof facts.fields)[number], string | number>;

/** Days of history the mock holds per account. */
export const HISTORY_DAYS = 90;

const FAILURES = ['', '', '', 'INVALID_PASSWORD', 'ACCESS_DENIED', 'LOCKED_OUT'];
const ENTITIES = ['study', 'site', 'subject', 'form', 'user', 'report'];

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`);
}

/** Who is connected: HTTP Basic user, or a session cookie. Passwords are not checked (it is a mock). */
function connectedUser(ex: Exchange): string | undefined {
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header(ex, 'authorization') ?? '')?.[1];
  if (basic) {
    const [user = '', ...rest] = decodeBase64(basic)?.split(':') ?? [];
    return user && rest.length > 0 ? user : undefined;
  }
  const session = /(?:^|;\s*)JSESSIONID=([^;]+)/.exec(header(ex, 'cookie') ?? '')?.[1];
  return session ? 'session-user' : undefined;
}

/** The records of one account-day, in time order. */
export function dayRecords(seed: number, account: string, day: number, perDay: number): AuditRecord[] {
  const rng = new Prng(`${seed}/audit/${account}/${day}`);
  const accountId = hashKey(account)[0] % 100_000;
  const users = ['edcAuditJohn', account, 'mgarcia', 'wchen', 'apatel'];
  const count = Math.round(perDay * (0.5 + rng.float()));
  const times = Array.from({ length: count }, () => rng.int(DAY_MS)).sort((a, b) => a - b);
  return times.map((t, i) => {
    const action = rng.pick(facts.actions);
    const ok = rng.float() < 0.85;
    const userIndex = rng.int(users.length);
    const entity = rng.pick(ENTITIES);
    return {
      id: day * 10_000 + i,
      accountId,
      occurredOn: day * DAY_MS + t,
      userId: 5000 + userIndex,
      username: users[userIndex] as string,
      sessionId: rng.hex(32).toUpperCase(),
      entityId: `${entity}-${rng.int(100_000)}`,
      eventType: action,
      eventResultCode: ok ? 'TRUE' : 'FALSE',
      eventResultFailure: ok ? '' : rng.pick(FAILURES.filter(Boolean)),
      eventInput1: action === 'LOGIN' ? 'web' : entity,
      eventInput2: action === 'UPDATE' ? `field:${rng.pick(['status', 'name', 'owner'])}` : '',
      eventInput3: '',
      eventOutput1: ok ? 'OK' : 'ERROR',
      eventOutput2: '',
      eventOutput3: '',
    } satisfies AuditRecord;
  });
}

/** The audit resource API. */
export class AuditResourceApi implements MockApi {
  constructor(private readonly ctx: MockContext) {}

  matches(path: string): boolean {
    return path === '/audit' || path === '/audit/';
  }

  fail(ex: Exchange, status: number, message: string, headers: Record<string, string> = {}): void {
    sendText(ex, status, 'text/plain', message, headers);
  }

  /** The spec declares no 5xx here: the reason phrase as plain text, like its 401 body. */
  failInjected(ex: Exchange, status: InjectedErrorStatus, headers: Record<string, string>): void {
    this.fail(ex, status, `${statusText(status) || 'Error'} (injected by ${FAULT_HEADER})`, headers);
  }

  async handle(ex: Exchange): Promise<void> {
    if (ex.method !== 'GET') {
      this.fail(ex, 405, `Method ${ex.method} is not allowed on /audit; use GET`);
      return;
    }
    const user = connectedUser(ex);
    if (!user) {
      this.fail(ex, 401, facts.unauthorized, { 'www-authenticate': facts.wwwAuthenticate });
      return;
    }
    const q = ex.url.searchParams;
    const action = q.get('action');
    const resultCode = q.get('resultCode');
    if (action !== null && !(facts.actions as readonly string[]).includes(action)) {
      this.fail(ex, 400, `action must be one of ${facts.actions.join(', ')}`);
      return;
    }
    if (resultCode !== null && !(facts.resultCodes as readonly string[]).includes(resultCode)) {
      this.fail(ex, 400, `resultCode must be one of ${facts.resultCodes.join(', ')}`);
      return;
    }
    const dates: Record<string, number | undefined> = {};
    for (const name of ['startDate', 'stopDate']) {
      const text = q.get(name);
      if (text === null) continue;
      dates[name] = parseUsDate(text);
      if (dates[name] === undefined) {
        this.fail(ex, 400, `${name} must be in the format mm/dd/yyyy (e.g. 12/01/2015), got "${text}"`);
        return;
      }
    }
    const today = Math.floor(ex.now / DAY_MS);
    const from = Math.max(dates.startDate ?? 0, (today - HISTORY_DAYS + 1) * DAY_MS);
    // stopDate is inclusive: the whole day counts.
    const to = Math.min(dates.stopDate === undefined ? ex.now : dates.stopDate + DAY_MS - 1, ex.now);
    const userName = q.get('userName');
    const perDay = this.ctx.config.auditResource?.recordsPerDay ?? 40;
    const records: AuditRecord[] = [];
    for (let day = Math.floor(from / DAY_MS); day * DAY_MS <= to; day++) {
      for (const r of dayRecords(this.ctx.seed, user, day, perDay)) {
        const t = r.occurredOn as number;
        if (t < from || t > to) continue;
        if (action !== null && r.eventType !== action) continue;
        if (resultCode !== null && r.eventResultCode !== resultCode) continue;
        if (userName !== null && r.username !== userName) continue;
        records.push(r);
      }
    }
    if (prefersXml(header(ex, 'accept'))) {
      const items = records.map(
        (r) =>
          `  <${facts.xmlItem}>\n${facts.fields.map((f) => `    <${f}>${xmlEscape(String(r[f]))}</${f}>`).join('\n')}\n  </${facts.xmlItem}>\n`,
      );
      sendText(
        ex,
        200,
        'application/xml',
        `<?xml version="1.0" encoding="UTF-8"?>\n<${facts.xmlRoot}>\n${items.join('')}</${facts.xmlRoot}>\n`,
      );
    } else {
      sendJson(ex, 200, { audit: records });
    }
  }
}

/** Whether an Accept header ranks XML above JSON (JSON wins ties and is the default). */
export function prefersXml(accept: string | undefined): boolean {
  if (!accept) return false;
  let xml = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const qValue = qParam ? Number(qParam.slice(2)) : 1;
    if (type === 'application/xml' || type === 'text/xml') xml = Math.max(xml, qValue);
    if (type === 'application/json' || type === '*/*' || type === 'application/*')
      json = Math.max(json, type === 'application/json' ? qValue : qValue * 0.99);
  }
  return xml > json;
}
