import { randomUUID } from 'node:crypto'
import { jsonRenderer } from '../builtin/json-renderer'
import { memoryFiles } from '../builtin/memory-files'
import { memoryStorage } from '../builtin/memory-storage'
import type { Catalog } from '../catalog/catalog-types'
import { compileReport } from '../compiler/compile-report'
import type { RequestContext } from '../context/request-context'
import { ReportwrightError } from '../errors/reportwright-error'
import type { OutputFormat } from '../model/output'
import { parseReportDefinition } from '../model/report-definition'
import type { ReportDefinition, ReportDefinitionInput } from '../model/report-definition'
import type { DeliveryAdapter } from '../ports/delivery-adapter'
import type { FileStore } from '../ports/file-store'
import { silentLogger } from '../ports/logger'
import type { Logger } from '../ports/logger'
import type { Renderer, ReportTheme } from '../ports/renderer'
import type { StorageAdapter } from '../ports/storage-adapter'
import type { OutputColumn } from '../source/output-column'
import type { Row } from '../source/row'
import { checkDefinition } from './check-schema'
import type { CheckResult } from './check-schema'
import type { EngineRuntime } from './engine-runtime'
import { resolveLimits } from './limits'
import type { EngineLimits, ResolvedLimits } from './limits'
import { executeRun } from './run-lifecycle'
import type { RunOptions, RunResult } from './run-lifecycle'
import { fetchTotals, streamCompiled } from './stream-rows'

export type { CheckErrorProblem, CheckProblem, CheckResult, DriftProblem } from './check-schema'
export type { RunOptions, RunPhase, RunProgress, RunResult } from './run-lifecycle'

/** Most rows a preview may ask for. */
export const MAX_PREVIEW_ROWS = 1000

/** Seven days: the longest an S3 presigned link may live. */
const DEFAULT_DOWNLOAD_LINK_TTL_SECONDS = 7 * 24 * 60 * 60

/** Options of {@link createReportEngine}. */
export interface ReportEngineOptions {
  /** What end users may report on; its sources run the queries. */
  readonly catalog: Catalog
  /** Saved reports and run history. Defaults to `memoryStorage()`. */
  readonly storage?: StorageAdapter
  /** One renderer per format; the last one given for a format wins. Defaults to `[jsonRenderer()]`. */
  readonly renderers?: readonly Renderer[]
  /** Where rendered files go. Defaults to `memoryFiles()`. */
  readonly files?: FileStore
  /** Sends reports whose definition enables delivery. Defaults to none (such runs fail `DELIVERY_FAILED`). */
  readonly delivery?: DeliveryAdapter
  /** Row, list, field and time limits. Defaults to `DEFAULT_LIMITS`. */
  readonly limits?: EngineLimits
  /** Receives run start / end / problem logs; never credentials. Defaults to `silentLogger`. */
  readonly logger?: Logger
  /** Source of "now" for relative dates, timestamps and file names. Defaults to the system clock. */
  readonly clock?: { now(): Date }
  /** Makes ids for the default memory storage. Defaults to `crypto.randomUUID`. */
  readonly idGenerator?: () => string
  /** Colours, fonts and logo passed to every renderer. Defaults to the renderers' own theme. */
  readonly theme?: ReportTheme
  /** Compares the report with the live schema (`check`) before every run. Defaults to `true`. */
  readonly checkSchemaBeforeRun?: boolean
  /** Lifetime of download links put in emails. Defaults to 7 days. */
  readonly downloadLinkTtlSeconds?: number
}

/** Options of {@link ReportEngine.preview}. */
export interface PreviewOptions {
  readonly context: RequestContext
  /** Rows to return, pushed into the SQL `LIMIT`; clamped to 1…{@link MAX_PREVIEW_ROWS}. Defaults to 50. */
  readonly limit?: number
  readonly signal?: AbortSignal
}

/** What {@link ReportEngine.preview} resolves with. */
export interface PreviewResult {
  readonly columns: readonly OutputColumn[]
  readonly rows: readonly Row[]
  /** The grand-total row, when the report asks for totals. */
  readonly totals?: Row
  /** True when the report has more rows than the preview shows. */
  readonly hasMore: boolean
}

/** Options of {@link ReportEngine.stream}. */
export interface StreamOptions {
  readonly context: RequestContext
  /** Cancels the query; iteration then fails with `CANCELLED`. */
  readonly signal?: AbortSignal
}

/** Options of {@link ReportEngine.check}. */
export interface CheckOptions {
  readonly context: RequestContext
}

