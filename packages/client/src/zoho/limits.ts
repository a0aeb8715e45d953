import { InvalidArgumentError } from '../core/errors.js';

/** Bounds on what one downloaded file may make the client hold or inflate; past one, a LimitExceededError. */
export interface FileLimits {
  /** Longest CSV field in bytes (default 1 MiB); a longer one is FIELD_TOO_LARGE and is never built whole. */
  maxFieldBytes?: number | undefined;
  /** Longest CSV row in bytes, fields plus separators (default 4 MiB): ROW_TOO_LARGE. */
  maxRowBytes?: number | undefined;
  /**
   * Most columns of a CSV row (default 1,000; Zoho's audit log has 8): TOO_MANY_COLUMNS, raised while the
   * header is read, before a record is built. A record costs heap per column, however short its fields.
   */
  maxColumns?: number | undefined;
  /** Largest CSV file in bytes, a plain one or one inflated from a ZIP (default 1 GiB): ENTRY_TOO_LARGE. */
  maxEntryBytes?: number | undefined;
  /** Largest inflated-to-compressed size ratio of a ZIP entry past its first MiB (default 200): COMPRESSION_RATIO. */
  maxCompressionRatio?: number | undefined;
}

/** Limits with every value set. */
export type ResolvedFileLimits = { readonly [K in keyof FileLimits]-?: number };

/** The defaults: far above a real Zoho audit file (rows under a few kB, 100,000 rows a file), far below memory. */
export const DEFAULT_FILE_LIMITS: ResolvedFileLimits = {
  maxFieldBytes: 1024 * 1024,
  maxRowBytes: 4 * 1024 * 1024,
  maxColumns: 1000,
  maxEntryBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 200,
};

/** Limits with defaults filled in; a limit that is not a positive number is an InvalidArgumentError. */
export function resolveLimits(limits: FileLimits = {}): ResolvedFileLimits {
  const out: { -readonly [K in keyof FileLimits]-?: number } = { ...DEFAULT_FILE_LIMITS };
  for (const key of Object.keys(DEFAULT_FILE_LIMITS) as (keyof FileLimits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
      throw new InvalidArgumentError(`${key} must be a positive number, got ${String(value)}.`);
    }
    out[key] = value;
  }
  return out;
}
