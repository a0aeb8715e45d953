/**
 * Which tenant ids a company may query (decision D17): the token names a company, requests name a
 * tenant id, and a company has one or more of those. The real mapping is the server's; the mock's
 * comes from `config.auditQuery.tenants` (default: the seed's, {@link SEED_TENANTS}), and a company
 * not listed there has one tenant id, its own name, so that dev tokens (`token --tenant acme`, then
 * `tenantId=acme`) work without configuration.
 */
import { MockConfigError } from '../config.js';

/**
 * The tenancy the seed shows (decision D17): its sample token's company and the tenant ids its sample
 * requests name, so that the seed's own calls succeed against a default mock. The spec states this
 * pairing in prose only (the `tenantId` parameter, D17); `test/audit-query-seed.test.ts` checks it
 * against the seed's token and requests (spec/test/fixtures/seed-000).
 */
export const SEED_TENANTS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  secengdentest: Object.freeze(['123302', 'tenant-364']),
});

/** The tenant ids of each company, checked once when the server starts. */
export class Tenancy {
  private readonly byCompany: ReadonlyMap<string, readonly string[]>;
  /** Each listed tenant id's company. */
  private readonly owner: ReadonlyMap<string, string>;

  /** Checks `tenants` (company → tenant ids): non-empty ids, and no tenant under two companies. */
  constructor(tenants: Readonly<Record<string, readonly string[]>> = {}) {
    const owner = new Map<string, string>();
    const byCompany = new Map<string, readonly string[]>();
    for (const [company, ids] of Object.entries(tenants)) {
      if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && id !== '')) {
        throw new MockConfigError(
          `config.auditQuery.tenants.${company} must be a non-empty list of tenant ids (strings), e.g. ["123302", "tenant-364"]`,
        );
      }
      for (const id of ids) {
        const other = owner.get(id);
        // One company per tenant: otherwise two companies could read each other's jobs.
        if (other !== undefined && other !== company)
          throw new MockConfigError(`config.auditQuery.tenants: tenant ${id} is listed under ${other} and ${company}`);
        owner.set(id, company);
      }
      byCompany.set(company, [...ids]);
    }
    this.byCompany = byCompany;
    this.owner = owner;
  }

  /** The tenant ids `company` may query: as listed, else its own name unless another company lists that id. */
  tenantsOf(company: string): readonly string[] {
    const listed = this.byCompany.get(company);
    if (listed) return listed;
    return this.owner.has(company) ? [] : [company];
  }

  /** Whether a token of `company` may query `tenantId`. */
  allows(company: string, tenantId: string): boolean {
    return this.tenantsOf(company).includes(tenantId);
  }
}
