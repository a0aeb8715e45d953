/**
 * Files bound to a command's parameters (a pull's checkpoint, a sync's state): a format name and version, the
 * parameters kept, and a hash of them, so a file of another command is refused, naming what differs, instead of
 * being continued into the wrong output.
 */
import { createHash } from 'node:crypto';

/** The parameters a file is bound to (as typed: relative times stay relative). */
export type Binding = Readonly<Record<string, string>>;

/** What every bound file holds besides its own content. */
export interface Bound {
  format: string;
  version: number;
  /** sha256 of the canonical binding. */
  binding: string;
  /** The binding itself, to name what differs when a rerun's parameters do not match. */
  params: Binding;
}

/** sha256 of the binding's entries in key order. */
export function bindingHash(params: Binding): string {
  const canonical = JSON.stringify(
    Object.keys(params)
      .sort()
      .map((key) => [key, params[key]]),
  );
  return createHash('sha256').update(canonical).digest('hex');
}

/** Whether a parsed value has the bound envelope of `format` at `version` (its own content is checked apart). */
export function isBound(value: unknown, format: string, version: number): value is Bound {
  const bound = value as Partial<Bound> | null;
  return (
    bound?.format === format &&
    bound.version === version &&
    typeof bound.binding === 'string' &&
    typeof bound.params === 'object' &&
    bound.params !== null &&
    Object.values(bound.params).every((v) => typeof v === 'string')
  );
}

/**
 * Undefined when `saved` is bound to `params` (and its hash to its own parameters); otherwise what differs, as
 * `name "saved value"` pairs, for the message that refuses it.
 */
export function bindingMismatch(params: Binding, saved: Bound): string | undefined {
  if (saved.binding === bindingHash(params) && saved.binding === bindingHash(saved.params)) return undefined;
  const differs = Object.keys({ ...params, ...saved.params }).filter((key) => params[key] !== saved.params[key]);
  return differs.length > 0
    ? differs.map((key) => `${key} ${JSON.stringify(saved.params[key] ?? null)}`).join(', ')
    : 'different parameters';
}
