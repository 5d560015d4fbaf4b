// Definitions compiled per second. The baseline is kysely compiling the same query written by
// hand: compileReport builds its SQL with kysely too, so the ratio is exactly what validation,
// catalog resolution, permissions and tenant scoping add on top of building the query. zod parsing
// alone is reported as the part of that price spent on validating the JSON.
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from 'kysely'
import { compileReport, defineCatalog, parseReportDefinition, postgresDialect } from '../src/index'
import type { Source } from '../src/index'
import { median } from './bench-stats'

/** Operations per second of each variant, medians of `repeats` timed loops. */
export interface CompileThroughput {
  readonly repeats: number
  readonly iterations: number
  /** compileReport: parse + plan + SQL, per second. */
  readonly reportwright: number
  /** The baseline: kysely compiling the equivalent hand-written query, per second. */
  readonly kysely: number
  /** parseReportDefinition alone (zod), per second. */
  readonly zodParse: number
}

function benchCatalog() {
  const source: Source = {
    kind: 'bench',
    dialect: postgresDialect,
    stream: async function* () {},
    introspect: async () => [],
    destroy: async () => {},
  }
  return defineCatalog({
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
}

/** A typical grouped report: a join, a date bucket, a sum, two filters and a sort. */
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

function handWrittenQuery(): () => unknown {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = new Kysely<any>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  })
  return () =>
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
}

/** Runs the three variants `repeats` times, interleaved so load changes hit them alike. */
export function compileThroughput(options: {
  repeats: number
  iterations: number
}): CompileThroughput {
  const { repeats, iterations } = options
  const catalog = benchCatalog()
  const context = { userId: 'bench', tenantId: 'acme', roles: [] }
  const variants = {
    reportwright: () => compileReport(definition, catalog, context),
    kysely: handWrittenQuery(),
    zodParse: () => parseReportDefinition(definition),
  }
  const perSecond = (fn: () => unknown): number => {
    const start = performance.now()
    for (let i = 0; i < iterations; i++) fn()
    return iterations / ((performance.now() - start) / 1000)
  }
  const samples: Record<keyof typeof variants, number[]> = {
    reportwright: [],
    kysely: [],
    zodParse: [],
  }
  for (const fn of Object.values(variants)) for (let i = 0; i < 2000; i++) fn() // warm-up
  for (let r = 0; r < repeats; r++)
    for (const [name, fn] of Object.entries(variants))
      samples[name as keyof typeof variants].push(perSecond(fn))
  return {
    repeats,
    iterations,
    reportwright: median(samples.reportwright),
    kysely: median(samples.kysely),
    zodParse: median(samples.zodParse),
  }
}
