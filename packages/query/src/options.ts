import type {
  AbortError,
  AuthError,
  BadRequestError,
  HttpError,
  InvalidArgumentError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from '@audit-export/client';
import type {
  DataTag,
  InvalidateQueryFilters,
  MutationFunctionContext,
  MutationObserverOptions,
  OmitKeyof,
  QueryClient,
  QueryFunction,
  QueryObserverOptions,
} from '@tanstack/query-core';
import { type Adapters, adapters } from './adapters.js';
import { operationFacts } from './generated/facts.gen.js';

/** One of the three APIs. */
export type ApiId = keyof Adapters;
/** An operationId of API `A`. */
export type OperationId<A extends ApiId> = keyof Adapters[A] & string;
type Call<A extends ApiId, O extends OperationId<A>> = Adapters[A][O] extends (...args: infer P) => infer R
  ? { client: P[0]; params: P[1]; result: R }
  : never;
/** The client an operation of API `A` is called with. */
export type ClientOf<A extends ApiId, O extends OperationId<A>> = Call<A, O>['client'];
/** What a query takes (path parameters, filters) or a mutation's variables. */
export type ParamsOf<A extends ApiId, O extends OperationId<A>> = Call<A, O>['params'];
/** What a query or mutation resolves to: the client's answer, typed from the spec's response schema. */
export type DataOf<A extends ApiId, O extends OperationId<A>> = Awaited<Call<A, O>['result']>;

/** The client's error class for each HTTP status a spec operation documents. */
type StatusError<S> = S extends 400
  ? BadRequestError
  : S extends 401 | 403
    ? AuthError
    : S extends 404
      ? NotFoundError
      : S extends 429
        ? RateLimitError
        : S extends 500 | 502 | 503 | 504
          ? ServerError
          : HttpError;
/** Errors any call can end with, whatever the spec documents: no answer, an answer off the spec, a bad argument, abort. */
export type CallError = NetworkError | UnexpectedResponseError | InvalidArgumentError | AbortError | TimeoutError;
type Documented<A extends ApiId, O extends OperationId<A>> = O extends keyof (typeof operationFacts)[A]
  ? (typeof operationFacts)[A][O] extends { errorStatuses: readonly (infer S)[] }
    ? S
    : never
  : never;
/**
 * The error a query or mutation rejects with: the client's class for each error status the spec documents for the
 * operation, `HttpError` for any other status, and the call errors.
 */
export type ErrorOf<A extends ApiId, O extends OperationId<A>> = StatusError<Documented<A, O>> | HttpError | CallError;

/** A stable, hierarchical query key: `[api, operationId, params]` (a prefix matches every query under it). */
export type QueryKeyOf<A extends ApiId, O extends OperationId<A>> = DataTag<
  readonly [A, O, ParamsOf<A, O>],
  DataOf<A, O>,
  ErrorOf<A, O>
>;
/** Query options (usable with `useQuery`, `QueryObserver`, `queryClient.fetchQuery`…), key tagged with data and error. */
export type QueryOptionsOf<A extends ApiId, O extends OperationId<A>> = OmitKeyof<
  QueryObserverOptions<DataOf<A, O>, ErrorOf<A, O>, DataOf<A, O>, DataOf<A, O>, QueryKeyOf<A, O>>,
  'queryKey' | 'queryFn'
> & { queryKey: QueryKeyOf<A, O>; queryFn: QueryFunction<DataOf<A, O>, QueryKeyOf<A, O>> };
/** What a caller may change in a query's options (everything but its key and function). */
export type QueryOverrides<A extends ApiId, O extends OperationId<A>> = Partial<
  OmitKeyof<QueryOptionsOf<A, O>, 'queryKey' | 'queryFn'>
>;
/** Mutation options (usable with `useMutation`, `MutationObserver`…). */
export type MutationOptionsOf<A extends ApiId, O extends OperationId<A>> = MutationObserverOptions<
  DataOf<A, O>,
  ErrorOf<A, O>,
  ParamsOf<A, O>
> & { mutationKey: readonly [A, O]; mutationFn: (variables: ParamsOf<A, O>) => Promise<DataOf<A, O>> };
/** What a caller may change in a mutation's options; `invalidate: false` keeps the cache as it is. */
export type MutationOverrides<A extends ApiId, O extends OperationId<A>> = Partial<
  OmitKeyof<MutationOptionsOf<A, O>, 'mutationKey' | 'mutationFn'>
> & { invalidate?: boolean };

/** The query key of an operation (exported per operation as `<operationId>QueryKey`). */
export function queryKeyFor<A extends ApiId, O extends OperationId<A>>(
  api: A,
  operationId: O,
  params: ParamsOf<A, O>,
): QueryKeyOf<A, O> {
  return [api, operationId, params] as unknown as QueryKeyOf<A, O>;
}

/** Builds a query's options: the key, a `queryFn` through the client (its typed errors thrown as they are). */
export function queryOptionsFor<A extends ApiId, O extends OperationId<A>>(
  api: A,
  operationId: O,
  client: ClientOf<A, O>,
  params: ParamsOf<A, O>,
  overrides?: QueryOverrides<A, O>,
): QueryOptionsOf<A, O> {
  const call = adapters[api][operationId] as (c: unknown, p: unknown, s: AbortSignal) => Promise<DataOf<A, O>>;
  return {
    // The client retries what is safe to retry (with Retry-After and its rate limiter); a second layer would
    // multiply its attempts, so TanStack's retry is off unless the caller turns it on.
    retry: false,
    ...overrides,
    queryKey: queryKeyFor(api, operationId, params),
    queryFn: ({ signal }) => call(client, params, signal),
  } as QueryOptionsOf<A, O>;
}

/** The filters of the cached queries a mutation with `variables` makes stale, and whether they are removed instead. */
export function invalidationsFor<A extends ApiId, O extends OperationId<A>>(
  api: A,
  operationId: O,
  variables: ParamsOf<A, O>,
): { filters: InvalidateQueryFilters[]; remove: boolean } {
  const facts = (operationFacts[api] as Record<string, unknown>)[operationId] as {
    pathParams: readonly string[];
    invalidates: readonly string[];
    removes: boolean;
  };
  const filters = facts.invalidates.map((target) => {
    const targetFacts = (operationFacts[api] as Record<string, { pathParams: readonly string[] }>)[target];
    const named = Object.fromEntries(
      (targetFacts?.pathParams ?? []).map((name) => [name, (variables as Record<string, unknown>)[name]]),
    );
    // A key prefix: `[api, op]` for a list (every page and filter of it), `[api, op, { jobId }]` for one job.
    return { queryKey: Object.keys(named).length > 0 ? [api, target, named] : [api, target] };
  });
  return { filters, remove: facts.removes };
}

/** Makes stale (or, after a delete, removes) the cached queries that a finished mutation changed. */
export async function invalidateAfter<A extends ApiId, O extends OperationId<A>>(
  queryClient: QueryClient,
  api: A,
  operationId: O,
  variables: ParamsOf<A, O>,
): Promise<void> {
  const { filters, remove } = invalidationsFor(api, operationId, variables);
  for (const filter of filters) {
    if (remove) queryClient.removeQueries(filter);
    else await queryClient.invalidateQueries(filter);
  }
}

/** Builds a mutation's options: `mutationFn` through the client; on success, the queries it changed are invalidated. */
export function mutationOptionsFor<A extends ApiId, O extends OperationId<A>>(
  api: A,
  operationId: O,
  client: ClientOf<A, O>,
  overrides: MutationOverrides<A, O> = {},
): MutationOptionsOf<A, O> {
  const call = adapters[api][operationId] as (c: unknown, p: unknown, s: undefined) => Promise<DataOf<A, O>>;
  const { invalidate = true, onSuccess, ...rest } = overrides;
  return {
    retry: false,
    ...rest,
    mutationKey: [api, operationId] as const,
    mutationFn: (variables: ParamsOf<A, O>) => call(client, variables, undefined),
    onSuccess: async (data, variables, result, context: MutationFunctionContext) => {
      if (invalidate) await invalidateAfter(context.client, api, operationId, variables);
      await onSuccess?.(data, variables, result, context);
    },
  } as MutationOptionsOf<A, O>;
}
