// A JSON Schema compiled ahead of time: Ajv's standalone code bundled by esbuild into one ESM
// module that imports nothing, so a runtime package ships a validator without a schema compiler
// and without eval. Shared by the generators that ship one (events: AuditEvent; mock: the Zoho
// create body).
import Ajv2020 from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';

/**
 * Compiles `schema` (JSON Schema 2020-12) and bundles it.
 * @param {object} schema
 * @param {{ ajv?: object, packageDir: string, sourcefile: string }} options `ajv`: options beside
 *   `strict` and `validateFormats: false` (formats are enforced by patterns); `packageDir`: the generating
 *   package, where Ajv's runtime helpers resolve and to which the paths esbuild writes into comments are
 *   relative (the output does not depend on the cwd).
 * @returns {Promise<{ code: string, name: string }>} the module without its export statement, and the
 *   local name of the validator function.
 */
export async function standaloneValidator(schema, { ajv: ajvOptions = {}, packageDir, sourcefile }) {
  const ajv = new Ajv2020({
    strict: true,
    validateFormats: false,
    ...ajvOptions,
    code: { source: true, esm: true, lines: true, optimize: true },
  });
  const result = await build({
    absWorkingDir: packageDir,
    stdin: { contents: standaloneCode(ajv, ajv.compile(schema)), resolveDir: packageDir, loader: 'js', sourcefile },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const bundled = result.outputFiles[0]?.text ?? '';
  // ucs2length.code holds the text `require(...)` in a string literal: only a call counts.
  if (/^\s*import\b|\bimport\s*\(|(^|[^'"\w.])require\(/m.test(bundled))
    throw new Error(`generate: the standalone validator ${sourcefile} still imports modules after bundling`);
  const match = /export\s*\{\s*(\w+)\s+as\s+default\b|export\s*\{[^}]*?(\w+)\s+as\s+default/.exec(bundled);
  const name = match?.[1] ?? match?.[2];
  if (!name) throw new Error(`generate: no default export in the standalone validator ${sourcefile}`);
  return { code: bundled.replace(/^export\s*\{[^}]*\};?\s*$/m, ''), name };
}
