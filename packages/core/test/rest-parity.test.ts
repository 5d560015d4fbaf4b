import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Catalog, ReportDefinitionInput, RequestContext, Source } from '../src/index'
import { SUBTOTAL_LEVEL_KEY, compileReport, createReportEngine, restSource } from '../src/index'
import { openFixtureEngine } from '../src/testing/engines'
import type { FixtureEngine } from '../src/testing/engines'
import { SALES_FIXTURE, createSalesCatalog } from '../src/testing/sales-fixture'
import { PARITY_CASES, PARITY_NOW } from './parity-definitions'
import { runReport } from './report-runner'

/**
 * Serves the shared sales fixture as a JSON API, one pagination style per endpoint:
 * sales by cursor in the body, customers by page/per_page (tenant in a header, decimals as JSON
 * numbers), products by offset/limit (a bare array), regions by `Link` header (shared, no tenant).
 */
function fixtureApi(): { server: Server; requests: string[] } {
  const requests: string[] = []
  const scoped = <TRow extends { tenant_id: string }>(
    rows: readonly TRow[],
    tenant: string | null,
  ): readonly TRow[] => (tenant === null ? rows : rows.filter((row) => row.tenant_id === tenant))
  const json = (res: ServerResponse, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push(`${url.pathname}${url.search}`)
    const q = url.searchParams
    switch (url.pathname) {
      case '/api/v1/sales': {
        const rows = scoped(SALES_FIXTURE.sales, q.get('tenant'))
        const size = Number(q.get('limit') ?? 100)
        const start = q.has('cursor') ? Number(Buffer.from(q.get('cursor') ?? '', 'base64url')) : 0
        const end = start + size
        json(res, {
          data: { items: rows.slice(start, end) },
          meta: {
            next_cursor: end < rows.length ? Buffer.from(String(end)).toString('base64url') : null,
          },
        })
        return
      }
      case '/api/v1/customers': {
        const tenant = req.headers['x-tenant']
        const rows = scoped(SALES_FIXTURE.customers, typeof tenant === 'string' ? tenant : null)
        const size = Number(q.get('per_page'))
        const page = Number(q.get('page'))
        json(res, {
          results: rows
            .slice((page - 1) * size, page * size)
            .map((row) => ({ ...row, credit_limit: Number(row.credit_limit) })),
        })
        return
      }
      case '/api/v1/products': {
        const rows = scoped(SALES_FIXTURE.products, q.get('tenant'))
        const offset = Number(q.get('offset'))
        json(res, rows.slice(offset, offset + Number(q.get('limit'))))
        return
      }
      case '/api/v1/regions': {
        const size = Number(q.get('per_page') ?? 2)
        const from = Number(q.get('from') ?? 0)
        const rows = SALES_FIXTURE.regions.slice(from, from + size)
        const next = from + size < SALES_FIXTURE.regions.length
        json(
          res,
          { regions: rows },
          next
            ? { link: `</api/v1/regions?from=${from + size}&per_page=${size}>; rel="next"` }
            : {},
        )
        return
      }
      default:
        res.writeHead(404).end()
    }
  })
  return { server, requests }
}

function salesApiSource(baseUrl: string): Source {
  return restSource({
    baseUrl,
    endpoints: {
      rw_sales: {
        path: 'sales',
        records: 'data.items',
        pagination: {
          style: 'cursor',
          cursorPath: 'meta.next_cursor',
          sizeParam: 'limit',
          size: 500,
        },
        tenant: { query: 'tenant' },
      },
      rw_customers: {
        path: 'customers',
        records: 'results',
        pagination: { style: 'page', size: 25 },
        tenant: { header: 'X-Tenant' },
      },
      rw_products: {
        path: '/products',
        pagination: { style: 'offset', size: 15 },
        tenant: { query: 'tenant' },
      },
      rw_regions: {
        path: 'regions',
        records: 'regions',
        pagination: { style: 'link', sizeParam: 'per_page', size: 4 },
      },
    },
  })
}

