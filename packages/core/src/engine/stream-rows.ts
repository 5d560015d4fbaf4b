import type { CompiledReport } from '../compiler/compiled-report'
import { ReportwrightError } from '../errors/reportwright-error'
import type { Row } from '../source/row'
import type { Source } from '../source/source'
import { runFailure, throwIfAborted } from './engine-errors'
import type { EngineRuntime } from './engine-runtime'

/** The `SOURCE_UNAVAILABLE` error for a source name the catalog does not know. */
export function missingSourceError(sourceName: string): ReportwrightError {
  return new ReportwrightError({
    code: 'SOURCE_UNAVAILABLE',
    message: `The catalog has no source "${sourceName}".`,
  })
}

/** The source a compiled report runs on. */
export function sourceFor(runtime: EngineRuntime, compiled: CompiledReport): Source {
  const source = runtime.catalog.sources.get(compiled.source)
  if (!source) throw missingSourceError(compiled.source)
  return source
}

/**
 * Streams a compiled report, turning errors into ReportwrightErrors (`CANCELLED` once `signal`
 * aborted) and failing with `LIMIT_EXCEEDED` when more than `maxRows` rows arrive.
 */
export async function* streamCompiled(
  runtime: EngineRuntime,
  compiled: CompiledReport,
  options: { readonly signal?: AbortSignal; readonly maxRows?: number },
): AsyncGenerator<Row> {
  const { signal, maxRows } = options
  throwIfAborted(signal)
  let count = 0
  try {
    const source = sourceFor(runtime, compiled)
    const rows = source.stream(compiled, {
      ...(signal ? { signal } : {}),
      statementTimeoutMs: runtime.limits.statementTimeoutMs,
    })
    for await (const row of rows) {
      throwIfAborted(signal)
      count++
      if (maxRows !== undefined && count > maxRows) throw tooManyRowsError(maxRows)
      yield row
    }
    // A source that stops quietly on abort must not look like a complete result.
    throwIfAborted(signal)
  } catch (error) {
    throw runFailure(error, signal)
  }
}

/** Runs the one-row grand-total query of a compiled report. */
export async function fetchTotals(
  runtime: EngineRuntime,
  compiled: CompiledReport,
  signal: AbortSignal | undefined,
): Promise<Row | undefined> {
  if (!compiled.totals) return undefined
  // The spread keeps what the totals query carries beyond SQL (its plan part, for REST sources).
  const totalsReport: CompiledReport = { ...compiled, ...compiled.totals, hasLevelColumn: false }
  for await (const row of streamCompiled(runtime, totalsReport, signal ? { signal } : {}))
    return row
  return undefined
}

/** `LIMIT_EXCEEDED`: the run produced more than `maxRows` rows. */
export function tooManyRowsError(maxRows: number): ReportwrightError {
  return new ReportwrightError({
    code: 'LIMIT_EXCEEDED',
    message: `The report returns more than ${maxRows.toLocaleString('en-US')} rows, the most one run may produce. Add filters or a limit, or aggregate the data.`,
    details: { limit: 'maxRows', maxRows },
  })
}
