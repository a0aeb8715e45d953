// Where the tests read the spec from: the built spec package, never a hand-written list.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpecDist } from '../src/spec-inputs.js';

const docsDir = dirname(dirname(fileURLToPath(import.meta.url)));

/** packages/docs */
export const DOCS_DIR = docsDir;
/** spec/dist (or AUDIT_EXPORT_SPEC_DIST). */
export const SPEC_DIST = process.env.AUDIT_EXPORT_SPEC_DIST ?? join(docsDir, '..', '..', 'spec', 'dist');
/** The built site the browser tests open. */
export const SITE_DIR = join(docsDir, 'dist', 'site');

/** The bundled documents and the event catalog, as the site build read them. */
export const spec = loadSpecDist(SPEC_DIST);
