import { loadDocument } from '@audit-export/spec';
import type { AuditEvent, JsonlEvents } from '../src/index.js';

/** The bundled audit-query document of @audit-export/spec (read with its reader). */
export function specDocument(): Record<string, unknown> {
  return loadDocument('audit-query');
}

/** Every JSONL example in the spec: media types that declare `x-jsonl-item-schema`, their example(s) as text. */
export function specJsonlExamples(): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if ('x-jsonl-item-schema' in record) {
      if (typeof record.example === 'string') found.push(record.example);
      for (const example of Object.values((record.examples as Record<string, { value?: unknown }>) ?? {})) {
        if (typeof example.value === 'string') found.push(example.value);
      }
    }
    Object.values(record).forEach(visit);
  };
  visit(specDocument().paths);
  return found;
}

/** The non-empty lines of the spec's JSONL examples. */
export function specExampleLines(): string[] {
  return specJsonlExamples().flatMap((text) => text.split('\n').filter((line) => line.trim() !== ''));
}

/** Reads a parseJsonl result to the end. */
export async function collect(events: JsonlEvents): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

/** The bytes cut at the given offsets, as an async iterable of chunks (how a network delivers them). */
export async function* chunked(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= start || cut >= bytes.length) continue;
    yield bytes.slice(start, cut);
    start = cut;
  }
  if (start < bytes.length) yield bytes.slice(start);
}

/** UTF-8 bytes of a string. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A valid event based on the spec's first example line, with overrides. */
export function sampleEvent(overrides: Record<string, unknown> = {}): AuditEvent {
  const first = specExampleLines()[0];
  if (!first) throw new Error('the spec has no JSONL example line');
  return { ...JSON.parse(first), ...overrides } as AuditEvent;
}
