import type { RequestContext } from '../context/request-context'
import type {
  ReportwrightError,
  ReportwrightErrorCode,
  ReportwrightErrorDetails,
} from '../errors/reportwright-error'
import type { OutputFormat } from '../model/output'
import type { ReportDefinition } from '../model/report-definition'
import type {
  RunDelivery,
  RunFile,
  RunOutcome,
  RunRecord,
  RunTrigger,
} from '../ports/storage-adapter'
import { compileChecked } from './check-schema'
import { deliverRun } from './deliver-run'
import { describeError, errorFields, runFailure, throwIfAborted } from './engine-errors'
import type { EngineRuntime } from './engine-runtime'
import { renderAndStore, rendererFor } from './render-and-store'
import { fetchTotals } from './stream-rows'

/** A step of a run, reported through `RunOptions.onProgress`. */
export type RunPhase = 'query' | 'render' | 'store' | 'deliver'

/** A progress event: the phase and the rows streamed so far (sent at most every 1,000 rows). */
export interface RunProgress {
  readonly phase: RunPhase
  readonly rows: number
}

/** Options of `engine.run()`. */
export interface RunOptions {
  readonly context: RequestContext
  /** The file format. Defaults to `delivery.attachFormat` when delivering, else `output.format`. */
  readonly format?: OutputFormat
  /** Set `false` to skip the report's email delivery. Defaults to `true` (deliver when enabled). */
  readonly deliver?: boolean
  /** Cancels the query, the render and the delivery; the run ends `cancelled`. */
  readonly signal?: AbortSignal
  /** Called at each phase and at most every 1,000 rows; a throwing listener is logged, not fatal. */
  readonly onProgress?: (progress: RunProgress) => void
  /** What started the run. Defaults to `'manual'`. */
  readonly trigger?: RunTrigger
  /** For scheduled runs: the occurrence being run. */
  readonly scheduledFor?: Date
  /**
   * The instant relative date filters ("previous week") resolve from. Schedulers pass the
   * occurrence's fire time so a retry or a late run produces the same report. Defaults to
   * `scheduledFor`, else the run's start.
   */
  readonly asOf?: Date
  /**
   * Key of the email a run sends, the same for every retry of one occurrence so a delivery
   * adapter (and the receiver, through Message-ID) can drop duplicates. Defaults to `run:<runId>`.
   */
  readonly idempotencyKey?: string
  /** Called once the run is recorded, before any query runs: the run id, for a caller that answers early. */
  readonly onStart?: (run: RunRecord) => void
}

/** What `engine.run()` resolves with; a failed run resolves too, with `status: 'failed'`. */
export interface RunResult {
  readonly id: string
  readonly status: 'succeeded' | 'failed' | 'cancelled'
  /** Data rows produced (subtotal rows not counted). */
  readonly rowCount: number
  /** The stored file; kept when only the delivery failed. */
  readonly file?: RunFile
  readonly deliveries: readonly RunDelivery[]
  readonly error?: {
    readonly code: ReportwrightErrorCode
    readonly message: string
    readonly details?: ReportwrightErrorDetails
  }
}

/** What `executeRun` needs to know about the report. */
export interface RunTarget {
  readonly definition: ReportDefinition
  readonly reportId?: string
}

/** What every step of one run reads: the report, who runs it and how. */
export interface RunInput {
  readonly definition: ReportDefinition
  readonly context: RequestContext
  readonly format: OutputFormat
  readonly delivering: boolean
  readonly startedAt: Date
  /** "Now" for relative dates. */
  readonly asOf: Date
  readonly idempotencyKey: string
  readonly record: RunRecord
  readonly signal: AbortSignal | undefined
  readonly progress: (phase: RunPhase, rows: number) => void
}

/** What the steps of one run have produced so far; a failed run still reports it. */
export interface RunState {
  rowCount: number
  file?: RunFile
  deliveries: RunDelivery[]
}

/**
 * Records the run, then check → compile → stream → render + store → deliver, and finishes the
 * record exactly once. Resolves with the outcome; throws only when the run cannot be recorded.
 */
