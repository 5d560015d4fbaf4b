import { describe, expect, it } from 'vitest'
import { describeEngines } from '../../test/engine-suite'
import type { EngineName } from './engines'
import {
  HOSTILE_NOTES,
  SALES_FIXTURE,
  SALES_FIXTURE_EDGE_INSTANTS,
  SALES_FIXTURE_TABLES,
  SALES_FIXTURE_VERSION,
  TENANTS,
  createSalesCatalog,
  generateSalesFixture,
  sumDecimals,
} from './sales-fixture'
import type { SalesFixture } from './sales-fixture'
import type { Source } from '../source/source'

const { regions, customers, products, sales } = SALES_FIXTURE

function countBy<T>(rows: readonly T[], key: (row: T) => string): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const row of rows) counts[key(row)] = (counts[key(row)] ?? 0) + 1
  return counts
}

function cents(value: string): bigint {
  const [whole = '0', fraction = ''] = value.split('.')
  return BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2))
}

describe('SALES_FIXTURE', () => {
  it('is deterministic: generating twice gives deep-equal data', () => {
    const first = generateSalesFixture()
    const second = generateSalesFixture()
    expect(second).toEqual(first)
    expect(first).toEqual(SALES_FIXTURE)
    expect(generateSalesFixture(7).sales).not.toEqual(first.sales)
  })

  it('is deep-frozen', () => {
    expect(Object.isFrozen(SALES_FIXTURE)).toBe(true)
    expect(Object.isFrozen(SALES_FIXTURE.sales)).toBe(true)
    expect(Object.isFrozen(SALES_FIXTURE.sales[0])).toBe(true)
  })

  it('has the documented sizes and a 60/40 tenant split', () => {
    expect(regions).toHaveLength(6)
    expect(customers).toHaveLength(120)
    expect(products).toHaveLength(80)
    expect(sales).toHaveLength(6000)
    expect(countBy(customers, (c) => c.tenant_id)).toEqual({ acme: 72, globex: 48 })
    expect(countBy(products, (p) => p.tenant_id)).toEqual({ acme: 40, globex: 40 })
    expect(countBy(sales, (s) => s.tenant_id)).toEqual({ acme: 3600, globex: 2400 })
    expect(SALES_FIXTURE_VERSION).toMatch(/^sales-fixture\/1\+[0-9a-f]{8}$/)
  })

  it('has unique, case-distinct region names and unique ids', () => {
    expect(new Set(regions.map((r) => r.name.toLowerCase())).size).toBe(regions.length)
    for (const region of regions) expect(region.name).toMatch(/^[A-Z][A-Za-z]+$/)
    for (const table of [regions, customers, products, sales] as const) {
      const ids = table.map((row) => row.id)
      expect(ids).toEqual([...ids].sort((a, b) => a - b))
      expect(new Set(ids).size).toBe(ids.length)
    }
  })

  it('keeps references inside one tenant', () => {
    const customerById = new Map(customers.map((c) => [c.id, c]))
    const productById = new Map(products.map((p) => [p.id, p]))
    for (const sale of sales) {
      expect(customerById.get(sale.customer_id)?.tenant_id).toBe(sale.tenant_id)
      expect(productById.get(sale.product_id)?.tenant_id).toBe(sale.tenant_id)
    }
    const regionIds = new Set(regions.map((r) => r.id))
    for (const customer of customers)
      if (customer.region_id !== null) expect(regionIds.has(customer.region_id)).toBe(true)
    expect(customers.filter((c) => c.region_id === null).length).toBeGreaterThanOrEqual(3)
  })

  it('computes amount exactly from quantity, unit price and discount', () => {
    const price = new Map(products.map((p) => [p.id, cents(p.unit_price)]))
    for (const sale of sales) {
      expect(sale.amount).toMatch(/^\d+\.\d{2}$/)
      expect(sale.discount).toMatch(/^0\.\d{4}$/)
      const discount = BigInt(sale.discount.replace('.', ''))
      expect(discount).toBeLessThanOrEqual(2500n)
      const exact =
        BigInt(sale.quantity) * (price.get(sale.product_id) as bigint) * (10_000n - discount)
      expect(cents(sale.amount)).toBe((exact + 5_000n) / 10_000n)
    }
  })

  it('keeps timestamps in range, ordered by id, with order_date the UTC date', () => {
    for (const sale of sales) {
      expect(sale.ordered_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
      expect(sale.ordered_at >= '2024-01-01T00:00:00.000Z').toBe(true)
      expect(sale.ordered_at <= '2025-12-31T23:59:59.999Z').toBe(true)
      expect(sale.order_date).toBe(sale.ordered_at.slice(0, 10))
    }
    const times = sales.map((s) => s.ordered_at)
    expect(times).toEqual([...times].sort())
  })

  it('holds one sale per tenant at every DST / midnight edge instant', () => {
    for (const edge of SALES_FIXTURE_EDGE_INSTANTS)
      for (const tenant of TENANTS)
        expect(
          sales.filter((s) => s.ordered_at === edge.at && s.tenant_id === tenant).length,
        ).toBeGreaterThanOrEqual(1)
    // Reports bucketed by day in Europe/Berlin or America/New_York differ from UTC.
    const shifted = (timeZone: string): number => {
      const format = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      })
      return sales.filter((s) => format.format(new Date(s.ordered_at)) !== s.order_date).length
    }
    expect(shifted('Europe/Berlin')).toBeGreaterThan(50)
    expect(shifted('America/New_York')).toBeGreaterThan(50)
    const nearMidnight = sales.filter(
      (s) => s.ordered_at.slice(11, 13) === '23' || s.ordered_at.slice(11, 13) === '00',
    )
    expect(nearMidnight.length).toBeGreaterThan(400)
  })

  it('has channels with ~10 % NULL and hostile notes in every tenant', () => {
    const channels = countBy(sales, (s) => String(s.channel))
    expect(Object.keys(channels).sort()).toEqual(['Partner', 'Store', 'Web', 'null'])
    expect(channels['null']).toBeGreaterThan(400)
    expect(channels['null']).toBeLessThan(800)
    for (const tenant of TENANTS)
      for (const note of HOSTILE_NOTES)
        expect(
          sales.filter((s) => s.tenant_id === tenant && s.note === note).length,
        ).toBeGreaterThanOrEqual(2)
    expect(sales.filter((s) => s.note === null).length).toBeGreaterThan(5000)
    expect(sales.some((s) => s.is_returned)).toBe(true)
  })

  it('sums decimals exactly', () => {
    expect(sumDecimals(['0.10', '0.20', '1', '2.5'])).toBe('3.80')
    expect(sumDecimals([])).toBe('0.00')
  })
})