let api: ReturnType<typeof fixtureApi>
let rest: { source: Source; catalog: Catalog }
let pglite: FixtureEngine | undefined

beforeAll(async () => {
  api = fixtureApi()
  await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve))
  const { port } = api.server.address() as AddressInfo
  const source = salesApiSource(`http://127.0.0.1:${port}/api/v1`)
  rest = { source, catalog: createSalesCatalog(source) }
  pglite = await openFixtureEngine('pglite')
})

afterAll(async () => {
  await pglite?.close()
  await new Promise((resolve) => api.server.close(resolve))
})

function contextFor(testCase: {
  timezone?: string
  roles?: string[]
  tenant?: string | null
}): RequestContext {
  return {
    userId: 'parity',
    ...(testCase.tenant === null ? {} : { tenantId: testCase.tenant ?? 'acme' }),
    roles: testCase.roles ?? ['user'],
    timezone: testCase.timezone ?? 'UTC',
  }
}

describe('REST parity: every report of the cross-engine table equals PGlite', () => {
  it('runs against PGlite (the reference engine is available)', () => {
    expect(pglite?.name).toBe('pglite')
  })

  for (const [title, testCase] of Object.entries(PARITY_CASES)) {
    it(title, async () => {
      const {
        timezone: _tz,
        roles: _roles,
        tenant: _tenant,
        dataset = 'sales',
        ...rest_
      } = testCase
      const definition = { version: 1, name: title, dataset, ...rest_ }
      const context = contextFor(testCase)
      const reference = await runReport(pglite as FixtureEngine, definition, context, PARITY_NOW)
      const actual = await runReport(rest, definition, context, PARITY_NOW)
      expect(reference.rows.length, 'the reference returned no rows').toBeGreaterThan(0)
      expect(actual).toEqual(reference)
    })
  }

  // Cases beyond the shared table that only an in-memory evaluator can get wrong.
  const EXTRA_CASES: Record<string, Omit<ReportDefinitionInput, 'version' | 'name'>> = {
    'global aggregates over no rows (one row, like SQL)': {
      dataset: 'sales',
      fields: [
        { field: 'id', aggregation: 'count' },
        { field: 'amount', aggregation: 'sum' },
        { field: 'amount', aggregation: 'avg' },
        { field: 'ordered_at', aggregation: 'min' },
        { field: 'channel', aggregation: 'count_distinct' },
      ],
      filters: [{ field: 'amount', operator: 'greater_than', value: 1_000_000 }],
      totals: true,
    },
    'global aggregates of every kind': {
      dataset: 'sales',
      fields: [
        { field: 'note', aggregation: 'max' },
        { field: 'note', aggregation: 'min' },
        { field: 'order_date', aggregation: 'max' },
        { field: 'discount', aggregation: 'sum' },
        { field: 'quantity', aggregation: 'sum' },
        { field: 'customer.region.name', aggregation: 'count' },
      ],
    },
    'sort by a bucket of an unselected field': {
      dataset: 'sales',
      fields: [{ field: 'id' }, { field: 'amount' }],
      sort: [
        { field: 'ordered_at', bucket: 'month', direction: 'desc' },
        { field: 'id', direction: 'asc' },
      ],
      limit: 30,
    },
    'grouped with a limit and no sort': {
      dataset: 'sales',
      fields: [{ field: 'customer.name' }, { field: 'amount', aggregation: 'max' }],
      limit: 7,
    },
    'not in and not equals skip NULLs': {
      dataset: 'sales',
      fields: [{ field: 'channel' }, { field: 'id', aggregation: 'count' }],
      filters: [
        { field: 'channel', operator: 'not_in', value: ['Web'] },
        { field: 'note', operator: 'not_equals', value: 'Gift wrap' },
      ],
    },
    'is null through a join (LEFT JOIN semantics)': {
      dataset: 'sales',
      fields: [{ field: 'customer.name' }, { field: 'id', aggregation: 'count' }],
      filters: [{ field: 'customer.region.name', operator: 'is_null' }],
    },
    'contains matches non-ASCII only as lower() does': {
      dataset: 'sales',
      fields: [{ field: 'note' }, { field: 'id', aggregation: 'count' }],
      filters: [
        {
          anyOf: [
            { field: 'note', operator: 'contains', value: 'CAFÉ' },
            { field: 'note', operator: 'contains', value: 'ÜNÏ' },
            { field: 'note', operator: 'ends_with', value: 'SLASH' },
          ],
        },
      ],
    },
    'equals an exact instant and in a list of dates': {
      dataset: 'sales',
      fields: [{ field: 'id' }, { field: 'ordered_at' }, { field: 'order_date' }],
      filters: [
        {
          anyOf: [
            { field: 'ordered_at', operator: 'equals', value: '2024-03-31T01:00:00Z' },
            { field: 'order_date', operator: 'in', value: ['2024-02-29', '2025-06-15'] },
          ],
        },
      ],
      sort: [{ field: 'id', direction: 'asc' }],
    },
    'detail totals sum money and integers, not percents': {
      dataset: 'sales',
      fields: [{ field: 'id' }, { field: 'discount' }, { field: 'quantity' }, { field: 'amount' }],
      filters: [{ field: 'customer.segment', operator: 'equals', value: 'Enterprise' }],
      sort: [
        { field: 'discount', direction: 'desc' },
        { field: 'id', direction: 'desc' },
      ],
      limit: 12,
      totals: true,
    },
    'year buckets of a joined date column': {
      dataset: 'sales',
      fields: [
        { field: 'customer.signup_date', bucket: 'year' },
        { field: 'amount', aggregation: 'avg' },
      ],
      sort: [{ field: 'amount', aggregation: 'avg', direction: 'desc' }],
    },
    'between with reversed bounds selects nothing': {
      dataset: 'sales',
      fields: [{ field: 'id' }],
      filters: [{ field: 'quantity', operator: 'between', value: [7, 3] }],
      sort: [{ field: 'id', direction: 'asc' }],
    },
  }

  for (const [title, testCase] of Object.entries(EXTRA_CASES)) {
    it(`extra: ${title}`, async () => {
      const definition = { version: 1, name: title, ...testCase }
      const context = contextFor({ timezone: 'Europe/Berlin' })
      const reference = await runReport(pglite as FixtureEngine, definition, context, PARITY_NOW)
      // Only the reversed range may agree on nothing.
      if (!title.includes('selects nothing')) expect(reference.rows.length).toBeGreaterThan(0)
      expect(await runReport(rest, definition, context, PARITY_NOW)).toEqual(reference)
    })
  }

  it('also agrees for the other tenant and with subtotals, totals and a limit together', async () => {
    const definition = {
      version: 1,
      name: 'globex',
      dataset: 'sales',
      fields: [
        { field: 'product.category' },
        { field: 'ordered_at', bucket: 'quarter' },
        { field: 'amount', aggregation: 'sum' },
        { field: 'discount', aggregation: 'avg' },
        { field: 'customer.region.name', aggregation: 'count_distinct' },
      ],
      sort: [{ field: 'amount', aggregation: 'sum', direction: 'desc' }],
      subtotals: true,
      totals: true,
      limit: 17,
    }
    const context = contextFor({ tenant: 'globex', timezone: 'Asia/Kolkata' })
    const reference = await runReport(pglite as FixtureEngine, definition, context, PARITY_NOW)
    const actual = await runReport(rest, definition, context, PARITY_NOW)
    expect(actual.rows.some((row) => row[SUBTOTAL_LEVEL_KEY] === 1)).toBe(true)
    expect(actual).toEqual(reference)
  })
})