export async function executeRun(
  runtime: EngineRuntime,
  target: RunTarget,
  options: RunOptions,
): Promise<RunResult> {
  const { definition } = target
  const { context, signal } = options
  const delivering = options.deliver !== false && definition.delivery?.enabled === true
  const format =
    options.format ??
    (delivering ? definition.delivery?.attachFormat : undefined) ??
    definition.output.format
  const startedAt = runtime.clock.now()

  const record = await runtime.storage.runs.start(context, {
    ...(target.reportId !== undefined ? { reportId: target.reportId } : {}),
    reportName: definition.name,
    format,
    trigger: options.trigger ?? 'manual',
    ...(options.scheduledFor ? { scheduledFor: options.scheduledFor } : {}),
  })
  const log = { runId: record.id, reportId: target.reportId, format }
  runtime.logger.info(log, 'report run started')
  try {
    options.onStart?.(record)
  } catch (error) {
    runtime.logger.warn({ ...log, error: describeError(error) }, 'onStart listener threw')
  }

  const progress = (phase: RunPhase, rows: number): void => {
    if (!options.onProgress) return
    try {
      options.onProgress({ phase, rows })
    } catch (error) {
      runtime.logger.warn({ ...log, error: describeError(error) }, 'onProgress listener threw')
    }
  }

  const state: RunState = { rowCount: 0, deliveries: [] }
  let failure: ReportwrightError | undefined
  try {
    await performRun(
      runtime,
      {
        definition,
        context,
        format,
        delivering,
        startedAt,
        asOf: options.asOf ?? options.scheduledFor ?? startedAt,
        idempotencyKey: options.idempotencyKey ?? `run:${record.id}`,
        record,
        signal,
        progress,
      },
      state,
    )
  } catch (error) {
    failure = runFailure(error, signal)
  }
  const outcome = runOutcome(state, failure)

  try {
    await runtime.storage.runs.finish(context, record.id, outcome)
  } catch (error) {
    runtime.logger.error(
      { ...log, error: describeError(error) },
      'could not record the end of the report run',
    )
  }
  const durationMs = runtime.clock.now().getTime() - startedAt.getTime()
  const summary = { ...log, status: outcome.status, rowCount: outcome.rowCount, durationMs }
  if (failure)
    runtime.logger.warn(
      { ...summary, code: failure.code, error: failure.message },
      'report run did not succeed',
    )
  else runtime.logger.info(summary, 'report run finished')

  return {
    id: record.id,
    status: outcome.status,
    rowCount: outcome.rowCount,
    deliveries: outcome.deliveries ?? [],
    ...(outcome.file ? { file: outcome.file } : {}),
    ...(failure ? { error: errorFields(failure) } : {}),
  }
}

async function performRun(runtime: EngineRuntime, input: RunInput, state: RunState): Promise<void> {
  const { definition, context, format, signal } = input
  throwIfAborted(signal)
  const renderer = rendererFor(runtime, format)

  const compiled = await compileChecked(runtime, { definition, context, now: input.asOf })
  throwIfAborted(signal)

  input.progress('query', 0)
  const totals = await fetchTotals(runtime, compiled, signal)
  state.file = await renderAndStore(runtime, input, { renderer, compiled, totals, state })

  if (input.delivering) {
    throwIfAborted(signal)
    input.progress('deliver', state.rowCount)
    await deliverRun(runtime, input, state)
  }
}

/** What the run record keeps; the stored error leaves out the details. */
function runOutcome(state: RunState, failure: ReportwrightError | undefined): RunOutcome {
  const produced = {
    rowCount: state.rowCount,
    deliveries: state.deliveries,
    ...(state.file ? { file: state.file } : {}),
  }
  if (!failure) return { status: 'succeeded', ...produced }
  return {
    status: failure.code === 'CANCELLED' ? 'cancelled' : 'failed',
    ...produced,
    error: { code: failure.code, message: failure.message },
  }
}
