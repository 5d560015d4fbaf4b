import type { z } from 'zod'
import type { CatalogView, DatasetView } from '../catalog/catalog-types'
import { REPORTWRIGHT_ERROR_CODES, ReportwrightError } from '../errors/reportwright-error'
import type { ReportwrightErrorCode } from '../errors/reportwright-error'
import type { RESPONSE_SCHEMAS } from './response-schemas'
import type {
  ApiErrorBody,
  ApiReport,
  ApiReportPage,
  ApiRun,
  ApiRunPage,
  ExecuteResponse,
  PreviewResponse,
  ResolvedCapabilities,
  TemplatePreviewResponse,
  ValuesResponse,
} from '../http/api-schemas'
import type { ReportDefinition, ReportDefinitionInput } from '../model/report-definition'
import type { OutputFormat } from '../model/output'
import type { ScheduleSpec } from '../model/schedule'

// Browser-safe: fetch, URL and Headers; zod only in the response checks, loaded when used.

type ResponseSchemas = typeof RESPONSE_SCHEMAS
type ResponseOf<K extends keyof ResponseSchemas> = z.output<ResponseSchemas[K]>

/** Options of {@link createClient}. */
export interface CreateClientOptions {
  /** Where the handler is mounted, e.g. `https://app.example.com/api/reports` or `/api/reports`. */
  readonly baseUrl: string
  /** The fetch to use (a test server's, one adding cookies). Defaults to `globalThis.fetch`. */
  readonly fetch?: typeof fetch
  /** Headers for every request, or a function returning them (e.g. a fresh embed token). */
  readonly headers?:
    | Readonly<Record<string, string>>
    | (() => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>)
  /**
   * Checks every response against the shared schemas (loaded on first use, so production
   * bundles leave them out). Defaults to `true` unless `NODE_ENV` is `production`.
   */
  readonly validateResponses?: boolean
}

/** A page request for list methods. */
export interface ClientPageOptions {
  readonly limit?: number
  readonly cursor?: string
  readonly signal?: AbortSignal
}

/** Options of {@link ReportwrightClient.listReports}. */
export interface ListReportsOptions extends ClientPageOptions {
  /** Case-insensitive text in the name or description. */
  readonly search?: string
}

/** Options of {@link ReportwrightClient.distinctValues}. */
export interface DistinctValuesOptions {
  /** Keeps values containing this text (text fields only). */
  readonly search?: string
  /** Most values returned. Defaults to 50. */
  readonly limit?: number
  readonly signal?: AbortSignal
}

/** Options of {@link ReportwrightClient.executeReport}. */
export interface ExecuteReportOptions {
  /** Defaults to the report's own format. */
  readonly format?: OutputFormat
  /** Set `false` to skip the report's email. Defaults to `true`. */
  readonly deliver?: boolean
}

/** A file being downloaded: its name, type and the response to read it from. */
export interface RunFileDownload {
  readonly filename: string
  readonly contentType: string
  /** Read it with `response.blob()`, `arrayBuffer()` or stream `response.body`. */
  readonly response: Response
}

/** What the template preview renders. */
export interface TemplatePreviewInput {
  readonly subject: string
  readonly body: string
  readonly reportName?: string
  readonly variables?: Readonly<Record<string, string | number>>
}

/** One typed method per route of the Reportwright HTTP API. */
export interface ReportwrightClient {
  capabilities(options?: { signal?: AbortSignal }): Promise<ResolvedCapabilities>
  datasets(options?: { signal?: AbortSignal }): Promise<CatalogView>
  fields(datasetId: string, options?: { signal?: AbortSignal }): Promise<DatasetView['fields']>
  distinctValues(
    datasetId: string,
    field: string,
    options?: DistinctValuesOptions,
  ): Promise<ValuesResponse>
  preview(
    definition: ReportDefinition | ReportDefinitionInput,
    options?: { limit?: number; signal?: AbortSignal },
  ): Promise<PreviewResponse>
  listReports(options?: ListReportsOptions): Promise<ApiReportPage>
  getReport(id: string, options?: { signal?: AbortSignal }): Promise<ApiReport>
  createReport(definition: ReportDefinition | ReportDefinitionInput): Promise<ApiReport>
  /** Saves a new version; pass the revision you edited to get a 409 instead of overwriting. */
  updateReport(
    id: string,
    definition: ReportDefinition | ReportDefinitionInput,
    options?: { revision?: number },
  ): Promise<ApiReport>
  deleteReport(id: string): Promise<void>
  /** Starts a run and returns at once; poll {@link ReportwrightClient.getRun} for its end. */
  executeReport(id: string, options?: ExecuteReportOptions): Promise<ExecuteResponse>
  listRuns(reportId: string, options?: ClientPageOptions): Promise<ApiRunPage>
  getRun(id: string, options?: { signal?: AbortSignal }): Promise<ApiRun>
  downloadRunFile(id: string, options?: { signal?: AbortSignal }): Promise<RunFileDownload>
  /** Next run times of a schedule (ISO strings). */
  previewSchedule(
    schedule: ScheduleSpec,
    options?: { count?: number; from?: Date },
  ): Promise<readonly string[]>
  previewTemplate(input: TemplatePreviewInput): Promise<TemplatePreviewResponse>
}

