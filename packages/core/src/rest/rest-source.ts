import { planOfQuery } from '../compiler/compile-plan'
import type { CompiledReport } from '../compiler/compiled-report'
import { ReportwrightError, isReportwrightError } from '../errors/reportwright-error'
import type { ReportPlan } from '../plan/plan-node'
import { createRowDecoder } from '../source/decode-value'
import type { Row } from '../source/row'
import type { IntrospectedTable, Source, SourceStreamOptions } from '../source/source'
import { restDialect } from './rest-dialect'
import { restError } from './rest-errors'
import { baseTenant, evaluatePlan, tenantOf } from './rest-evaluate'
import type { Lookup, TenantScope } from './rest-evaluate'
import { isWithinBase, systemClock } from './rest-http'
import type { RestClock, RestFetch, RestHttpConfig, RestRetryOptions } from './rest-http'
import { introspectRecords } from './rest-introspect'
import { endpointUrl, fetchPages } from './rest-pages'
import type { RestEndpoint, RestPagination, RestRecord } from './rest-pages'

/** Credentials sent as the `Authorization` header of every request. */
export type RestAuth =
  | { readonly type: 'bearer'; readonly token: string }
  | { readonly type: 'basic'; readonly username: string; readonly password: string }

/** Options of {@link restSource}. */
export interface RestSourceOptions {
  /** The API's base URL (`http` or `https`, no credentials, query or fragment). Every request and redirect stays under it. */
  readonly baseUrl: string
  /** The endpoints datasets may read, keyed by the name a dataset gives as its `table`. */
  readonly endpoints: Readonly<Record<string, RestEndpoint>>
  /** Headers sent with every request (e.g. an API key). Never shown in errors. */
  readonly headers?: Readonly<Record<string, string>>
  readonly auth?: RestAuth
  /** Time one request (headers and body) may take. Defaults to 30,000 ms. */
  readonly timeoutMs?: number
  /** Largest response body. Defaults to 10 MiB. */
  readonly maxBytes?: number
  /** Pagination of endpoints that declare none. Defaults to `{ style: 'none' }`. */
  readonly pagination?: RestPagination
  /** Most pages read from one endpoint per query. Defaults to 10,000. */
  readonly maxPages?: number
  /** Most redirects (all under the base URL) per request. Defaults to 5. */
  readonly maxRedirects?: number
  /** Retries of 429, 5xx and failed connections. Defaults to 3 retries from 250 ms, at most 30 s apart. */
  readonly retry?: RestRetryOptions
  /** Most groups (subtotal groups included) a grouped report keeps. Defaults to 100,000. */
  readonly maxGroups?: number
  /**
   * Most rows a sorted detail report keeps while it reads; a sorted report with a limit keeps at
   * most about twice its limit. Defaults to 100,000.
   */
  readonly maxBufferedRows?: number
  /** Most records read from a joined endpoint into its per-report lookup. Defaults to 100,000. */
  readonly maxLookupRecords?: number
  /** The `fetch` to call. Defaults to the global `fetch`. */
  readonly fetch?: RestFetch
  /** Time and waits (retry backoff, `Retry-After`). Defaults to the system clock. */
  readonly clock?: RestClock
}

const DEFAULTS = {
  timeoutMs: 30_000,
  maxBytes: 10 * 1024 * 1024,
  maxPages: 10_000,
  maxRedirects: 5,
  maxGroups: 100_000,
  maxBufferedRows: 100_000,
  maxLookupRecords: 100_000,
  retry: { attempts: 3, baseDelayMs: 250, maxDelayMs: 30_000 },
} as const

function invalid(message: string, path: readonly (string | number)[]): ReportwrightError {
  return new ReportwrightError({
    code: 'INVALID_DEFINITION',
    message: `[reportwright] [rest] ${message}`,
    details: { issues: [{ path, message }] },
  })
}

function wholeNumber(value: number | undefined, fallback: number, path: string): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < 0)
    throw invalid(`${path} must be a non-negative whole number.`, [path])
  return value
}

