import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Catalog, ReportDefinitionInput, RequestContext, Source } from '../src/index'
import { restSource } from '../src/index'
import { openFixtureEngine } from '../src/testing/engines'
import type { FixtureEngine } from '../src/testing/engines'
import { SALES_FIXTURE, createSalesCatalog } from '../src/testing/sales-fixture'
import { PARITY_NOW } from './parity-definitions'
import { runReport } from './report-runner'

/**
 * Generated reports (seeded, so every run checks the same ones) on the REST source and on
 * PGlite: random group fields, buckets, aggregations, filters, OR groups, time zones, tenants,
 * sorts, limits, totals and subtotals. Sorts always end with every group key, so the order is
 * total and both engines must agree row for row.
 */

function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

type Field = ReportDefinitionInput['fields'][number]
type Filter = NonNullable<ReportDefinitionInput['filters']>[number]

const GROUPS: readonly Field[] = [
  { field: 'channel' },
  { field: 'is_returned' },
  { field: 'customer.segment' },
  { field: 'product.category' },
  { field: 'customer.region.name' },
  { field: 'ordered_at', bucket: 'month' },
  { field: 'ordered_at', bucket: 'week' },
  { field: 'ordered_at', bucket: 'quarter' },
  { field: 'order_date', bucket: 'year' },
  { field: 'quantity' },
  { field: 'discount' },
  { field: 'product.name' },
]

const AGGREGATES: readonly Field[] = [
  { field: 'amount', aggregation: 'sum' },
  { field: 'amount', aggregation: 'avg' },
  { field: 'quantity', aggregation: 'avg' },
  { field: 'discount', aggregation: 'avg' },
  { field: 'amount', aggregation: 'min' },
  { field: 'amount', aggregation: 'max' },
  { field: 'ordered_at', aggregation: 'max' },
  { field: 'note', aggregation: 'min' },
  { field: 'id', aggregation: 'count' },
  { field: 'note', aggregation: 'count' },
  { field: 'customer.name', aggregation: 'count_distinct' },
  { field: 'quantity', aggregation: 'sum' },
  { field: 'discount', aggregation: 'sum' },
]

function filtersFor(random: () => number): Filter[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const pool: (() => Filter)[] = [
    () => ({ field: 'amount', operator: 'greater_than', value: (random() * 800).toFixed(2) }),
    () => ({ field: 'quantity', operator: 'between', value: [1 + Math.floor(random() * 3), 6] }),
    () => ({ field: 'channel', operator: 'in', value: ['Web', pick(['Store', 'Partner'])] }),
    () => ({ field: 'channel', operator: 'not_equals', value: pick(['Web', 'Store']) }),
    () => ({ field: 'note', operator: 'contains', value: pick(["'", '%', '_', 'É', 'o', 'LINE']) }),
    () => ({ field: 'customer.name', operator: 'starts_with', value: pick(['b', 'O', 'S', 'm']) }),
    () => ({
      field: 'ordered_at',
      operator: 'in_last',
      value: { amount: 1 + Math.floor(random() * 12), unit: pick(['month', 'week', 'quarter']) },
    }),
    () => ({
      field: 'order_date',
      operator: 'less_or_equal',
      value: pick(['2024-06-30', '2025-02-28']),
    }),
    () => ({
      field: 'customer.segment',
      operator: 'not_in',
      value: [pick(['Enterprise', 'Mid-Market'])],
    }),
    () => ({ field: 'is_returned', operator: 'equals', value: random() < 0.5 }),
    () => ({ field: 'product.name', operator: pick(['is_null', 'is_not_null'] as const) }),
    () => ({ field: 'customer.region.name', operator: 'ends_with', value: pick(['a', 's', 'x']) }),
    () => ({
      anyOf: [
        { field: 'channel', operator: 'is_null' },
        { field: 'discount', operator: 'greater_or_equal', value: '0.1' },
      ],
    }),
  ]
  const count = Math.floor(random() * 3)
  return Array.from({ length: count }, () => pick(pool)())
}

const DETAIL_FIELDS: readonly Field[] = [
  { field: 'amount' },
  { field: 'ordered_at' },
  { field: 'order_date', bucket: 'week' },
  { field: 'channel' },
  { field: 'note' },
  { field: 'discount' },
  { field: 'customer.name' },
  { field: 'customer.region.country' },
  { field: 'product.unit_price' },
  { field: 'is_returned' },
]

