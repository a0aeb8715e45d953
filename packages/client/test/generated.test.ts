import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { apiIds, generate, outputPath } from '../scripts/generate.mjs';

describe('generated types', () => {
  it.each(apiIds as string[])(
    'src/generated/%s.gen.ts matches a fresh generation from spec/dist (regenerate if stale)',
    async (id) => {
      const fresh: string = await generate(id);
      const committed = readFileSync(outputPath(id), 'utf8');
      expect(
        committed === fresh,
        `src/generated/${id}.gen.ts is stale: run \`pnpm --filter @audit-export/client generate\``,
      ).toBe(true);
    },
  );
});
