// `pnpm bench`: compile throughput, and streaming 1,000,000 PostgreSQL rows through
// engine.stream against a raw pg cursor in the same run. Figures are ratios to those baselines.
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from 'kysely'
import { compileReport, defineCatalog, postgresDialect } from '../src/index'
import type { Source } from '../src/index'
import { ensureBenchTable } from './bench-table'

const here = dirname(fileURLToPath(import.meta.url))
const rows = Number(process.env.RW_BENCH_ROWS ?? 1_000_000)
const repeats = Number(process.env.RW_BENCH_REPEATS ?? 3)
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number

function compileThroughput(): { reportwright: number; kysely: number } {
  const source: Source = {
    kind: 'bench',
    dialect: postgresDialect,
    stream: async function* () {},
    introspect: async () => [],
    destroy: async () => {},
  }
  const catalog = defineCatalog({
    sources: { main: source },
    datasets: {
      sales: {
        source: 'main',
        table: 'sales',
        label: 'Sales',
        tenantColumn: 'tenant_id',
        columns: {
          amount: { type: 'currency', label: 'Amount' },
          ordered_at: { type: 'datetime', label: 'Ordered' },
          channel: { type: 'string', label: 'Channel' },
        },
        joins: {
          customer: {
            dataset: 'customers',
            on: { from: 'customer_id', to: 'id' },
            type: 'many-to-one',
          },
        },
      },
      customers: {
        source: 'main',
        table: 'customers',
        label: 'Customers',
        tenantColumn: 'tenant_id',
        columns: { segment: { type: 'string', label: 'Segment' } },
      },
    },
  })
  const definition = {
    version: 1,
    name: 'bench',
    dataset: 'sales',
    fields: [
      { field: 'customer.segment' },
      { field: 'ordered_at', bucket: 'month' },
      { field: 'amount', aggregation: 'sum' },
    ],
    filters: [
      { field: 'channel', operator: 'in', value: ['Web', 'Store'] },
      { field: 'ordered_at', operator: 'in_last', value: { amount: 12, unit: 'month' } },
    ],
    sort: [{ field: 'amount', aggregation: 'sum', direction: 'desc' }],
  }
  const context = { userId: 'bench', tenantId: 'acme', roles: [] }
  // The baseline: kysely compiling an equivalent hand-written query (no validation, no catalog).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = new Kysely<any>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  })
  const handWritten = () =>
    db
      .selectFrom('sales as t0')
      .leftJoin('customers as t1', (j) =>
        j.onRef('t0.customer_id', '=', 't1.id').on('t1.tenant_id', '=', 'acme'),
      )
      .select([
        sql`t1.segment`.as('c0'),
        sql`to_char(date_trunc('month', t0.ordered_at at time zone 'UTC'), 'YYYY-MM-DD')`.as('c1'),
        sql`sum(t0.amount)`.as('c2'),
      ])
      .where('t0.tenant_id', '=', 'acme')
      .where('t0.channel', 'in', ['Web', 'Store'])
      .where('t0.ordered_at', '>=', '2025-01-01')
      .groupBy([sql`t1.segment`, sql`2`])
      .orderBy(sql`c2 desc`)
      .limit(1000)
      .compile()
  const measure = (fn: () => unknown): number => {
    for (let i = 0; i < 2000; i++) fn()
    const n = 20_000
    const start = performance.now()
    for (let i = 0; i < n; i++) fn()
    return n / ((performance.now() - start) / 1000)
  }
  return {
    reportwright: measure(() => compileReport(definition, catalog, context)),
    kysely: measure(handWritten),
  }
}

function runWorker(variant: string): { seconds: number; maxRssMb: number } {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(here, 'stream-worker.ts'), variant, String(rows)],
    {
      encoding: 'utf8',
      cwd: join(here, '..'),
    },
  )
  return JSON.parse(out.trim().split('\n').pop() as string) as { seconds: number; maxRssMb: number }
}

const compile = compileThroughput()
console.log(
  `compile throughput: compileReport ${compile.reportwright.toFixed(0)} reports/s; kysely hand-written ${compile.kysely.toFixed(0)} queries/s; ratio ${(compile.reportwright / compile.kysely).toFixed(2)}× of baseline`,
)

console.log(`preparing ${rows.toLocaleString('en-US')} rows in PostgreSQL…`)
await ensureBenchTable(rows)
const results: Record<string, { seconds: number[]; maxRssMb: number[] }> = {}
for (let i = 0; i < repeats; i++) {
  for (const variant of ['raw-cursor', 'engine-stream']) {
    const result = runWorker(variant)
    const entry = (results[variant] ??= { seconds: [], maxRssMb: [] })
    entry.seconds.push(result.seconds)
    entry.maxRssMb.push(result.maxRssMb)
  }
}
const summary = Object.fromEntries(
  Object.entries(results).map(([variant, r]) => [
    variant,
    { seconds: median(r.seconds), peakRssMb: Math.max(...r.maxRssMb) },
  ]),
)
const raw = summary['raw-cursor'] as { seconds: number; peakRssMb: number }
const engine = summary['engine-stream'] as { seconds: number; peakRssMb: number }
console.log(
  `stream ${rows.toLocaleString('en-US')} rows × 8 columns from PostgreSQL (median of ${repeats}):`,
)
console.log(
  `  raw pg-cursor (baseline)  ${raw.seconds.toFixed(2)} s  peak RSS ${raw.peakRssMb.toFixed(0)} MB`,
)
console.log(
  `  engine.stream             ${engine.seconds.toFixed(2)} s  peak RSS ${engine.peakRssMb.toFixed(0)} MB`,
)
console.log(
  `  ratio: ${(engine.seconds / raw.seconds).toFixed(2)}× time, ${(engine.peakRssMb / raw.peakRssMb).toFixed(2)}× peak RSS`,
)
mkdirSync(join(here, '..', '..', '..', 'bench-results'), { recursive: true })
writeFileSync(
  join(here, '..', '..', '..', 'bench-results', 'core.json'),
  JSON.stringify({ date: new Date().toISOString(), rows, compile, stream: summary }, null, 2) +
    '\n',
)
