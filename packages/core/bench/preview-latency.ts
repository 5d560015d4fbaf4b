// engine.preview latency against the same compiled SQL sent straight through pg, p50 / p95.
// Both go through one pool and alternate, so load on the shared machine hits them alike; the
// ratio is what parsing, compiling, the cursor and row decoding add to the database's own time.
import pg from 'pg'
import Cursor from 'pg-cursor'
import { compileReport, createReportEngine, defineCatalog, postgresSource } from '../src/index'
import type { ReportDefinitionInput } from '../src/index'
import { BENCH_TABLE, pgUrl } from './bench-table'
import { median, percentile } from './bench-stats'

/** Latencies of one report, milliseconds. */
export interface PreviewLatency {
  readonly report: string
  readonly samples: number
  readonly engine: { readonly p50: number; readonly p95: number; readonly median: number }
  readonly baseline: { readonly p50: number; readonly p95: number; readonly median: number }
  readonly rowsShown: number
}

const context = { userId: 'bench', roles: [], timezone: 'UTC' }

/** Revenue and order count by region and month, biggest first: what a report wizard user builds. */
const grouped: ReportDefinitionInput = {
  version: 1,
  name: 'Revenue by region and month',
  dataset: 'rows',
  fields: [
    { field: 'region' },
    { field: 'created_at', bucket: 'month' },
    { field: 'amount', aggregation: 'sum' },
    { field: 'id', aggregation: 'count' },
  ],
  sort: [{ field: 'amount', aggregation: 'sum', direction: 'desc' }],
}

/** The first page of the detail rows, newest first (index scan): the overhead shows here. */
const detail: ReportDefinitionInput = {
  version: 1,
  name: 'Latest rows',
  dataset: 'rows',
  fields: [
    'id',
    'created_at',
    'customer',
    'region',
    'product',
    'quantity',
    'amount',
    'discount',
  ].map((field) => ({ field })),
  sort: [{ field: 'id', direction: 'desc' }],
}

const summarise = (values: number[]) => ({
  p50: percentile(values, 50),
  p95: percentile(values, 95),
  median: median(values),
})

/** Measures `samples` previews (50 rows) of the grouped and the detail report. */
export async function previewLatency(options: { samples: number }): Promise<PreviewLatency[]> {
  const pool = new pg.Pool({ connectionString: pgUrl(), max: 2 })
  const catalog = defineCatalog({
    sources: { main: postgresSource({ pool, cursor: Cursor }) },
    datasets: {
      rows: {
        source: 'main',
        table: BENCH_TABLE,
        label: 'Rows',
        columns: {
          id: { type: 'integer', label: 'ID' },
          created_at: { type: 'datetime', label: 'Created' },
          customer: { type: 'string', label: 'Customer' },
          region: { type: 'string', label: 'Region' },
          product: { type: 'string', label: 'Product' },
          quantity: { type: 'integer', label: 'Quantity' },
          amount: { type: 'currency', label: 'Amount' },
          discount: { type: 'percent', label: 'Discount' },
        },
      },
    },
  })
  const engine = createReportEngine({ catalog })
  const limit = 50
  try {
    const results: PreviewLatency[] = []
    for (const definition of [grouped, detail]) {
      // The SQL preview runs: compiled the way engine.preview compiles it (LIMIT 51).
      const compiled = compileReport(definition, catalog, context, {
        limits: engine.limits,
        previewLimit: limit + 1,
      })
      const direct = () =>
        pool.query({ text: compiled.sql, values: [...compiled.parameters], rowMode: 'array' })
      const viaEngine = () => engine.preview(definition, { context, limit })
      let rowsShown = 0
      for (let i = 0; i < 3; i++) {
        await direct()
        rowsShown = (await viaEngine()).rows.length
      }
      const engineMs: number[] = []
      const baselineMs: number[] = []
      for (let i = 0; i < options.samples; i++) {
        // Alternate which goes first so neither always follows the other's cache warm-up.
        const order = i % 2 === 0 ? [viaEngine, direct] : [direct, viaEngine]
        for (const run of order) {
          const start = performance.now()
          await run()
          ;(run === viaEngine ? engineMs : baselineMs).push(performance.now() - start)
        }
      }
      results.push({
        report: definition.name,
        samples: options.samples,
        engine: summarise(engineMs),
        baseline: summarise(baselineMs),
        rowsShown,
      })
    }
    return results
  } finally {
    await engine.dispose()
    await pool.end()
  }
}
