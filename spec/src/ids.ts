/** The API ids of this package; a module of its own so the reader and the index share it without a cycle. */

/** The three APIs this package describes, in a stable order. */
export const apiIds = ['audit-query', 'zoho', 'audit-resource'] as const;
/** One of `apiIds`. */
export type ApiId = (typeof apiIds)[number];

/** Type guard for an API id. */
export function isApiId(value: string): value is ApiId {
  return (apiIds as readonly string[]).includes(value);
}