/** Previews, streams, checks and runs reports; see {@link createReportEngine}. */
export interface ReportEngine {
  readonly catalog: Catalog
  readonly storage: StorageAdapter
  readonly files: FileStore
  readonly limits: ResolvedLimits
  /** Formats a run can produce with the configured renderers. */
  readonly formats: readonly OutputFormat[]
  /**
   * The first rows of a report (untrusted JSON is parsed first), with the `LIMIT` in the SQL.
   * @throws ReportwrightError (`INVALID_DEFINITION`, `UNKNOWN_FIELD`, `QUERY_FAILED`, …)
   */
  preview(definition: unknown, options: PreviewOptions): Promise<PreviewResult>
  /**
   * Every row of a report, streamed; fails with `LIMIT_EXCEEDED` past `limits.maxRows`.
   * Errors (including an invalid definition) surface when iterating.
   */
  stream(definition: unknown, options: StreamOptions): AsyncIterable<Row>
  /**
   * Checks a (saved) definition against the catalog and the live schema: dropped or renamed
   * tables and columns, changed types, catalog errors. Never throws for a problem it finds.
   */
  check(definition: unknown, options: CheckOptions): Promise<CheckResult>
  /**
   * Runs a report (a definition, or the id of a saved one): record → check → query → render →
   * store → deliver → finish. Resolves for failed and cancelled runs too.
   * @throws ReportwrightError `INVALID_DEFINITION` or `NOT_FOUND` before anything is recorded.
   */
  run(
    definitionOrId: ReportDefinition | ReportDefinitionInput | string,
    options: RunOptions,
  ): Promise<RunResult>
  /** Disposes the storage and delivery adapters (catalog sources belong to the host). */
  dispose(): Promise<void>
}

/**
 * Creates the report engine: the one place that turns definitions into SQL, rows, files,
 * deliveries and run history. Works with nothing but a catalog (memory storage and files, JSON).
 *
 * @example
 * ```ts
 * const engine = createReportEngine({ catalog, renderers: [csvRenderer(), xlsxRenderer()], files: s3Files({ … }) })
 * const { rows } = await engine.preview(definition, { context, limit: 50 })
 * const run = await engine.run(reportId, { context, signal })
 * if (run.status === 'failed') console.error(run.error?.code, run.error?.message)
 * ```
 */
export function createReportEngine(options: ReportEngineOptions): ReportEngine {
  const clock = options.clock ?? { now: () => new Date() }
  const idGenerator = options.idGenerator ?? randomUUID
  const renderers = new Map<string, Renderer>()
  for (const renderer of options.renderers ?? [jsonRenderer()])
    renderers.set(renderer.format, renderer)
  const runtime: EngineRuntime = {
    catalog: options.catalog,
    storage: options.storage ?? memoryStorage({ clock, idGenerator }),
    renderers,
    files: options.files ?? memoryFiles(),
    delivery: options.delivery,
    limits: resolveLimits(options.limits),
    logger: options.logger ?? silentLogger,
    clock,
    theme: options.theme,
    checkSchemaBeforeRun: options.checkSchemaBeforeRun ?? true,
    downloadLinkTtlSeconds: options.downloadLinkTtlSeconds ?? DEFAULT_DOWNLOAD_LINK_TTL_SECONDS,
  }
  const { catalog, limits } = runtime

  return {
    catalog,
    storage: runtime.storage,
    files: runtime.files,
    limits,
    formats: [...renderers.keys()] as OutputFormat[],

    async preview(input, { context, limit = 50, signal }) {
      const definition = parseReportDefinition(input)
      const rowLimit = clampPreviewLimit(limit, limits.maxRows)
      // One row more than shown tells whether there is more.
      const compiled = compileReport(definition, catalog, context, {
        limits,
        now: clock.now(),
        previewLimit: rowLimit + 1,
      })
      const rows: Row[] = []
      let hasMore = false
      for await (const row of streamCompiled(runtime, compiled, signal ? { signal } : {})) {
        if (rows.length === rowLimit) {
          hasMore = true
          break
        }
        rows.push(row)
      }
      const totals = await fetchTotals(runtime, compiled, signal)
      return { columns: compiled.columns, rows, hasMore, ...(totals ? { totals } : {}) }
    },

    stream(input, { context, signal }) {
      return (async function* () {
        const definition = parseReportDefinition(input)
        const compiled = compileReport(definition, catalog, context, { limits, now: clock.now() })
        yield* streamCompiled(runtime, compiled, {
          maxRows: limits.maxRows,
          ...(signal ? { signal } : {}),
        })
      })()
    },

    check(input, { context }) {
      return checkDefinition(runtime, input, context)
    },

    async run(definitionOrId, runOptions) {
      if (typeof definitionOrId === 'string') {
        const stored = await runtime.storage.reports.get(runOptions.context, definitionOrId)
        if (!stored)
          throw new ReportwrightError({
            code: 'NOT_FOUND',
            message: `No report "${definitionOrId}".`,
          })
        return executeRun(
          runtime,
          { definition: parseReportDefinition(stored.definition), reportId: stored.id },
          runOptions,
        )
      }
      return executeRun(runtime, { definition: parseReportDefinition(definitionOrId) }, runOptions)
    },

    async dispose() {
      await Promise.all([runtime.storage.dispose?.(), runtime.delivery?.dispose?.()])
    },
  }
}

function clampPreviewLimit(limit: number, maxRows: number): number {
  if (!Number.isFinite(limit)) return Math.min(MAX_PREVIEW_ROWS, maxRows)
  return Math.max(1, Math.min(Math.floor(limit), MAX_PREVIEW_ROWS, maxRows))
}
