import { PassThrough } from 'node:stream'
import type { CompiledReport } from '../compiler/compiled-report'
import { isReportwrightError, redactSecrets, ReportwrightError } from '../errors/reportwright-error'
import type { OutputFormat } from '../model/output'
import type { FileStore } from '../ports/file-store'
import type { Renderer, RenderCsvCopyLayout, RenderInput } from '../ports/renderer'
import type { RunFile } from '../ports/storage-adapter'
import type { Row } from '../source/row'
import { SUBTOTAL_LEVEL_KEY } from '../source/row'
import type { Source } from '../source/source'
import { reportTemplateVariables } from '../template/render-template'
import { cancelledError, describeError } from './engine-errors'
import type { EngineRuntime } from './engine-runtime'
import { summarizeFilters } from './filter-summary'
import type { RunInput, RunState } from './run-lifecycle'
import { streamCompiled, tooManyRowsError } from './stream-rows'

const PROGRESS_EVERY_ROWS = 1000

type FailureOrigin = 'query' | 'render' | 'store'

/** The "No renderer for …" message, naming the package that provides it. */
export function missingRendererMessage(format: string): string {
  if (format === 'json')
    return 'No renderer for json: pass jsonRenderer() from @reportwright/core in `renderers`.'
  return `No renderer for ${format}: pass ${format}Renderer() from @reportwright/renderers/${format} in \`renderers\`.`
}

/** The renderer configured for `format`; fails with `RENDER_FAILED` when there is none. */
export function rendererFor(runtime: EngineRuntime, format: OutputFormat): Renderer {
  const renderer = runtime.renderers.get(format)
  if (!renderer) {
    throw new ReportwrightError({
      code: 'RENDER_FAILED',
      message: missingRendererMessage(format),
      details: { format },
    })
  }
  return renderer
}

/**
 * Streams the rows through the renderer straight into the file store, counting data rows in
 * `state`. On any failure every side is aborted, the partial file is deleted and the first
 * failure is thrown as a ReportwrightError.
 */
export async function renderAndStore(
  runtime: EngineRuntime,
  input: RunInput,
  work: {
    readonly renderer: Renderer
    readonly compiled: CompiledReport
    readonly totals: Row | undefined
    readonly state: RunState
  },
): Promise<RunFile> {
  const { renderer, compiled, totals, state } = work
  const { files } = runtime
  const key = fileKey(input, renderer.extension)
  const internal = new AbortController()
  const signal = input.signal ? AbortSignal.any([input.signal, internal.signal]) : internal.signal
  const settings = renderSettings(runtime, input, { compiled, totals, signal })
  const copy = await csvCopyRoute(runtime, { renderer, compiled, settings })

  let failure: { readonly origin: FailureOrigin; readonly error: unknown } | undefined
  const fail = (origin: FailureOrigin, error: unknown): void => {
    // The first failure is the cause; what follows is fallout of aborting the others.
    if (!failure && !internal.signal.aborted) failure = { origin, error }
    internal.abort(error)
  }

  const rows = observeRows(
    copy
      ? emptyRows()
      : streamCompiled(runtime, compiled, { signal, maxRows: runtime.limits.maxRows }),
    {
      onRow: (row, streamed) => {
        if (row[SUBTOTAL_LEVEL_KEY] === undefined) state.rowCount++
        if (streamed === 1 || streamed % PROGRESS_EVERY_ROWS === 0)
          input.progress('render', streamed)
      },
      onError: (error) => fail('query', error),
    },
  )

  const body = new PassThrough()
  const renderInput: RenderInput = { ...settings, rows }
  // Either side failing takes the body, and so the other side, down with it.
  const failAs =
    (origin: FailureOrigin) =>
    (error: unknown): never => {
      fail(origin, error)
      body.destroy(asError(error))
      throw error
    }

  const putPromise = files
    .put(key, body, { contentType: renderer.contentType })
    .catch(failAs('store'))
  const renderPromise = Promise.resolve()
    .then(() =>
      copy
        ? copyCsvInto(runtime, body, { compiled, signal, input, state, ...copy })
        : renderer.render(renderInput, body),
    )
    .then((result) => {
      if (!body.writableEnded) body.end()
      return result
    }, failAs('render'))
  // Both are awaited below; these keep an early rejection from counting as unhandled.
  putPromise.catch(() => undefined)
  renderPromise.catch(() => undefined)

  // A renderer or store that ignores the signal must not keep a cancelled run alive.
  const aborted = rejectOnAbort(signal)

  try {
    await Promise.race([renderPromise, aborted])
    // Closes the query when a renderer stopped reading without closing the rows itself.
    await rows.return(undefined)
    input.progress('store', state.rowCount)
    const stored = await Promise.race([putPromise, aborted])
    return {
      key: stored.key,
      size: stored.size,
      contentType: renderer.contentType,
      filename: fileName(input, renderer.extension),
    }
  } catch (error) {
    if (!internal.signal.aborted) internal.abort(error)
    if (!body.destroyed) body.destroy(asError(error))
    // Queued behind a pending read, so the query closes even if the renderer walked away.
    rows.return(undefined).catch(() => undefined)
    // Let the store give up on the body before removing what it may have written.
    await putPromise.then(
      () => undefined,
      () => undefined,
    )
    await files.delete(key).catch((deleteError: unknown) => {
      runtime.logger.error(
        { runId: input.record.id, key, error: describeError(deleteError) },
        'could not delete a partial report file',
      )
    })
    throw classifyFailure(failure ?? { origin: 'render', error }, {
      userSignal: input.signal,
      renderer,
      files,
    })
  }
}

