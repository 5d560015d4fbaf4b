import type { ApiReport, ApiRun, ReportwrightClient } from '@reportwright/core/client'
import { parseReportDefinition } from '@reportwright/core/model'
import type { ReportDefinition, ReportDefinitionInput } from '@reportwright/core/model'
import { evaluateReport } from './evaluate-report'
import { fillTemplate } from './fill-template'
import {
  assertDatasetAllowed,
  assertDefinitionAllowed,
  resolveMemoryCapabilities,
} from './memory-capabilities'
import type {
  MemoryClient,
  MemoryClientMethod,
  MemoryClientOptions,
  MemoryReportSeed,
  MemoryStore,
} from './memory-client-types'
import { apiError, conflictError, wait, withStatus } from './memory-errors'
import { finishRun, startRun } from './memory-runs'
import type { RunEnvironment } from './memory-runs'
import { LISTED_DATASETS } from './sample-catalog'
import { describeSampleDataset, indexTables, resolveSampleField } from './sample-fields'
import { createSampleRows } from './sample-rows'
import { SAMPLE_REPORTS } from './sample-reports'
import { nextScheduleTimes } from './schedule-times'

const HOUR_MS = 3_600_000

function page<TItem>(
  items: readonly TItem[],
  options: { limit?: number; cursor?: string },
): { items: TItem[]; nextCursor?: string } {
  const limit = Math.min(Math.max(options.limit ?? 25, 1), 100)
  const offset = options.cursor ? Number.parseInt(options.cursor, 10) || 0 : 0
  const slice = items.slice(offset, offset + limit)
  const next = offset + limit
  return next < items.length ? { items: slice, nextCursor: String(next) } : { items: slice }
}

const isSeed = (value: ReportDefinitionInput | MemoryReportSeed): value is MemoryReportSeed =>
  'definition' in value

/**
 * An in-memory {@link ReportwrightClient} with a sample catalog (sales with customer, product
 * and region joins; customers; products) and a few hundred deterministic rows. Previews really
 * evaluate fields, aggregations, date buckets, filters, sort and limit (dates in UTC); saved
 * reports keep revisions; runs go from `running` to `succeeded` or `failed` on timers. Errors
 * are `ReportwrightError`s with the codes and `details.status` the HTTP client would give.
 *
 * Differences from a server: no subtotal rows; run files are always CSV; cron schedules
 * preview no times.
 *
 * @example
 * ```tsx
 * const client = createMemoryClient({ latencyMs: 150 })
 * root.render(<ReportwrightProvider client={client}><ReportList /></ReportwrightProvider>)
 * ```
 */
