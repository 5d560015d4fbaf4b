// The quickstart: sample sales data in an embedded PGlite database, one catalog, three reports.
import { PGlite } from '@electric-sql/pglite'
import { createReportEngine, isReportwrightError, pgliteSource } from '@reportwright/core'
import { createSalesCatalog, loadPglite } from '@reportwright/core/testing'

const db = new PGlite()
await loadPglite(db)
const catalog = createSalesCatalog(pgliteSource({ db }))
const engine = createReportEngine({ catalog })
const context = { userId: 'demo', tenantId: 'acme', roles: ['user'], timezone: 'Europe/Berlin' }

console.log('Reportwright demo — sample sales data on an embedded PGlite database\n')

const byQuarter = await engine.preview(
  {
    version: 1,
    name: 'Revenue by segment and quarter',
    dataset: 'sales',
    fields: [
      { field: 'customer.segment' },
      { field: 'ordered_at', bucket: 'quarter', label: 'Quarter' },
      { field: 'amount', aggregation: 'sum', label: 'Revenue' },
      { field: 'id', aggregation: 'count', label: 'Orders' },
    ],
    filters: [{ field: 'is_returned', operator: 'equals', value: false }],
    totals: true,
  },
  { context, limit: 12 },
)
console.log('Revenue by segment and quarter (first 12 rows, Europe/Berlin quarters):')
console.table(byQuarter.rows)
console.log('Grand total:', byQuarter.totals)

const run = await engine.run(
  {
    version: 1,
    name: 'Top customers',
    dataset: 'sales',
    fields: [
      { field: 'customer.name' },
      { field: 'customer.region.name' },
      { field: 'amount', aggregation: 'sum' },
    ],
    sort: [{ field: 'amount', aggregation: 'sum', direction: 'desc' }],
    limit: 5,
    output: { format: 'json' },
  },
  { context },
)
console.log(
  `\nRun ${run.id}: ${run.status}, ${run.rowCount} rows, file ${run.file?.key} (${run.file?.size} bytes)`,
)

try {
  await engine.preview(
    { version: 1, name: 'Sneaky', dataset: 'sales', fields: [{ field: 'customer.credit_limit' }] },
    { context },
  )
} catch (error) {
  if (!isReportwrightError(error)) throw error
  console.log(
    `\nA user without the finance role asking for credit limits gets ${error.code}: ${error.message}`,
  )
}

await db.close()
