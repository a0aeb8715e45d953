// The engine "runs unchanged in Node ≥ 20, browsers, Deno and Bun": the built engine, with no
// server, answers the same job with the same bytes in each runtime, and drops a stream the same way.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { allRuntimes } from '@audit-export/testkit';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = fileURLToPath(new URL('./smoke/engine.mjs', import.meta.url));

async function output(command: string, args: readonly string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(command, [...args, script], { timeout: 30_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}

describe('the built engine in every runtime', () => {
  it.each(allRuntimes())(
    'answers a job, streams its ground truth and drops mid-stream under $name',
    async ({ command, args }) => {
      const result = await output(command, args);
      expect(result).toMatchObject({
        createdStatus: 200,
        status: 'PROCESSING', // pendingMs 0: the job starts processing at once
        resultStatus: 200,
        contentType: expect.stringMatching(/jsonl|json-lines|x-ndjson/),
        sameIds: true,
        dropError: 'TypeError',
        droppedLines: 5,
      });
      expect(result.lines).toBe(result.truth);
      expect(result.lines).toBeGreaterThan(1000);
      // Byte for byte what the pinned Node gives.
      if (command !== process.execPath) expect(result).toEqual(await output(process.execPath, []));
    },
  );
});
