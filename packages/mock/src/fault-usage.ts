/** The fault syntax in words, from the table: the usage text of errors and `--help`, and the README's table. */
import { FAULT_KIND_NAMES, FAULT_KINDS, type FaultPart } from './fault-kinds.js';

/** Every header part with the kind it belongs to, in table order. */
function allParts(): { kind: string; layer: string; part: FaultPart<unknown> }[] {
  return FAULT_KIND_NAMES.flatMap((kind) => {
    const { layer, parts } = FAULT_KINDS[kind];
    return (parts as readonly FaultPart<unknown>[]).map((part) => ({ kind, layer, part }));
  });
}

/** How a part is written: `key=<syntax>`, or the bare flag. */
const written = (part: FaultPart<unknown>) => (part.syntax ? `${part.key}=${part.syntax}` : part.key);

/** A header that sets several kinds, as the usage text's example. */
const EXAMPLE = 'latency=200;error-status=503;retry-after=2;drop-after-lines=100;fail-job';

/** The parts that take a value, as `key=<syntax> (bounds)`. */
const valueParts = () =>
  allParts()
    .filter(({ part }) => part.syntax)
    .map(({ part }) => `${written(part)} (${part.bounds})`);

/** The flags' keys. */
const flagKeys = () =>
  allParts()
    .filter(({ part }) => !part.syntax)
    .map(({ part }) => part.key);

/** The syntax on one line, for the error a malformed fault gets. */
export const FAULT_USAGE = `Use e.g. "${EXAMPLE}" (parts separated by ";" or ","): ${valueParts().join('; ')}; flags ${flagKeys().join(', ')}.`;

/** The syntax one part a line, for `--help`. */
export function faultHelp(): string {
  return [
    `Faults (config "faults", the x-mock-fault header, ?__fault=, PUT /__mock/faults), e.g. "${EXAMPLE}":`,
    ...valueParts().map((text) => `  ${text}`),
    `  flags: ${flagKeys().join(', ')}`,
  ].join('\n');
}

/** Escapes a table cell's pipes. */
const cell = (text: string) => text.replaceAll('|', '\\|');

/** The README's fault table (Markdown), one row per header part. */
export function faultTableMarkdown(): string {
  const rows = allParts().map(({ part, layer }) =>
    [
      `\`${cell(written(part))}\``,
      part.bounds ? cell(part.bounds) : 'flag',
      `\`${cell(part.config)}\``,
      layer,
      cell(part.effect),
    ].join(' | '),
  );
  return [
    '| header part | bounds | `config.faults` | layer | effect |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}
