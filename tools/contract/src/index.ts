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
export { type FollowRun, followRuleChange } from './follow.js';
export {
  checkClientGenerated,
  checkEventsGenerated,
  checkGenerated,
  type GenerateEntry,
  generateEntry,
  packageDir,
} from './generated-checks.js';
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
export {
  type BuiltMock,
  buildMockFrom,
  type MockModule,
  startVendorLayer,
  type VendorBehaviour,
  type VendorLayer,
  type VendorRequest,
} from './next-server.js';
export {
  ADDED_FILTER,
  addFilterChange,
  createAnswers,
  createAnswersChange,
  createFilterParameters,
  groupOperatorChange,
  type RuleChange,
  ruleChanges,
} from './rule-changes.js';
export { freePort, type PrismProxy, startPrismProxy } from './servers.js';
export { checkSpecJsonlExamples, checkSpecLint, checkSpecReproducible } from './spec-checks.js';
export {
  type CatalogEntryDoc,
  copySpecSet,
  type Doc,
  loadSpecSet,
  type SpecSet,
  specPackageDir,
} from './spec-set.js';
