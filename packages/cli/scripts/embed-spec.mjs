// Copies the bundled spec documents and the Arazzo workflows into dist/spec, so the published CLI checks servers
// against, and reads its budgets from, exactly the spec it was built and tested with (no lookup at run time).
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const specDir = dirname(require.resolve('@audit-export/spec/package.json'));
const out = fileURLToPath(new URL('../dist/spec/', import.meta.url));
mkdirSync(out, { recursive: true });
for (const api of ['audit-query', 'zoho']) cpSync(join(specDir, 'dist', `${api}.json`), join(out, `${api}.json`));
for (const file of readdirSync(join(specDir, 'arazzo'))) {
  if (file.endsWith('.arazzo.yaml')) cpSync(join(specDir, 'arazzo', file), join(out, file));
}
