import type { SpecNode } from '@audit-export/spec';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standalone from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';
import { DocsBuildError } from '../errors.js';

/** Collects the schemas an API's panel checks values against, each under a short export name. */
export class SchemaRegistry {
  private readonly names = new Map<string, string>();
  private readonly schemas: { name: string; schema: SpecNode }[] = [];

  /** Registers a schema (an equal one is registered once) and returns its export name. */
  add(schema: SpecNode): string {
    const key = JSON.stringify(schema);
    const known = this.names.get(key);
    if (known !== undefined) return known;
    const name = `v${this.schemas.length}`;
    this.names.set(key, name);
    this.schemas.push({ name, schema });
    return name;
  }

  /** Every registered schema with its name, in registration order. */
  entries(): readonly { name: string; schema: SpecNode }[] {
    return this.schemas;
  }
}

const LOCAL_SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;

/** Points `#/components/schemas/X` at the `$defs` of the document's components schema; drops OpenAPI-only keys. */
function rewriteRefs(node: unknown, componentsId: string): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, componentsId));
  if (node === null || typeof node !== 'object') return node;
  const out: SpecNode = {};
  for (const [key, value] of Object.entries(node)) {
    // OpenAPI's `example`, `xml`, `discriminator` and extensions are annotations here; Ajv runs strict: false besides.
    if (key === 'example' || key === 'xml' || key === 'discriminator' || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') {
      const name = LOCAL_SCHEMA_REF.exec(value)?.[1];
      if (name === undefined) {
        throw new DocsBuildError('TRY_IT_SPEC_UNSUPPORTED', `Schema $ref ${value} is not a components schema.`, {
          ref: value,
        });
      }
      out.$ref = `${componentsId}#/$defs/${name}`;
    } else {
      out[key] =
        key === 'properties' || key === '$defs' ? mapValues(value, componentsId) : rewriteRefs(value, componentsId);
    }
  }
  return out;
}

function mapValues(value: unknown, componentsId: string): unknown {
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewriteRefs(item, componentsId)]));
}

/**
 * Compiles every registered schema with Ajv ahead of time into one ES module that imports nothing
 * (Ajv's standalone code, its runtime helpers bundled by esbuild): the page checks values with no
 * schema compiler and no eval, so a strict CSP holds. `extra` is appended to the module (the model).
 */
export async function compileValidatorModule(
  apiId: string,
  doc: SpecNode,
  registry: SchemaRegistry,
  resolveDir: string,
  extra: string,
): Promise<string> {
  const base = `https://try-it.invalid/${apiId}`;
  const componentsId = `${base}/components`;
  const ajv = new Ajv2020({
    strict: false,
    validateFormats: false,
    allErrors: true,
    code: { source: true, esm: true, optimize: true },
  });
  ajv.addSchema({ $id: componentsId, $defs: mapValues(doc.components?.schemas ?? {}, componentsId) });
  const exports: Record<string, string> = {};
  for (const { name, schema } of registry.entries()) {
    const id = `${base}/${name}`;
    ajv.addSchema({ ...(rewriteRefs(schema, componentsId) as SpecNode), $id: id });
    exports[name] = id;
  }
  let code: string;
  try {
    for (const id of Object.values(exports)) ajv.getSchema(id);
    // A CommonJS module: Node's default import is module.exports, whose `default` is the same function.
    code = standalone.default(ajv, exports);
  } catch (error) {
    throw new DocsBuildError(
      'TRY_IT_SPEC_UNSUPPORTED',
      `Cannot compile the schemas of ${apiId}: ${(error as Error).message}`,
      {
        api: apiId,
      },
    );
  }
  const result = await build({
    stdin: { contents: `${code}\n${extra}`, resolveDir, loader: 'js', sourcefile: `${apiId}.validators.js` },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const bundled = result.outputFiles[0]?.text ?? '';
  // A `require(` call left would fail in the browser; Ajv's ucs2length holds the text in a string, which is fine.
  if (/(^|[^'"\w.])require\(/m.test(bundled.replace(/"[^"]*"|'[^']*'/g, '""'))) {
    throw new DocsBuildError(
      'TRY_IT_SPEC_UNSUPPORTED',
      `The validators of ${apiId} still import modules after bundling.`,
      {
        api: apiId,
      },
    );
  }
  return bundled;
}
