// Reads an answer the way its media type asks (JSON and XML pretty-printed, JSON Lines streamed line
// by line with a count, CSV and ZIP kept as a file to download) and checks it against the operation's
// declared responses: the status, the media type, and the body against its schema.
import type { AnswerKind, ContentModel, OperationModel, ResponseModel } from '../src/try-it/model.js';
import { check, type Validator } from './validators.js';
import { parseXml, prettyXml, xmlToJson } from './xml.js';

/** Most bytes of a JSON, XML or text answer read into the page (a JSON Lines result is streamed instead). */
export const MAX_TEXT_BYTES = 16 * 1024 * 1024;
/** Lines of a JSON Lines result kept for display; every line is still counted and checked. */
export const SHOWN_LINES = 200;
/** Problems listed per answer. */
const MAX_PROBLEMS = 10;

/** An answer as the panel shows it. */
export interface Answer {
  status: number;
  statusText: string;
  headers: [string, string][];
  contentType: string;
  kind: AnswerKind | 'none';
  /** What to show: pretty JSON or XML, the first lines, a CSV preview. */
  text: string;
  /** The parsed JSON body (JSON answers only), for the workflows' criteria and outputs. */
  json?: unknown;
  /** JSON Lines: how many lines arrived. */
  lines?: number;
  /** CSV and ZIP: the file to offer. */
  download?: { blob: Blob; name: string };
  /** Every way the answer departs from the spec; empty when it conforms. */
  problems: string[];
  /** The declared response it was checked against. */
  declared?: ResponseModel;
}

/** The declared response for a status: exact, then `4XX`-style, then `default`. */
export function declaredResponse(
  operation: Pick<OperationModel, 'responses'>,
  status: number,
): ResponseModel | undefined {
  const exact = String(status);
  return (
    operation.responses.find((response) => response.status === exact) ??
    operation.responses.find((response) => response.status.toUpperCase() === `${exact[0]}XX`) ??
    operation.responses.find((response) => response.status === 'default')
  );
}

function kindOf(type: string): AnswerKind {
  if (type === 'application/jsonl' || type === 'application/x-ndjson') return 'jsonl';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type.endsWith('/xml') || type.endsWith('+xml')) return 'xml';
  if (type === 'text/csv') return 'csv';
  if (type === 'application/zip') return 'zip';
  return 'text';
}

