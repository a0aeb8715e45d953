/**
 * Every credential the process has seen, and the one scrubber all output passes through (logs, progress, errors):
 * known values are replaced exactly, and the events package's patterns catch token-shaped text we never held.
 */
import { redactSecrets } from '@audit-export/events';

const known = new Set<string>();

/** Remembers a credential so that no output shows it. Values under 8 characters are too short to scan for safely. */
export function rememberSecret(value: string): void {
  if (value.length >= 8) known.add(value);
}

/** `text` without any remembered credential. */
export function scrubKnown(text: string): string {
  let out = text;
  for (const secret of known) out = out.split(secret).join('[redacted]');
  return out;
}

/** `text` without any remembered credential or token-shaped value (for free text such as error messages). */
export function scrub(text: string): string {
  return redactSecrets(scrubKnown(text));
}