export function createMemoryClient(options: MemoryClientOptions = {}): MemoryClient {
  const now = options.now ?? (() => new Date())
  const userId = options.userId ?? 'user-1'
  const tables = indexTables(
    createSampleRows({ now: now(), ...(options.seed !== undefined ? { seed: options.seed } : {}) }),
  )
  const store: MemoryStore = {
    reports: new Map(),
    runs: new Map(),
    files: new Map(),
    rows: tables.rows,
  }
  const failures = new Map<MemoryClientMethod, Error>(
    Object.entries(options.failures ?? {}) as [MemoryClientMethod, Error][],
  )
  let failRuns = options.failRuns ?? false
  const caps = resolveMemoryCapabilities(options)
  const env: RunEnvironment = {
    store,
    tables,
    now,
    runDelayMs: options.runDelayMs ?? 300,
    shouldFail: (report) => (typeof failRuns === 'function' ? failRuns(report) : failRuns),
    timers: new Set(),
    withoutDelivery: new Set(),
  }
  let reportCounter = 0
  let runCounter = 0
  const nextRunId = () => `run_${++runCounter}`

  const enter = async (method: MemoryClientMethod, signal?: AbortSignal): Promise<void> => {
    await wait(options.latencyMs ?? 0, signal)
    const failure = failures.get(method)
    if (failure) throw failure
  }
  const rethrow = (error: unknown): never => {
    throw withStatus(error)
  }
  const parse = (input: unknown): ReportDefinition => {
    try {
      return parseReportDefinition(input)
    } catch (error) {
      return rethrow(error)
    }
  }
  const evaluate = (definition: ReportDefinition) => {
    try {
      return evaluateReport(definition, tables, now())
    } catch (error) {
      return rethrow(error)
    }
  }
  const validate = (definition: ReportDefinition) => {
    assertDefinitionAllowed(caps, definition)
    evaluate(definition)
  }
  const reportOf = (id: string): ApiReport => {
    const report = store.reports.get(id)
    if (!report) throw apiError('NOT_FOUND', `Report "${id}" not found.`)
    return report
  }
  const runOf = (id: string): ApiRun => {
    const run = store.runs.get(id)
    if (!run) throw apiError('NOT_FOUND', `Run "${id}" not found.`)
    return run
  }
  const assertMayChange = (report: ApiReport) => {
    if (report.ownerId !== userId && !caps.permissions.manageAllReports)
      throw apiError('FORBIDDEN', 'Only the owner or a manager may change this report.')
  }

  const seed = (entry: ReportDefinitionInput | MemoryReportSeed, index: number) => {
    const spec = isSeed(entry) ? entry : { definition: entry }
    const definition = parse(spec.definition)
    const updatedAt =
      spec.updatedAt ?? new Date(now().getTime() - index * 24 * HOUR_MS).toISOString()
    const report: ApiReport = {
      id: spec.id ?? `rep_${++reportCounter}`,
      ownerId: spec.ownerId ?? userId,
      definition: { ...definition },
      revision: 1,
      createdAt: updatedAt,
      updatedAt,
    }
    store.reports.set(report.id, report)
    ;(spec.runs ?? []).forEach((runSeed, position) => {
      const id = nextRunId()
      const startedAt =
        runSeed.startedAt ?? new Date(now().getTime() - (position + 1) * HOUR_MS).toISOString()
      const run: ApiRun = {
        id,
        userId: report.ownerId,
        reportId: report.id,
        reportName: definition.name,
        format: runSeed.format ?? definition.output.format,
        trigger: runSeed.trigger ?? 'schedule',
        status: 'running',
        startedAt,
        rowCount: 0,
        deliveries: [],
      }
      store.runs.set(id, run)
      if (runSeed.status === 'running') {
        const timer = setTimeout(() => {
          env.timers.delete(timer)
          finishRun(env, id, env.shouldFail(report) ? 'failed' : 'succeeded')
        }, env.runDelayMs)
        env.timers.add(timer)
        return
      }
      // Past runs take a few seconds; finishRun stamps "now", so shift it back.
      const finishedAt = new Date(new Date(startedAt).getTime() + 2_400).toISOString()
      finishRun(env, id, runSeed.status, runSeed.error)
      const done = store.runs.get(id)
      if (done) store.runs.set(id, { ...done, finishedAt })
    })
  }
  ;(options.reports ?? SAMPLE_REPORTS).forEach(seed)

  const client: ReportwrightClient = {
    capabilities: async ({ signal } = {}) => {
      await enter('capabilities', signal)
      return structuredClone(caps)
    },
    datasets: async ({ signal } = {}) => {
      await enter('datasets', signal)
      return {
        datasets: LISTED_DATASETS.filter((id) => caps.datasets.includes(id)).map(
          describeSampleDataset,
        ),
      }
    },
    fields: async (datasetId, { signal } = {}) => {
      await enter('fields', signal)
      assertDatasetAllowed(caps, datasetId)
      return describeSampleDataset(datasetId).fields
    },
    distinctValues: async (datasetId, field, { search, limit = 50, signal } = {}) => {
      await enter('distinctValues', signal)
      assertDatasetAllowed(caps, datasetId)
      let resolved
      try {
        resolved = resolveSampleField(tables, datasetId, field)
      } catch (error) {
        return rethrow(error)
      }
      const counts = new Map<string | number | boolean, number>()
      for (const row of tables.rows.get(datasetId) ?? []) {
        const value = resolved.read(row)
        if (value === null) continue
        if (
          search &&
          (resolved.column.type !== 'string' ||
            !String(value).toLowerCase().includes(search.toLowerCase()))
        )
          continue
        counts.set(value, (counts.get(value) ?? 0) + 1)
      }
      const values = [...counts]
        .sort(([a], [b]) =>
          typeof a === 'number' && typeof b === 'number'
            ? a - b
            : String(a).localeCompare(String(b)),
        )
        .map(([value, count]) => ({ value, count }))
      return { field, values: values.slice(0, limit), hasMore: values.length > limit }
    },
    preview: async (input, { limit = 50, signal } = {}) => {
      await enter('preview', signal)
      const definition = parse(input)
      assertDatasetAllowed(caps, definition.dataset)
      const result = evaluate(definition)
      const rows = result.rows.slice(0, limit)
      return {
        columns: result.columns,
        rows,
        ...(result.totals ? { totals: result.totals } : {}),
        hasMore: result.rows.length > limit,
      }
    },
    listReports: async ({ limit, cursor, search, signal } = {}) => {
      await enter('listReports', signal)
      const needle = search?.trim().toLocaleLowerCase()
      const items = [...store.reports.values()]
        .filter((report) => {
          if (!needle) return true
          const text = `${String(report.definition['name'] ?? '')} ${String(report.definition['description'] ?? '')}`
          return text.toLocaleLowerCase().includes(needle)
        })
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id))
      return structuredClone(
        page(items, { ...(limit !== undefined ? { limit } : {}), ...(cursor ? { cursor } : {}) }),
      )
    },
    getReport: async (id, { signal } = {}) => {
      await enter('getReport', signal)
      return structuredClone(reportOf(id))
    },
    createReport: async (input) => {
      await enter('createReport')
      if (!caps.permissions.createReports)
        throw apiError('FORBIDDEN', 'You may not create reports.')
      const definition = parse(input)
      validate(definition)
      const at = now().toISOString()
      const report: ApiReport = {
        id: `rep_${++reportCounter}`,
        ownerId: userId,
        definition: { ...definition },
        revision: 1,
        createdAt: at,
        updatedAt: at,
      }
      store.reports.set(report.id, report)
      return structuredClone(report)
    },
    updateReport: async (id, input, { revision } = {}) => {
      await enter('updateReport')
      const current = reportOf(id)
      assertMayChange(current)
      if (revision !== undefined && revision !== current.revision)
        throw conflictError(id, current.revision, revision)
      const definition = parse(input)
      validate(definition)
      const report: ApiReport = {
        ...current,
        definition: { ...definition },
        revision: current.revision + 1,
        updatedAt: now().toISOString(),
      }
      store.reports.set(id, report)
      return structuredClone(report)
    },
    deleteReport: async (id) => {
      await enter('deleteReport')
      assertMayChange(reportOf(id))
      store.reports.delete(id)
    },
    executeReport: async (id, { format, deliver } = {}) => {
      await enter('executeReport')
      const report = reportOf(id)
      assertMayChange(report)
      const definition = parse(report.definition)
      const chosen = format ?? definition.output.format
      if (!caps.formats.includes(chosen))
        throw apiError('FORBIDDEN', `The format "${chosen}" is not available to you.`, {
          capability: 'formats',
        })
      const run = startRun(env, report, {
        id: nextRunId(),
        format: chosen,
        trigger: 'manual',
        userId,
        ...(deliver !== undefined ? { deliver } : {}),
      })
      return { runId: run.id, status: run.status }
    },
    listRuns: async (reportId, { limit, cursor, signal } = {}) => {
      await enter('listRuns', signal)
      reportOf(reportId)
      const items = [...store.runs.values()]
        .filter((run) => run.reportId === reportId)
        .sort(
          (a, b) =>
            b.startedAt.localeCompare(a.startedAt) || Number(b.id.slice(4)) - Number(a.id.slice(4)),
        )
      return structuredClone(
        page(items, { ...(limit !== undefined ? { limit } : {}), ...(cursor ? { cursor } : {}) }),
      )
    },
    getRun: async (id, { signal } = {}) => {
      await enter('getRun', signal)
      return structuredClone(runOf(id))
    },
    downloadRunFile: async (id, { signal } = {}) => {
      await enter('downloadRunFile', signal)
      runOf(id)
      const file = store.files.get(id)
      if (!file) throw apiError('NOT_FOUND', `Run "${id}" has no file.`)
      return {
        filename: file.filename,
        contentType: file.contentType,
        response: new Response(file.content, {
          headers: {
            'content-type': file.contentType,
            'content-disposition': `attachment; filename="${file.filename}"`,
          },
        }),
      }
    },
    previewSchedule: async (schedule, { count = 3, from } = {}) => {
      await enter('previewSchedule')
      return nextScheduleTimes(schedule, from ?? now(), count)
    },
    previewTemplate: async (input) => {
      await enter('previewTemplate')
      return fillTemplate(input, now())
    },
  }

  return {
    ...client,
    store,
    setFailure: (method, error) => {
      if (error) failures.set(method, error)
      else failures.delete(method)
    },
    setFailRuns: (next) => {
      failRuns = next ?? false
    },
    dispose: () => {
      for (const timer of env.timers) clearTimeout(timer)
      env.timers.clear()
    },
  }
}
