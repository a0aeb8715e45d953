/** `@audit-export/contract`: checks that every artifact agrees with the spec, as functions of their inputs. */
export { type ArazzoRun, arazzoFiles, problemsOf, runArazzo } from './arazzo.js';
export { checkCatalog } from './catalog-check.js';
export { type CheckResult, ContractCheckError, describeProblems, result } from './check.js';
export {
  type ConformanceOptions,
  type ConformanceReport,
  checkClientThroughPrism,
  coverage,
  UNREACHABLE_STATUSES,
} from './conformance.js';
export { checkDocsSite, docsSiteDir, embeddedJson } from './docs-check.js';
export type { DriverContext } from './drivers.js';
export type { Exchange, Recorder } from './exchanges.js';
export { checkClientGenerated, checkEventsGenerated, packageDir } from './generated-checks.js';
export { checkJsonlBody, compileItemSchema, jsonlItemSchemaOf } from './line-schema.js';
export {
  MOCK_NOW,
  PENDING_MS,
  type RewritingProxy,
  SteppedClock,
  startContractMock,
  startRewritingProxy,
} from './mock.js';
export { type Mutation, type MutationOutcome, mutations, runMutations } from './mutations.js';
export { freePort, type PrismProxy, startPrismProxy } from './servers.js';
export { checkSpecJsonlExamples, checkSpecLint, checkSpecReproducible } from './spec-checks.js';
export {
  API_IDS,
  type ApiId,
  type CatalogEntryDoc,
  copySpecSet,
  type Doc,
  deref,
  loadSpecSet,
  type OperationRef,
  operationsOf,
  type SpecSet,
  specDistDir,
  specPackageDir,
} from './spec-set.js';