/** The source and layout of the CSV fast path, when renderer, source and report all allow it. */
async function csvCopyRoute(
  runtime: EngineRuntime,
  parts: {
    readonly renderer: Renderer
    readonly compiled: CompiledReport
    readonly settings: Omit<RenderInput, 'rows'>
  },
): Promise<{ readonly source: Source; readonly layout: RenderCsvCopyLayout } | undefined> {
  const { renderer, compiled, settings } = parts
  if (renderer.format !== 'csv' || !renderer.csvCopyLayout) return undefined
  const source = runtime.catalog.sources.get(compiled.source)
  if (!source?.copyCsv || !source.canCopyCsv) return undefined
  const layout = renderer.csvCopyLayout(settings)
  if (!layout || !(await source.canCopyCsv(compiled))) return undefined
  return { source, layout }
}

/** The CSV fast path: the renderer's preamble, then the CSV the database writes itself. */
async function copyCsvInto(
  runtime: EngineRuntime,
  body: PassThrough,
  work: {
    readonly source: Source
    readonly layout: RenderCsvCopyLayout
    readonly compiled: CompiledReport
    readonly signal: AbortSignal
    readonly input: RunInput
    readonly state: RunState
  },
): Promise<{ readonly bytes: number; readonly rows: number }> {
  const { source, layout, compiled, signal, input, state } = work
  if (!source.copyCsv) throw new Error('the source cannot copy CSV')
  const preamble = Buffer.from(layout.preamble, 'utf8')
  if (preamble.length > 0) body.write(preamble)
  input.progress('render', 0)
  const copied = await source.copyCsv(compiled, body, {
    delimiter: layout.delimiter,
    recordDelimiter: layout.recordDelimiter,
    neutralizeFormulas: layout.neutralizeFormulas,
    signal,
    statementTimeoutMs: runtime.limits.statementTimeoutMs,
    onProgress: (records) => input.progress('render', records),
  })
  state.rowCount = copied.rows
  // The rows are already in the file: one too many fails the run as streaming would have.
  const maxRows = runtime.limits.maxRows
  if (maxRows !== undefined && copied.rows > maxRows) throw tooManyRowsError(maxRows)
  input.progress('render', copied.rows)
  body.end()
  return { bytes: preamble.length + copied.bytes, rows: copied.rows }
}

async function* emptyRows(): AsyncGenerator<Row> {
  // The COPY path writes no rows through the renderer.
}