describe('createSalesCatalog', () => {
  const source = { kind: 'fake' } as unknown as Source
  const admin = { userId: 'u', tenantId: 'acme', roles: ['admin'] }
  const user = { userId: 'u', tenantId: 'acme', roles: ['user'] }

  it('declares the datasets, the two-hop region path and role-restricted columns', () => {
    const catalog = createSalesCatalog(source)
    expect([...catalog.datasets.keys()]).toEqual(['sales', 'customers', 'products', 'regions'])
    expect(catalog.resolveField('sales', 'customer.region.name', user)).toMatchObject({
      joins: ['customer', 'region'],
      dataset: 'regions',
      column: 'name',
    })
    expect(() => catalog.resolveField('sales', 'customer.credit_limit', user)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN_FIELD' }),
    )
    expect(catalog.resolveField('sales', 'product.unit_cost', admin).column).toBe('unit_cost')
    expect(() => catalog.resolveField('sales', 'tenant_id', admin)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_FIELD' }),
    )
    const userFields = catalog.describeDataset('sales', user).fields.map((f) => f.path)
    expect(userFields).toContain('customer.region.country')
    expect(userFields).not.toContain('customer.credit_limit')
    expect(catalog.datasets.get('regions')?.tenantColumn).toBeUndefined()
  })

  it('qualifies tables with a schema', () => {
    expect(createSalesCatalog(source, { schema: 'reporting' }).datasets.get('sales')?.table).toBe(
      'reporting.rw_sales',
    )
    expect(() => createSalesCatalog(source, { schema: 'x; drop' })).toThrow()
  })
})

/** Per engine: SQL turning each column into the fixture's text form. */
const TEXT_SQL: Record<
  'postgres' | 'mysql' | 'sqlite',
  {
    date: (c: string) => string
    datetime: (c: string) => string
    decimal: (c: string, scale: number) => string
    bool: (c: string) => string
  }