function checkBaseUrl(text: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw invalid('baseUrl is not a URL.', ['baseUrl'])
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalid('baseUrl must use http or https.', ['baseUrl'])
  if (url.username || url.password)
    throw invalid('baseUrl must not hold credentials; use the `auth` or `headers` option.', [
      'baseUrl',
    ])
  if (url.search || url.hash)
    throw invalid("baseUrl must not have a query or fragment; use an endpoint's `query`.", [
      'baseUrl',
    ])
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`
  return url
}

function checkPagination(pagination: RestPagination, path: (string | number)[]): void {
  if ('size' in pagination && pagination.size !== undefined)
    if (!Number.isSafeInteger(pagination.size) || pagination.size < 1)
      throw invalid('pagination.size must be a positive whole number.', [...path, 'size'])
  if (pagination.style === 'cursor' && !pagination.cursorPath)
    throw invalid('cursor pagination needs a cursorPath.', [...path, 'cursorPath'])
}

function checkEndpoint(base: URL, name: string, endpoint: RestEndpoint): void {
  const at = ['endpoints', name]
  const { path } = endpoint
  if (
    typeof path !== 'string' ||
    /^[a-z][a-z0-9+.-]*:|^\/\/|[?#\\]/i.test(path) ||
    path.split('/').some((segment) => segment === '..' || segment === '.')
  )
    throw invalid(`Endpoint "${name}" needs a plain path under the base URL.`, [...at, 'path'])
  if (!isWithinBase(endpointUrl(base, endpoint), base))
    throw invalid(`Endpoint "${name}" leaves the base URL.`, [...at, 'path'])
  if (endpoint.pagination) checkPagination(endpoint.pagination, [...at, 'pagination'])
  const tenant = endpoint.tenant
  if (tenant && !('query' in tenant ? tenant.query : tenant.header))
    throw invalid(`Endpoint "${name}" has an empty tenant parameter.`, [...at, 'tenant'])
}

/**
 * A {@link Source} over a JSON / REST API. The host declares the API and its endpoints; a
 * dataset's `table` names an endpoint. Reports run with the same semantics as on the SQL
 * engines: the source evaluates the compiled report's plan in memory, page by page, reading
 * values by the catalog's column types (decimals exact, dates and datetimes canonical).
 *
 * - Tenant scoping: the tenant id goes out as the endpoint's declared query parameter or header,
 *   and every record that comes back is checked; a record of another tenant fails the query
 *   (`QUERY_FAILED`, reason `tenant_mismatch`) instead of being dropped, since it means the API
 *   ignored the scope.
 * - Joins (many-to-one, same source) read the joined endpoint once per compiled report into a
 *   lookup of at most `maxLookupRecords` records, shared by the rows and totals queries.
 * - Memory: filters and projections stream; grouping keeps one state per group (`maxGroups`);
 *   a sorted detail report keeps at most twice its limit (`maxBufferedRows` at most).
 * - Records are JSON objects whose top-level keys are the catalog's physical column names; a
 *   value that does not fit its column type fails the query (`bad_value`). Datetimes are ISO-8601
 *   text, decimals JSON numbers or (exact) decimal text.
 * - The statement timeout counts time spent waiting on the API, not the consumer's time; page
 *   sizes come from the endpoint's pagination, not `batchSize`.
 * - `introspect()` reads the first page of each endpoint, without a tenant value.
 * - Failures are `ReportwrightError`s with `details.reason` (see `REST_ERROR_REASONS`).
 *
 * @example
 * ```ts
 * const api = restSource({
 *   baseUrl: 'https://api.example.com/v1/',
 *   auth: { type: 'bearer', token: process.env.API_TOKEN! },
 *   pagination: { style: 'page', size: 200 },
 *   endpoints: {
 *     orders: { path: 'orders', records: 'data', tenant: { query: 'account' } },
 *   },
 * })
 * const catalog = defineCatalog({ sources: { api }, datasets: {
 *   orders: { source: 'api', table: 'orders', label: 'Orders', tenantColumn: 'account_id',
 *     columns: { total: { type: 'currency', label: 'Total' } } },
 * } })
 * ```
 */
export function restSource(options: RestSourceOptions): Source {
  const baseUrl = checkBaseUrl(options.baseUrl)
  const endpoints = new Map<string, RestEndpoint>()
  for (const [name, endpoint] of Object.entries(options.endpoints)) {
    checkEndpoint(baseUrl, name, endpoint)
    endpoints.set(name, endpoint)
  }
  if (options.pagination) checkPagination(options.pagination, ['pagination'])
  const pagination: RestPagination = options.pagination ?? { style: 'none' }
  const maxPages = wholeNumber(options.maxPages, DEFAULTS.maxPages, 'maxPages')
  const bounds = {
    maxGroups: wholeNumber(options.maxGroups, DEFAULTS.maxGroups, 'maxGroups'),
    maxBufferedRows: wholeNumber(
      options.maxBufferedRows,
      DEFAULTS.maxBufferedRows,
      'maxBufferedRows',
    ),
    maxLookupRecords: wholeNumber(
      options.maxLookupRecords,
      DEFAULTS.maxLookupRecords,
      'maxLookupRecords',
    ),
  }
  const headers: Record<string, string> = { ...options.headers }
  if (options.auth?.type === 'bearer') headers.authorization = `Bearer ${options.auth.token}`
  if (options.auth?.type === 'basic')
    headers.authorization = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`
  const http: RestHttpConfig = {
    baseUrl,
    headers,
    timeoutMs: wholeNumber(options.timeoutMs, DEFAULTS.timeoutMs, 'timeoutMs'),
    maxBytes: wholeNumber(options.maxBytes, DEFAULTS.maxBytes, 'maxBytes'),
    maxRedirects: wholeNumber(options.maxRedirects, DEFAULTS.maxRedirects, 'maxRedirects'),
    retry: {
      attempts: wholeNumber(options.retry?.attempts, DEFAULTS.retry.attempts, 'retry.attempts'),
      baseDelayMs: wholeNumber(
        options.retry?.baseDelayMs,
        DEFAULTS.retry.baseDelayMs,
        'retry.baseDelayMs',
      ),
      maxDelayMs: wholeNumber(
        options.retry?.maxDelayMs,
        DEFAULTS.retry.maxDelayMs,
        'retry.maxDelayMs',
      ),
    },
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    clock: options.clock ?? systemClock,
  }
  // Joined endpoints are read once per compiled report (its rows and totals share the plan).
  const lookupsByPlan = new WeakMap<ReportPlan, Map<string, Promise<Lookup>>>()

  function endpointFor(table: string, tenant: TenantScope | undefined): RestEndpoint {
    const endpoint = endpoints.get(table)
    if (!endpoint)
      throw restError({
        reason: 'unsupported',
        message: `The source declares no endpoint "${table}"; add it to the endpoints of restSource or fix the dataset's table.`,
        details: { table },
      })
    if (tenant && !endpoint.tenant)
      throw restError({
        reason: 'unsupported',
        message: `Endpoint "${table}" serves a tenant-scoped dataset but declares no tenant parameter; set its \`tenant\` option ({ query } or { header }).`,
        details: { table },
      })
    return endpoint
  }

  async function* stream(
    query: CompiledReport,
    streamOptions: SourceStreamOptions = {},
  ): AsyncGenerator<Row> {
    const { signal, statementTimeoutMs } = streamOptions
    const found = planOfQuery(query)
    if (!found)
      throw restError({
        reason: 'unsupported',
        message:
          'The query carries no report plan; a REST source evaluates plans, not SQL. Compile it with compileReport.',
      })
    const { plan, part } = found
    // Like a statement timeout, it counts time spent on the API, not time the consumer takes.
    const budget =
      statementTimeoutMs !== undefined && statementTimeoutMs > 0
        ? { limitMs: statementTimeoutMs, spentMs: 0 }
        : undefined
    const request = { signal, budget }
    const checkActive = (): void => {
      if (signal?.aborted)
        throw restError({
          reason: 'cancelled',
          message: 'The query was cancelled.',
          cause: signal.reason,
        })
    }
    const readPages = (table: string, tenant: TenantScope | undefined) => {
      const endpoint = endpointFor(table, tenant)
      return fetchPages({
        http,
        endpoint,
        table,
        pagination: endpoint.pagination ?? pagination,
        maxPages,
        tenantId: tenant?.tenantId,
        request,
      })
    }
    let lookups = lookupsByPlan.get(plan)
    if (!lookups) {
      lookups = new Map()
      lookupsByPlan.set(plan, lookups)
    }
    const decode = createRowDecoder(query.columns, part === 'rows' && plan.subtotals)
    try {
      // Fail before any request when an endpoint cannot be read as the plan needs.
      endpointFor(plan.table, baseTenant(plan))
      for (const join of plan.joins) endpointFor(join.table, tenantOf(join.tenant))
      checkActive()
      for await (const raw of evaluatePlan({
        plan,
        part,
        readPages,
        bounds,
        lookups,
        checkActive,
      })) {
        checkActive()
        yield decode(raw)
      }
    } catch (error) {
      if (signal?.aborted && !isCancelled(error))
        throw restError({ reason: 'cancelled', message: 'The query was cancelled.', cause: error })
      if (isReportwrightError(error)) throw error
      throw ReportwrightError.fromUnknown(error, 'QUERY_FAILED')
    }
  }

  return {
    kind: 'rest',
    dialect: restDialect,
    stream,
    async introspect(introspectOptions = {}) {
      const names = introspectOptions.tables ?? [...endpoints.keys()]
      const tables: IntrospectedTable[] = []
      for (const name of names) {
        const endpoint = endpoints.get(name)
        if (!endpoint) continue
        const first = fetchPages({
          http,
          endpoint,
          table: name,
          pagination: endpoint.pagination ?? pagination,
          maxPages: 1,
          request: {},
        })
        let records: readonly RestRecord[] = []
        for await (const page of first) {
          records = page
          break
        }
        tables.push(introspectRecords(name, records))
      }
      return tables
    },
    destroy: () => Promise.resolve(),
  }
}

function isCancelled(error: unknown): boolean {
  return isReportwrightError(error) && error.code === 'CANCELLED'
}
