/** Point 4, catalog: the events package's catalog equals the spec's, entry for entry, in order. */
import { isDeepStrictEqual } from 'node:util';
import { catalog as eventsCatalog } from '@audit-export/events';
import { type CheckResult, result } from './check.js';
import type { CatalogEntryDoc, SpecSet } from './spec-set.js';

/** `catalog` of @audit-export/events == `event-catalog.json` == the audit-query document's `x-event-catalog`. */
export function checkCatalog(set: SpecSet, packaged: readonly unknown[] = eventsCatalog): CheckResult {
  const problems: string[] = [];
  const embedded = set.docs['audit-query']['x-event-catalog'] as CatalogEntryDoc[] | undefined;
  if (!isDeepStrictEqual(embedded, set.catalog))
    problems.push('spec: event-catalog.json differs from the x-event-catalog of audit-query.json');
  const specByName = new Map(set.catalog.map((e) => [e.name, e]));
  const packagedByName = new Map((packaged as CatalogEntryDoc[]).map((e) => [e.name, e]));
  for (const [name, entry] of specByName) {
    const other = packagedByName.get(name);
    if (!other) problems.push(`@audit-export/events catalog lacks ${name}`);
    else if (!isDeepStrictEqual(other, entry))
      problems.push(`@audit-export/events catalog entry ${name} differs from the spec's`);
  }
  for (const name of packagedByName.keys())
    if (!specByName.has(name)) problems.push(`@audit-export/events catalog has ${name}, which the spec does not`);
  const order = (list: readonly CatalogEntryDoc[]) => list.map((e) => e.name).join(',');
  if (problems.length === 0 && order(packaged as CatalogEntryDoc[]) !== order(set.catalog))
    problems.push('@audit-export/events catalog order differs from the spec');
  return result('events.catalog-equals-spec', problems);
}
