/** Realistic attribute values and per-tenant people, drawn from a seeded PRNG. */

import { Prng } from '../prng.js';
import type { AttributeSchema, CatalogEntry } from './catalog.js';

/** One person or OAuth client that can act in a tenant. */
export interface Actor {
  id: string;
  username: string;
}

/** The stable cast of one tenant: its users, OAuth clients and instance. */
export interface TenantProfile {
  tenantId: string;
  tenantName: string;
  instanceId: string;
  instanceUrl: string;
  users: Actor[];
  clients: Actor[];
}

const FIRST = ['james', 'maria', 'wei', 'fatima', 'olga', 'diego', 'aisha', 'john', 'priya', 'lucas', 'emma', 'kenji'];
const LAST = [
  'patterson',
  'garcia',
  'chen',
  'okafor',
  'ivanova',
  'silva',
  'khan',
  'smith',
  'nair',
  'muller',
  'rossi',
  'sato',
];

/** The users, clients and instance of a tenant, the same for a given seed and tenant. */
export function tenantProfile(seed: number, tenantId: string): TenantProfile {
  const rng = new Prng(`${seed}/${tenantId}/profile`);
  const users: Actor[] = [];
  const seen = new Set<string>();
  while (users.length < 16) {
    const username = `${rng.pick(FIRST)[0]}${rng.pick(LAST)}`;
    if (seen.has(username)) continue;
    seen.add(username);
    users.push({ id: String(1000 + rng.int(90_000)), username });
  }
  const slug = tenantId.toLowerCase().replace(/[^a-z0-9-]+/g, '-') || 'tenant';
  return {
    tenantId,
    tenantName: tenantId,
    instanceId: String(100_000 + rng.int(900_000)),
    instanceUrl: `https://${slug}.medallia.mock.invalid`,
    users,
    // OAuth clients act with an empty actorId, as in the seed's sample lines.
    clients: [
      { id: '', username: '_oauthClient_sre_client' },
      { id: '', username: '_oauthClient_reporting_sync' },
    ],
  };
}

// Values by attribute name, for attributes whose catalog entry gives no examples.
const BY_NAME: Record<string, readonly string[]> = {
  method: ['password', 'sso', 'saml', 'oauth2', 'api-key'],
  role: ['Medallia Audit Role', 'Administrator', 'Program Manager', 'Analyst', 'Frontline Manager', 'Viewer'],
  permission: ['view-reports', 'edit-surveys', 'manage-users', 'export-data', 'configure-alerts', 'api-access'],
  cmd: ['groovy', 'reindex', 'flush-cache', 'dump-config', 'rebuild-aggregates'],
  action: ['update', 'reset', 'create', 'delete'],
  property_name: [
    'express.alerts.enabled',
    'reporting.cache.ttl',
    'sso.saml.idp',
    'survey.invite.rate',
    'api.quota.daily',
  ],
  environment: ['production', 'qa', 'staging'],
  application: ['express', 'digital', 'reporting', 'bifrost'],
  'data center': ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'],
  reason: [
    'support ticket SUP-4821',
    'incident INC-1193',
    'customer request',
    'on-call escalation',
    'scheduled maintenance',
  ],
  keyType: ['RSA-2048', 'RSA-4096', 'ECC-P256', 'ECC-P384'],
  changeType: ['deletion', 'creation', 'update'],
  initiator: ['account', 'component'],
};

// Per event, where one attribute name means different things (`type` of a logout vs a query).
const BY_EVENT: Record<string, Record<string, readonly string[]>> = {
  USER_LOGOUT: { type: ['regular', 'internal', 'impersonated'] },
  CHANGELOG: { type: ['account', 'translation'], field: ['account.email', 'translation.transtext'] },
  QUERY_API: { type: ['GET', 'POST'] },
};

/** Draws one value of one attribute; resolved once per catalog entry so the hot loop does no lookups. */
export type AttributeSampler = (profile: TenantProfile, rng: Prng) => string;

/**
 * The sampler for attribute `name` of event `entry`. It draws from `rng` exactly as
 * {@link attributeValue} does (same calls, same order), so resolving it ahead changes no byte.
 */
export function attributeSampler(name: string, schema: AttributeSchema, entry: CatalogEntry): AttributeSampler {
  const options = BY_EVENT[entry.name]?.[name] ?? BY_NAME[name];
  if (options) return (_profile, rng) => rng.pick(options);
  switch (name) {
    case 'user':
      return (profile, rng) => (rng.pick(profile.users) as Actor).username;
    case 'company':
      return (profile) => profile.tenantId;
    case 'id':
      return (_profile, rng) => `sc-${rng.hex(12)}`;
    case 'transaction':
      return (_profile, rng) => `tx-${rng.hex(16)}`;
    case 'group':
      return (_profile, rng) => String(1000 + rng.int(9000));
    case 'session':
      return (_profile, rng) => (rng.float() < 0.5 ? 'current' : rng.hex(32));
    case 'parameters':
      return (_profile, rng) =>
        JSON.stringify({ query: 'SELECT count(*) FROM responses', limit: 1000 + rng.int(9000) });
    case 'request_context':
      return (_profile, rng) => JSON.stringify({ 'user-agent': 'reporting-client/2.4', 'x-request-id': rng.uuid() });
  }
  const examples = schema.examples?.filter((x): x is string => typeof x === 'string');
  if (examples && examples.length > 0) return (_profile, rng) => rng.pick(examples);
  const prefix = `${name.replace(/\s+/g, '_')}-`;
  return (_profile, rng) => `${prefix}${rng.hex(6)}`;
}

/** One realistic value for attribute `name` of event `entry`. */
export function attributeValue(
  name: string,
  schema: AttributeSchema,
  entry: CatalogEntry,
  profile: TenantProfile,
  rng: Prng,
): string {
  return attributeSampler(name, schema, entry)(profile, rng);
}