interface CallOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  readonly query?: Readonly<Record<string, string | number | undefined>>
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
  readonly signal?: AbortSignal | undefined
}

/**
 * Creates the typed client of the Reportwright HTTP API; the React package talks to servers
 * through nothing else. Errors come back as `ReportwrightError` with the server's code,
 * message and details (plus `details.status`).
 *
 * @example
 * ```ts
 * const client = createClient({ baseUrl: '/api/reports', headers: () => ({ authorization: `Bearer ${token}` }) })
 * const { runId } = await client.executeReport(report.id)
 * ```
 */
export function createClient(options: CreateClientOptions): ReportwrightClient {
  const base = options.baseUrl.replace(/\/+$/, '')
  const validate = options.validateResponses ?? !isProduction()
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init))

  const send = async (path: string, call: CallOptions = {}): Promise<Response> => {
    const extra = typeof options.headers === 'function' ? await options.headers() : options.headers
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...extra,
      ...call.headers,
    }
    const init: RequestInit = { method: call.method ?? 'GET', headers }
    if (call.body !== undefined) {
      headers['content-type'] = 'application/json'
      init.body = JSON.stringify(call.body)
    }
    if (call.signal) init.signal = call.signal
    let response: Response
    try {
      response = await fetchImpl(`${base}${path}${queryString(call.query)}`, init)
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError')
        throw new ReportwrightError({ code: 'CANCELLED', cause: error })
      throw new ReportwrightError({
        code: 'SOURCE_UNAVAILABLE',
        message: `Could not reach the Reportwright API at ${base}.`,
        cause: error,
      })
    }
    if (!response.ok) throw await toError(response)
    return response
  }

  const call = async <K extends keyof ResponseSchemas>(
    schemaName: K,
    path: string,
    callOptions?: CallOptions,
  ): Promise<ResponseOf<K>> => {
    const response = await send(path, callOptions)
    const body: unknown = await response.json()
    if (!validate) return body as ResponseOf<K>
    const { RESPONSE_SCHEMAS: schemas } = await import('./response-schemas')
    const schema: z.ZodType = schemas[schemaName]
    const parsed = schema.safeParse(body)
    if (parsed.success) return parsed.data as ResponseOf<K>
    throw new ReportwrightError({
      code: 'INVALID_DEFINITION',
      message: `The API answered ${path} with an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`,
      details: { status: response.status },
    })
  }

  const id = (value: string): string => encodeURIComponent(value)

  return {
    capabilities: ({ signal } = {}) => call('capabilities', '/capabilities', { signal }),
    datasets: ({ signal } = {}) => call('datasets', '/datasets', { signal }),
    fields: async (datasetId, { signal } = {}) =>
      (await call('fields', `/datasets/${id(datasetId)}/fields`, { signal })).fields,
    distinctValues: (datasetId, field, { search, limit, signal } = {}) =>
      call('values', `/datasets/${id(datasetId)}/fields/${id(field)}/values`, {
        query: { search, limit },
        signal,
      }),
    preview: (definition, { limit, signal } = {}) =>
      call('preview', '/preview', {
        method: 'POST',
        body: { definition, ...(limit !== undefined ? { limit } : {}) },
        signal,
      }),
    listReports: ({ limit, cursor, search, signal } = {}) =>
      call('reportPage', '/reports', { query: { limit, cursor, search }, signal }),
    getReport: (reportId, { signal } = {}) =>
      call('report', `/reports/${id(reportId)}`, { signal }),
    createReport: (definition) =>
      call('report', '/reports', { method: 'POST', body: { definition } }),
    updateReport: (reportId, definition, { revision } = {}) =>
      call('report', `/reports/${id(reportId)}`, {
        method: 'PUT',
        body: { definition },
        ...(revision !== undefined ? { headers: { 'if-match': `"${reportId}.${revision}"` } } : {}),
      }),
    deleteReport: async (reportId) => {
      await send(`/reports/${id(reportId)}`, { method: 'DELETE' })
    },
    executeReport: (reportId, executeOptions = {}) =>
      call('execute', `/reports/${id(reportId)}/execute`, {
        method: 'POST',
        body: { ...executeOptions },
      }),
    listRuns: (reportId, { limit, cursor, signal } = {}) =>
      call('runPage', `/reports/${id(reportId)}/runs`, { query: { limit, cursor }, signal }),
    getRun: (runId, { signal } = {}) => call('run', `/runs/${id(runId)}`, { signal }),
    downloadRunFile: async (runId, { signal } = {}) => {
      const response = await send(`/runs/${id(runId)}/file`, {
        headers: { accept: '*/*' },
        signal,
      })
      return {
        filename: filenameOf(response.headers.get('content-disposition')) ?? `${runId}`,
        contentType: response.headers.get('content-type') ?? 'application/octet-stream',
        response,
      }
    },
    previewSchedule: async (schedule, { count, from } = {}) =>
      (
        await call('schedulePreview', '/schedule/preview', {
          method: 'POST',
          body: {
            schedule,
            ...(count !== undefined ? { count } : {}),
            ...(from ? { from: from.toISOString() } : {}),
          },
        })
      ).runs,
    previewTemplate: (input) =>
      call('templatePreview', '/template/preview', {
        method: 'POST',
        body: { ...input },
      }),
  }
}

