import type { Catalog, CompiledReport, RequestContext, Row, Source } from '../src/index'
import { compileReport } from '../src/index'

/** Rows and totals of one report on one engine, streamed through its source. */
export interface ReportResult {
  readonly rows: Row[]
  readonly totals: Row | undefined
}

export async function runReport(
  engine: { readonly source: Source; readonly catalog: Catalog },
  definition: unknown,
  context: RequestContext,
  now: Date,
): Promise<ReportResult> {
  const compiled = compileReport(definition, engine.catalog, context, { now })
  const rows: Row[] = []
  for await (const row of engine.source.stream(compiled)) rows.push(row)
  let totals: Row | undefined
  if (compiled.totals) {
    const totalsQuery: CompiledReport = { ...compiled, ...compiled.totals, hasLevelColumn: false }
    for await (const row of engine.source.stream(totalsQuery)) totals = row
  }
  return { rows, totals }
}