/** What the renderer gets besides the rows: the report's settings and theme. */
function renderSettings(
  runtime: EngineRuntime,
  input: RunInput,
  parts: {
    readonly compiled: CompiledReport
    readonly totals: Row | undefined
    readonly signal: AbortSignal
  },
): Omit<RenderInput, 'rows'> {
  const { compiled, totals, signal } = parts
  return {
    definition: input.definition,
    columns: compiled.columns,
    ...(totals ? { totals } : {}),
    ...(input.context.locale ? { locale: input.context.locale } : {}),
    ...(input.context.timezone ? { timezone: input.context.timezone } : {}),
    ...(runtime.theme ? { theme: runtime.theme } : {}),
    generatedAt: input.startedAt,
    ...reportPeriod(input),
    filterSummary: summarizeFilters(input.definition, runtime.catalog, input.context),
    signal,
  }
}

/** The period of the report's first relative date filter, as the delivery templates name it. */
function reportPeriod(input: RunInput): Pick<RenderInput, 'period'> {
  const { definition, context } = input
  const relative = definition.filters.some(
    (node) =>
      !('anyOf' in node) &&
      (node.operator === 'in_last' || node.operator === 'this' || node.operator === 'previous'),
  )
  if (!relative) return {}
  const { period_start: start, period_end: end } = reportTemplateVariables(
    {
      id: input.record.id,
      startedAt: input.startedAt,
      asOf: input.asOf,
      rowCount: 0,
      format: input.format,
    },
    definition,
    context,
  )
  return typeof start === 'string' && typeof end === 'string' ? { period: { start, end } } : {}
}

/** Rejects with the abort reason once `signal` aborts; never resolves. */
function rejectOnAbort(signal: AbortSignal): Promise<never> {
  const aborted = new Promise<never>((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason)
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
  // Only ever raced; an abort after the race must not count as an unhandled rejection.
  aborted.catch(() => undefined)
  return aborted
}

async function* observeRows(
  rows: AsyncIterable<Row>,
  hooks: {
    readonly onRow: (row: Row, streamed: number) => void
    readonly onError: (error: unknown) => void
  },
): AsyncGenerator<Row> {
  let streamed = 0
  try {
    for await (const row of rows) {
      streamed++
      hooks.onRow(row, streamed)
      yield row
    }
  } catch (error) {
    hooks.onError(error)
    throw error
  }
}

function classifyFailure(
  failure: { readonly origin: FailureOrigin; readonly error: unknown },
  {
    userSignal,
    renderer,
    files,
  }: {
    readonly userSignal: AbortSignal | undefined
    readonly renderer: Renderer
    readonly files: FileStore
  },
): ReportwrightError {
  if (userSignal?.aborted) return cancelledError(failure.error)
  const { origin, error } = failure
  if (isReportwrightError(error)) return error
  const detail = error instanceof Error ? error.message : String(error)
  if (origin === 'query') return ReportwrightError.fromUnknown(error, 'QUERY_FAILED')
  if (origin === 'store') {
    return new ReportwrightError({
      code: 'RENDER_FAILED',
      message: `The report file could not be stored in the "${files.name}" file store: ${redactSecrets(detail)}`,
      cause: error,
    })
  }
  return new ReportwrightError({
    code: 'RENDER_FAILED',
    message: `The ${renderer.format} renderer failed: ${redactSecrets(detail)}`,
    cause: error,
  })
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}

/** Where a run's file goes: one folder per tenant, named after the run. */
function fileKey(input: RunInput, extension: string): string {
  return `runs/${keySegment(input.context.tenantId ?? '_')}/${keySegment(input.record.id)}.${extension}`
}

/** Keeps a key segment to `[A-Za-z0-9_-]`, so no tenant or run id can climb out of `runs/`. */
function keySegment(value: string): string {
  const safe = value.replace(/[^A-Za-z0-9_-]/g, '_')
  return safe.length > 0 ? safe.slice(0, 128) : '_'
}

function fileName(input: RunInput, extension: string): string {
  const { definition, startedAt, context } = input
  const slug =
    definition.name
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .toLowerCase() || 'report'
  const { run_date: runDate } = reportTemplateVariables(
    { id: '', startedAt, rowCount: 0, format: 'json' },
    definition,
    context,
  )
  return `${slug}-${String(runDate)}.${extension}`
}