/** A detail report: sorted by random keys, then by id, so the order is total. */
function detail(random: () => number): ReportDefinitionInput {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const fields: Field[] = [{ field: 'id' }]
  while (fields.length < 4) {
    const field = pick(DETAIL_FIELDS)
    if (!fields.includes(field)) fields.push(field)
  }
  const direction = (): 'asc' | 'desc' => (random() < 0.5 ? 'asc' : 'desc')
  return {
    version: 1,
    name: 'detail',
    dataset: 'sales',
    fields,
    filters: filtersFor(random),
    sort: [
      { ...pick(DETAIL_FIELDS), direction: direction() },
      { field: 'id', direction: direction() },
    ],
    totals: random() < 0.5,
    limit: 1 + Math.floor(random() * 60),
  }
}

function generate(seed: number): { definition: ReportDefinitionInput; context: RequestContext } {
  const random = prng(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  if (seed % 4 === 0)
    return {
      definition: detail(random),
      context: { userId: 'random', tenantId: pick(['acme', 'globex']), roles: ['user'] },
    }
  const groups: Field[] = []
  const groupCount = 1 + Math.floor(random() * 3)
  while (groups.length < groupCount) {
    const group = pick(GROUPS)
    if (!groups.includes(group)) groups.push(group)
  }
  const aggregates: Field[] = []
  const aggregateCount = 1 + Math.floor(random() * 3)
  while (aggregates.length < aggregateCount) {
    const aggregate = pick(AGGREGATES)
    if (!aggregates.includes(aggregate)) aggregates.push(aggregate)
  }
  const direction = (): 'asc' | 'desc' => (random() < 0.5 ? 'asc' : 'desc')
  const sort =
    random() < 0.4
      ? []
      : [
          ...(random() < 0.5 ? [{ ...(aggregates[0] as Field), direction: direction() }] : []),
          ...groups.map((group) => ({ ...group, direction: direction() })),
        ]
  const definition: ReportDefinitionInput = {
    version: 1,
    name: `random ${seed}`,
    dataset: 'sales',
    fields: [...groups, ...aggregates],
    filters: filtersFor(random),
    sort,
    totals: random() < 0.5,
    subtotals: groups.length >= 2 && random() < 0.5,
    ...(random() < 0.3 ? { limit: 1 + Math.floor(random() * 20) } : {}),
  }
  const context: RequestContext = {
    userId: 'random',
    tenantId: pick(['acme', 'globex']),
    roles: ['user'],
    timezone: pick(['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham']),
  }
  return { definition, context }
}

let server: Server
let rest: { source: Source; catalog: Catalog }
let pglite: FixtureEngine | undefined

beforeAll(async () => {
  // The fixture as one plain JSON array per table, filtered by the `tenant` query parameter.
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const table = url.pathname.slice(1) as keyof typeof SALES_FIXTURE
    const tenant = url.searchParams.get('tenant')
    const rows = (SALES_FIXTURE[table] as readonly { tenant_id?: string }[]).filter(
      (row) => tenant === null || row.tenant_id === tenant,
    )
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const tenant = { query: 'tenant' }
  const source = restSource({
    baseUrl: `http://127.0.0.1:${port}/`,
    endpoints: {
      rw_sales: { path: 'sales', tenant },
      rw_customers: { path: 'customers', tenant },
      rw_products: { path: 'products', tenant },
      rw_regions: { path: 'regions' },
    },
  })
  rest = { source, catalog: createSalesCatalog(source) }
  pglite = await openFixtureEngine('pglite')
})

afterAll(async () => {
  await pglite?.close()
  await new Promise((resolve) => server.close(resolve))
})

describe('REST parity on generated reports', () => {
  let nonEmpty = 0
  for (let seed = 1; seed <= 40; seed++) {
    it(`report #${seed}`, async () => {
      const { definition, context } = generate(seed)
      const reference = await runReport(pglite as FixtureEngine, definition, context, PARITY_NOW)
      const actual = await runReport(rest, definition, context, PARITY_NOW)
      expect(actual).toEqual(reference)
      if (reference.rows.length > 1) nonEmpty++
    })
  }

  it('compared real results, not empty ones', () => {
    // Reports agreeing on nothing prove nothing: most generated ones must return several rows.
    expect(nonEmpty).toBeGreaterThanOrEqual(30)
  })
})
