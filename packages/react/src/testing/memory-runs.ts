import type { ApiReport, ApiRun } from '@reportwright/core/client'
import { parseReportDefinition } from '@reportwright/core/model'
import { evaluateReport } from './evaluate-report'
import type { MemoryStore } from './memory-client-types'
import type { SampleTables } from './sample-fields'
import { toCsv } from './to-csv'

/** What a run needs from the client: its clock, tables, store and timer bookkeeping. */
export interface RunEnvironment {
  readonly store: MemoryStore
  readonly tables: SampleTables
  readonly now: () => Date
  readonly runDelayMs: number
  readonly shouldFail: (report: ApiReport) => boolean
  readonly timers: Set<ReturnType<typeof setTimeout>>
  /** Runs started with `deliver: false`: they succeed without sending email. */
  readonly withoutDelivery: Set<string>
}

const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'report'

/** Ends a run now: evaluates the report, stores a CSV file, or records the failure. */
export function finishRun(
  env: RunEnvironment,
  runId: string,
  outcome: 'succeeded' | 'failed',
  failure?: ApiRun['error'],
): void {
  const run = env.store.runs.get(runId)
  if (!run || run.status !== 'running') return
  const report = run.reportId ? env.store.reports.get(run.reportId) : undefined
  const finishedAt = new Date(
    Math.max(env.now().getTime(), new Date(run.startedAt).getTime()),
  ).toISOString()
  const fail = (error: NonNullable<ApiRun['error']>) =>
    env.store.runs.set(runId, { ...run, status: 'failed', finishedAt, error })
  if (outcome === 'failed' || !report) {
    fail(
      failure ?? {
        code: 'QUERY_FAILED',
        message: 'The database rejected the report query: the sample source is set to fail runs.',
      },
    )
    return
  }
  try {
    const definition = parseReportDefinition(report.definition)
    const result = evaluateReport(definition, env.tables, env.now())
    const content = toCsv(result.columns, result.rows)
    const file = {
      filename: `${slug(definition.name)}.csv`,
      contentType: 'text/csv; charset=utf-8',
      size: new TextEncoder().encode(content).byteLength,
    }
    env.store.files.set(runId, { ...file, content })
    const delivery = definition.delivery
    env.store.runs.set(runId, {
      ...run,
      status: 'succeeded',
      finishedAt,
      rowCount: result.rows.length,
      file,
      deliveries:
        delivery?.enabled && !env.withoutDelivery.has(runId)
          ? [{ channel: 'email', accepted: delivery.recipients.map((r) => r.email), rejected: [] }]
          : [],
    })
  } catch (error) {
    const { code = 'QUERY_FAILED', message = 'The report could not be run.' } = error as {
      code?: string
      message?: string
    }
    fail({ code, message })
  }
}

/** Starts a run of a saved report: `running` now, finished after `runDelayMs`. */
export function startRun(
  env: RunEnvironment,
  report: ApiReport,
  run: Pick<ApiRun, 'id' | 'format' | 'trigger' | 'userId'> & { readonly deliver?: boolean },
): ApiRun {
  const record: ApiRun = {
    id: run.id,
    userId: run.userId,
    reportId: report.id,
    reportName: String(report.definition['name'] ?? report.id),
    format: run.format,
    trigger: run.trigger,
    status: 'running',
    startedAt: env.now().toISOString(),
    rowCount: 0,
    deliveries: [],
  }
  env.store.runs.set(record.id, record)
  if (run.deliver === false) env.withoutDelivery.add(record.id)
  const outcome = env.shouldFail(report) ? 'failed' : 'succeeded'
  const timer = setTimeout(() => {
    env.timers.delete(timer)
    finishRun(env, record.id, outcome)
  }, env.runDelayMs)
  env.timers.add(timer)
  return env.store.runs.get(record.id) ?? record
}