> = {
  postgres: {
    date: (c) => `${c}::text`,
    datetime: (c) => `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    decimal: (c) => `${c}::text`,
    bool: (c) => `${c}`,
  },
  mysql: {
    date: (c) => `DATE_FORMAT(${c}, '%Y-%m-%d')`,
    datetime: (c) => `CONCAT(LEFT(DATE_FORMAT(${c}, '%Y-%m-%dT%H:%i:%s.%f'), 23), 'Z')`,
    decimal: (c) => `CAST(${c} AS CHAR)`,
    bool: (c) => `${c} <> 0`,
  },
  sqlite: {
    date: (c) => c,
    datetime: (c) => c,
    decimal: (c, scale) => `printf('%.${scale}f', ${c})`,
    bool: (c) => `${c} <> 0`,
  },
}

const family = (name: EngineName): 'postgres' | 'mysql' | 'sqlite' =>
  name === 'pglite' ? 'postgres' : name
const sumsByEngine = new Map<EngineName, Record<string, string>>()

describeEngines('sales fixture loaded', (getEngine, name) => {
  const sql = TEXT_SQL[family(name)]
  const expectedSums = Object.fromEntries(
    TENANTS.map((tenant) => [
      tenant,
      sumDecimals(sales.filter((s) => s.tenant_id === tenant).map((s) => s.amount)),
    ]),
  )

  it('has the row counts of SALES_FIXTURE per table and tenant', async () => {
    const { query } = getEngine()
    const [[regionCount]] = (await query(
      `SELECT COUNT(*) FROM ${SALES_FIXTURE_TABLES.regions}`,
    )) as [[unknown]]
    expect(Number(regionCount)).toBe(regions.length)
    for (const table of ['customers', 'products', 'sales'] as const) {
      const rows = await query(
        `SELECT tenant_id, COUNT(*) FROM ${SALES_FIXTURE_TABLES[table]} GROUP BY tenant_id ORDER BY tenant_id`,
      )
      const actual = Object.fromEntries(
        rows.map(([tenant, count]) => [String(tenant), Number(count)]),
      )
      expect(actual).toEqual(
        countBy(SALES_FIXTURE[table] as readonly { tenant_id: string }[], (r) => r.tenant_id),
      )
    }
  })

  it('sums amount per tenant exactly', async () => {
    const rows = await getEngine().query(
      `SELECT tenant_id, ${sql.decimal('SUM(amount)', 2)} FROM ${SALES_FIXTURE_TABLES.sales} GROUP BY tenant_id ORDER BY tenant_id`,
    )
    const sums = Object.fromEntries(rows.map(([tenant, sum]) => [String(tenant), String(sum)]))
    expect(sums).toEqual(expectedSums)
    sumsByEngine.set(name, sums)
  })

  it('stores every row exactly (DST / midnight instants, hostile notes, decimals)', async () => {
    const { query } = getEngine()
    const read = async <T>(
      table: keyof SalesFixture,
      columns: string[],
      toRow: (raw: unknown[]) => T,
    ): Promise<T[]> =>
      (
        await query(`SELECT ${columns.join(', ')} FROM ${SALES_FIXTURE_TABLES[table]} ORDER BY id`)
      ).map(toRow)
    const str = (v: unknown): string | null => (v === null ? null : String(v))
    expect(
      await read('regions', ['id', 'name', 'country'], ([id, n, c]) => ({
        id: Number(id),
        name: str(n),
        country: str(c),
      })),
    ).toEqual(regions)
    expect(
      await read(
        'customers',
        [
          'id',
          'tenant_id',
          'name',
          'segment',
          'region_id',
          sql.date('signup_date'),
          sql.decimal('credit_limit', 2),
        ],
        ([id, tenant, n, segment, region, signup, credit]) => ({
          id: Number(id),
          tenant_id: str(tenant),
          name: str(n),
          segment: str(segment),
          region_id: region === null ? null : Number(region),
          signup_date: str(signup),
          credit_limit: str(credit),
        }),
      ),
    ).toEqual(customers)
    expect(
      await read(
        'products',
        [
          'id',
          'tenant_id',
          'name',
          'category',
          sql.decimal('unit_price', 2),
          sql.decimal('unit_cost', 2),
        ],
        ([id, tenant, n, category, price, cost]) => ({
          id: Number(id),
          tenant_id: str(tenant),
          name: str(n),
          category: str(category),
          unit_price: str(price),
          unit_cost: str(cost),
        }),
      ),
    ).toEqual(products)
    const stored = await read(
      'sales',
      [
        'id',
        'tenant_id',
        'customer_id',
        'product_id',
        sql.datetime('ordered_at'),
        sql.date('order_date'),
        'quantity',
        sql.decimal('amount', 2),
        sql.decimal('discount', 4),
        sql.bool('is_returned'),
        'channel',
        'note',
      ],
      ([
        id,
        tenant,
        customer,
        product,
        at,
        date,
        quantity,
        amount,
        discount,
        returned,
        channel,
        note,
      ]) => ({
        id: Number(id),
        tenant_id: str(tenant),
        customer_id: Number(customer),
        product_id: Number(product),
        ordered_at: str(at),
        order_date: str(date),
        quantity: Number(quantity),
        amount: str(amount),
        discount: str(discount),
        is_returned: returned === true || Number(returned) === 1,
        channel: str(channel),
        note: str(note),
      }),
    )
    expect(stored).toEqual(sales)
    for (const edge of SALES_FIXTURE_EDGE_INSTANTS)
      expect(stored.filter((s) => s.ordered_at === edge.at).length).toBeGreaterThanOrEqual(
        TENANTS.length,
      )
  })

  it('records the fixture version', async () => {
    const rows = await getEngine().query(
      `SELECT version FROM rw_fixture_version WHERE name = 'sales'`,
    )
    expect(rows).toEqual([[SALES_FIXTURE_VERSION]])
  })
})

describe('sales fixture across engines', () => {
  it('has identical sum(amount) per tenant on every engine that ran', () => {
    expect(sumsByEngine.size).toBeGreaterThan(0)
    const distinct = new Set([...sumsByEngine.values()].map((sums) => JSON.stringify(sums)))
    expect(distinct.size).toBe(1)
  })
})