describe('REST source over the fixture API', () => {
  it('sends the tenant as the declared query parameter and header on every page', async () => {
    api.requests.length = 0
    await runReport(
      rest,
      {
        version: 1,
        name: 'x',
        dataset: 'sales',
        fields: [{ field: 'customer.segment' }, { field: 'product.category' }],
      },
      contextFor({ tenant: 'globex' }),
      PARITY_NOW,
    )
    const sales = api.requests.filter((path) => path.startsWith('/api/v1/sales'))
    const products = api.requests.filter((path) => path.startsWith('/api/v1/products'))
    // 2,400 globex sales in pages of 500; 40 products in pages of 15.
    expect(sales).toHaveLength(5)
    expect(sales.every((path) => path.includes('tenant=globex'))).toBe(true)
    expect(products).toHaveLength(3)
    expect(products.every((path) => path.includes('tenant=globex'))).toBe(true)
  })

  it('reads a joined endpoint once per compiled report, shared by its rows and totals', async () => {
    api.requests.length = 0
    const result = await runReport(
      rest,
      {
        version: 1,
        name: 'x',
        dataset: 'sales',
        fields: [{ field: 'customer.segment' }, { field: 'amount', aggregation: 'sum' }],
        totals: true,
      },
      contextFor({}),
      PARITY_NOW,
    )
    expect(result.totals).toBeDefined()
    // 72 acme customers in pages of 25: 3 pages, fetched for the rows query only.
    expect(api.requests.filter((path) => path.startsWith('/api/v1/customers'))).toHaveLength(3)
    // The base endpoint is read by both queries: 8 pages each.
    expect(api.requests.filter((path) => path.startsWith('/api/v1/sales'))).toHaveLength(16)
  })

  it('stops reading pages once an unsorted detail report has its rows', async () => {
    api.requests.length = 0
    const compiled = compileReport(
      { version: 1, name: 'x', dataset: 'sales', fields: [{ field: 'id' }], limit: 10 },
      rest.catalog,
      contextFor({}),
    )
    const rows = []
    for await (const row of rest.source.stream(compiled)) rows.push(row)
    expect(rows).toHaveLength(10)
    expect(api.requests).toHaveLength(1)
  })

  it('runs through the engine: preview with totals and a full run', async () => {
    const engine = createReportEngine({ catalog: rest.catalog, clock: { now: () => PARITY_NOW } })
    const definition: ReportDefinitionInput = {
      version: 1,
      name: 'by channel',
      dataset: 'sales',
      fields: [{ field: 'channel' }, { field: 'amount', aggregation: 'sum' }],
      totals: true,
    }
    const preview = await engine.preview(definition, { context: contextFor({}) })
    const reference = await runReport(
      pglite as FixtureEngine,
      definition,
      contextFor({}),
      PARITY_NOW,
    )
    expect(preview.rows).toEqual(reference.rows)
    expect(preview.totals).toEqual(reference.totals)
    // run() checks the live schema first (introspection samples the first page of each endpoint).
    const run = await engine.run(definition, { context: contextFor({}), format: 'json' })
    expect(run.error).toBeUndefined()
    expect(run.status).toBe('succeeded')
    expect(run.rowCount).toBe(reference.rows.length)
  })

  it('drafts datasets from the first page of each endpoint', async () => {
    const tables = await rest.source.introspect({ tables: ['rw_sales', 'rw_customers', 'nope'] })
    expect(tables.map((table) => table.name)).toEqual(['rw_sales', 'rw_customers'])
    const types = (name: string) =>
      Object.fromEntries(
        (tables.find((table) => table.name === name)?.columns ?? []).map((c) => [c.name, c.type]),
      )
    expect(types('rw_sales')).toEqual({
      id: 'integer',
      tenant_id: 'string',
      customer_id: 'integer',
      product_id: 'integer',
      ordered_at: 'datetime',
      order_date: 'date',
      quantity: 'integer',
      amount: 'number',
      discount: 'number',
      is_returned: 'boolean',
      channel: 'string',
      note: 'string',
    })
    expect(types('rw_customers').credit_limit).toBe('number')
    const sales = tables.find((table) => table.name === 'rw_sales')
    expect(sales?.columns.find((c) => c.name === 'id')?.primaryKey).toBe(true)
    expect(sales?.columns.find((c) => c.name === 'channel')?.nullable).toBe(true)
    expect(sales?.columns.find((c) => c.name === 'amount')?.nullable).toBe(false)
  })
})