/** Reads and checks an answer; `onLines` hears the running count of a JSON Lines result. */
export async function readAnswer(
  response: Response,
  operation: Pick<OperationModel, 'operationId' | 'responses'>,
  validators: Record<string, Validator>,
  onLines?: (count: number) => void,
): Promise<Answer> {
  const contentType = (response.headers.get('content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  const declared = declaredResponse(operation, response.status);
  const problems: string[] = [];
  if (!declared) {
    problems.push(
      `Status ${response.status} is not declared for ${operation.operationId} (the spec declares ${operation.responses.map((r) => r.status).join(', ')}).`,
    );
  }
  let content: ContentModel | undefined;
  if (declared && declared.contents.length > 0) {
    content = declared.contents.find((candidate) => candidate.type === contentType);
    if (!content) {
      problems.push(
        `Content-Type "${contentType || '(none)'}" is not one the spec declares for ${response.status} (${declared.contents.map((c) => c.type).join(', ')}).`,
      );
    }
  }
  const answer: Answer = {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers.entries()],
    contentType,
    kind: response.body === null ? 'none' : (content?.kind ?? kindOf(contentType)),
    text: '',
    problems,
    ...(declared ? { declared } : {}),
  };
  // A body the spec does not describe (or a status it does not declare) is shown, not checked.
  const schemaOf = content?.validator;
  switch (answer.kind) {
    case 'none':
      break;
    case 'jsonl':
      await readLines(response, answer, validators, schemaOf, onLines);
      break;
    case 'csv':
    case 'zip':
      await readFile(response, answer, operation, validators, schemaOf);
      break;
    default:
      await readText(response, answer, validators, content);
  }
  const extra = answer.problems.length - MAX_PROBLEMS;
  if (extra > 0) answer.problems.splice(MAX_PROBLEMS, extra, `… and ${extra} more.`);
  return answer;
}

/** The body as text, at most MAX_TEXT_BYTES of it. */
async function boundedText(response: Response, answer: Answer): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_TEXT_BYTES) {
      await reader.cancel();
      answer.problems.push(`The answer is larger than ${MAX_TEXT_BYTES / 1024 / 1024} MiB; only the start was read.`);
      break;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

async function readText(
  response: Response,
  answer: Answer,
  validators: Record<string, Validator>,
  content: ContentModel | undefined,
): Promise<void> {
  const text = await boundedText(response, answer);
  answer.text = text;
  if (answer.kind === 'json') {
    try {
      answer.json = JSON.parse(text);
      answer.text = JSON.stringify(answer.json, null, 2);
    } catch (error) {
      if (content) answer.problems.push(`The body is not JSON: ${(error as Error).message}.`);
      return;
    }
    if (content) answer.problems.push(...check(validators, content.validator, answer.json).map((p) => `Body ${p}.`));
    return;
  }
  if (answer.kind === 'xml') {
    const document = parseXml(text);
    if (typeof document === 'string') {
      if (content) answer.problems.push(document);
      return;
    }
    answer.text = prettyXml(document);
    if (content?.xml) {
      const read = xmlToJson(document, content.xml);
      if (read.problem) answer.problems.push(read.problem);
      else answer.problems.push(...check(validators, content.validator, read.value).map((p) => `XML ${p}.`));
    }
    return;
  }
  if (content) answer.problems.push(...check(validators, content.validator, text).map((p) => `Body ${p}.`));
}

/** Streams a JSON Lines result: each line parsed and checked, counted as it arrives. */
async function readLines(
  response: Response,
  answer: Answer,
  validators: Record<string, Validator>,
  schema: string | undefined,
  onLines?: (count: number) => void,
): Promise<void> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const shown: string[] = [];
  let pending = '';
  let count = 0;
  const take = (line: string) => {
    if (line.trim() === '') return;
    count += 1;
    if (shown.length < SHOWN_LINES) shown.push(line);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      answer.problems.push(`Line ${count} is not JSON.`);
      return;
    }
    if (answer.problems.length < MAX_PROBLEMS) {
      answer.problems.push(...check(validators, schema, value).map((p) => `Line ${count}: ${p}.`));
    }
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pending += decoder.decode(value, { stream: true });
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) take(line);
      onLines?.(count);
    }
  } catch (error) {
    answer.problems.push(`The result stopped after ${count} lines: ${(error as Error).message}.`);
  }
  take(pending + decoder.decode());
  onLines?.(count);
  answer.lines = count;
  answer.text = shown.join('\n') + (count > shown.length ? `\n… ${count - shown.length} more lines` : '');
}

/** The file name an answer offers: its Content-Disposition filename, else the URL's last segment. */
export function fileName(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  const safe = (name ? decodeURIComponent(name) : fallback).replace(/[\\/:*?"<>|]+/g, '_');
  return safe || 'download';
}

/** CSV and ZIP: kept as a file to download; a CSV is checked (UTF-8, same field count on every row), a ZIP by its magic. */
async function readFile(
  response: Response,
  answer: Answer,
  operation: Pick<OperationModel, 'operationId'>,
  validators: Record<string, Validator>,
  schema: string | undefined,
): Promise<void> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const fallback = new URL(response.url || 'http://x/download').pathname.split('/').pop() || operation.operationId;
  answer.download = { blob: new Blob([bytes], { type: answer.contentType }), name: fileName(response, fallback) };
  if (answer.kind === 'zip') {
    const magic = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
    if (!magic) answer.problems.push('The body does not start as a ZIP archive (PK\\x03\\x04).');
    answer.text = `ZIP archive, ${bytes.byteLength} bytes.`;
    return;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    answer.problems.push('The CSV is not UTF-8.');
    return;
  }
  answer.problems.push(...check(validators, schema, text).map((p) => `Body ${p}.`));
  const rows = csvRows(text);
  const width = rows[0]?.length ?? 0;
  if (width === 0) answer.problems.push('The CSV has no header row.');
  const ragged = rows.findIndex((row) => row.length !== width);
  if (ragged > 0)
    answer.problems.push(`CSV row ${ragged + 1} has ${rows[ragged]?.length} fields, the header ${width}.`);
  answer.lines = Math.max(0, rows.length - 1);
  answer.text = text.split('\n').slice(0, 21).join('\n');
}

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks); a final line break ends the last row. */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
