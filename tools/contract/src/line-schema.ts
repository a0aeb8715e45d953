/**
 * Validates JSON Lines rows twice: with @audit-export/events (what consumers run) and with the
 * document's own `x-jsonl-item-schema` (what the spec says). A drift between the two, such as a
 * renamed field in the spec that the events package still expects, fails one of them.
 */
import { parseJsonl, validateEvent } from '@audit-export/events';
import { resolveRef } from '@audit-export/spec';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Doc } from './spec-set.js';

/** Compiles the schema a `x-jsonl-item-schema` points at, with the document's components in scope. */
export function compileItemSchema(doc: Doc, itemSchema: Doc): ValidateFunction {
  // OpenAPI 3.1 schemas are JSON Schema 2020-12 plus annotations (`example`, `xml`): strict off.
  // Formats are annotations here; the spec pairs each with a pattern.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile({ ...itemSchema, components: doc.components });
}

/** Problems of one JSON Lines body, one string per bad line: line number, byte offset, what broke. */
export async function checkJsonlBody(body: string, validateRow: ValidateFunction, where: string): Promise<string[]> {
  const problems: string[] = [];
  // The events package's parser: framing, JSON and its compiled AuditEvent validator.
  const events = parseJsonl(body, { onInvalid: 'collect' });
  let count = 0;
  for await (const _ of events) count++;
  for (const error of events.errors) problems.push(`${where}: @audit-export/events rejects it: ${error.message}`);
  // Line by line against the document's own item schema.
  let offset = 0;
  const lines = body.split('\n');
  lines.forEach((line, index) => {
    const lineOffset = offset;
    offset += Buffer.byteLength(line) + 1;
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return; // already reported by parseJsonl
    }
    if (!validateRow(value)) {
      const issues = (validateRow.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
      problems.push(`${where} line ${index + 1} (byte ${lineOffset}): violates the spec's item schema: ${issues}`);
    }
    const own = validateEvent(value);
    if (!own.valid && events.errors.length === 0) {
      problems.push(
        `${where} line ${index + 1}: validateEvent: ${own.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
      );
    }
  });
  if (count === 0 && events.errors.length === 0) problems.push(`${where}: no events in the body`);
  return problems;
}

/** The `x-jsonl-item-schema` of the first JSON Lines media type of an operation's 200 response. */
export function jsonlItemSchemaOf(doc: Doc, operation: Doc): Doc | undefined {
  const ok = resolveRef(doc, operation.responses?.['200'] ?? {});
  for (const [mediaType, media] of Object.entries((ok?.content ?? {}) as Doc)) {
    if (/jsonl|ndjson/.test(mediaType) && media?.['x-jsonl-item-schema']) return media['x-jsonl-item-schema'] as Doc;
  }
  return undefined;
}