function queryString(query: CallOptions['query']): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) params.set(key, String(value))
  const text = params.toString()
  return text ? `?${text}` : ''
}

async function toError(response: Response): Promise<ReportwrightError> {
  let body: unknown
  try {
    body = await response.json()
  } catch {
    body = undefined
  }
  const error = errorBodyOf(body)
  if (!error)
    return new ReportwrightError({
      code: codeForStatus(response.status),
      message: `The Reportwright API answered ${response.status} ${response.statusText}.`,
      details: { status: response.status },
    })
  const { code, message, details } = error
  return new ReportwrightError({
    code: isErrorCode(code) ? code : codeForStatus(response.status),
    message,
    details: { ...details, status: response.status },
  })
}

/** The `error` of an {@link ApiErrorBody}, checked by hand: error paths load no schemas. */
function errorBodyOf(body: unknown): ApiErrorBody['error'] | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const error = (body as { error?: unknown }).error
  if (typeof error !== 'object' || error === null) return undefined
  const { code, message, details } = error as Record<string, unknown>
  if (typeof code !== 'string' || typeof message !== 'string') return undefined
  if (
    details !== undefined &&
    (typeof details !== 'object' || details === null || Array.isArray(details))
  )
    return undefined
  return {
    code,
    message,
    ...(details ? { details: details as NonNullable<ApiErrorBody['error']['details']> } : {}),
  }
}

function isErrorCode(code: string): code is ReportwrightErrorCode {
  return (REPORTWRIGHT_ERROR_CODES as readonly string[]).includes(code)
}

function codeForStatus(status: number): ReportwrightErrorCode {
  if (status === 404) return 'NOT_FOUND'
  if (status === 401 || status === 403) return 'FORBIDDEN'
  if (status === 413 || status === 429) return 'LIMIT_EXCEEDED'
  if (status >= 400 && status < 500) return 'INVALID_DEFINITION'
  return 'SOURCE_UNAVAILABLE'
}

function filenameOf(header: string | null): string | undefined {
  if (!header) return undefined
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1])
    } catch {
      // Fall back to the plain name below.
    }
  }
  return /filename="([^"]*)"/i.exec(header)?.[1]
}

function isProduction(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env
  return env?.NODE_ENV === 'production'
}
