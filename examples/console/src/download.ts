// Saves loaded rows as a file, built in the page (no second download from the API).
import { serializeEvent } from '@audit-export/events';

/**
 * Offers `rows` as a JSON Lines file named `name`, each row as serializeEvent writes it: exactly as loaded,
 * but for what no reader should have to take (nesting past 64 levels, a line past 1 MiB), cut and marked `[…]`.
 */
export function downloadJsonl(rows: readonly unknown[], name: string): void {
  // One string per line, then one Blob: the Blob keeps the parts without joining them into one huge string.
  const parts = rows.map((row) => `${serializeEvent(row)}\n`);
  const url = URL.createObjectURL(new Blob(parts, { type: 'application/jsonl' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled: revoking at once cancels the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
