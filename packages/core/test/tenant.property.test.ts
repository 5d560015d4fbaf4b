import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FilterCondition, FilterNode, Row } from '../src/index'
import { compileReport } from '../src/index'
import type { FixtureEngine } from '../src/testing/engines'
import { ENGINE_NAMES, openFixtureEngine } from '../src/testing/engines'
import { SALES_FIXTURE, TENANTS } from '../src/testing/sales-fixture'

const engines: FixtureEngine[] = []

beforeAll(async () => {
  for (const name of ENGINE_NAMES) {
    const engine = await openFixtureEngine(name)
    if (engine) engines.push(engine)
  }
})

afterAll(async () => {
  await Promise.all(engines.map((engine) => engine.close()))
})

const idsOf = (rows: readonly { id: number; tenant_id: string }[], tenant: string) =>
  new Set(rows.filter((row) => row.tenant_id === tenant).map((row) => row.id))

const condition: fc.Arbitrary<FilterCondition> = fc.oneof(
  fc
    .constantFrom('Web', 'Store', 'Partner', 'web')
    .map((value): FilterCondition => ({ field: 'channel', operator: 'equals', value })),
  fc
    .subarray(['Web', 'Store', 'Partner'], { minLength: 1 })
    .map((value): FilterCondition => ({ field: 'channel', operator: 'in', value })),
  fc.constant<FilterCondition>({ field: 'channel', operator: 'is_null' }),
  fc
    .integer({ min: 0, max: 900 })
    .map((value): FilterCondition => ({ field: 'amount', operator: 'greater_than', value })),
  fc.integer({ min: 1, max: 24 }).map((amount): FilterCondition => ({
    field: 'ordered_at',
    operator: 'in_last',
    value: { amount, unit: 'month' },
  })),
  fc
    .constantFrom('a', 'e', 'Mid', 'ENTER', "'", '%')
    .map((value): FilterCondition => ({ field: 'customer.segment', operator: 'contains', value })),
  fc.constantFrom('Enterprise', 'Small Business').map((value): FilterCondition => ({
    field: 'customer.segment',
    operator: 'not_equals',
    value,
  })),
  fc
    .boolean()
    .map((value): FilterCondition => ({ field: 'is_returned', operator: 'equals', value })),
  fc
    .constantFrom(...TENANTS)
    .map((value): FilterCondition => ({ field: 'customer.name', operator: 'not_equals', value })),
)

const filterNode: fc.Arbitrary<FilterNode> = fc.oneof(
  { weight: 3, arbitrary: condition },
  {
    weight: 1,
    arbitrary: fc.array(condition, { minLength: 1, maxLength: 3 }).map((anyOf) => ({ anyOf })),
  },
)

const definition = fc.record({
  extra: fc.subarray([
    'channel',
    'amount',
    'customer.segment',
    'customer.region.name',
    'ordered_at',
    'is_returned',
    'product.category',
  ]),
  filters: fc.array(filterNode, { maxLength: 3 }),
  limit: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
  sortDesc: fc.boolean(),
})

describe('tenant isolation (property)', () => {
  it('random reports for one tenant never return a row of the other, on every engine', async () => {
    expect(engines.length).toBeGreaterThan(0)
    for (const engine of engines) {
      for (const tenant of TENANTS) {
        const sales = idsOf(SALES_FIXTURE.sales, tenant)
        const customers = idsOf(SALES_FIXTURE.customers, tenant)
        const products = idsOf(SALES_FIXTURE.products, tenant)
        await fc.assert(
          fc.asyncProperty(definition, async ({ extra, filters, limit, sortDesc }) => {
            const compiled = compileReport(
              {
                version: 1,
                name: 'property',
                dataset: 'sales',
                fields: [
                  { field: 'id' },
                  { field: 'customer.id' },
                  { field: 'product.id' },
                  ...extra.map((field) => ({ field })),
                ],
                filters,
                sort: [{ field: 'id', direction: sortDesc ? 'desc' : 'asc' }],
                ...(limit !== undefined ? { limit } : {}),
              },
              engine.catalog,
              { userId: 'p', tenantId: tenant, roles: [] },
            )
            const rows: Row[] = []
            for await (const row of engine.source.stream(compiled)) rows.push(row)
            for (const row of rows) {
              expect(sales.has(row.id as number)).toBe(true)
              expect(customers.has(row.customer_id as number)).toBe(true)
              expect(products.has(row.product_id as number)).toBe(true)
            }
          }),
          { numRuns: 20, seed: 20261123 },
        )
      }
    }
  })

  it('aggregates only count the tenant’s own rows', async () => {
    for (const engine of engines) {
      for (const tenant of TENANTS) {
        const compiled = compileReport(
          {
            version: 1,
            name: 'count',
            dataset: 'sales',
            fields: [
              { field: 'id', aggregation: 'count' },
              { field: 'customer.id', aggregation: 'count_distinct' },
            ],
          },
          engine.catalog,
          { userId: 'p', tenantId: tenant, roles: [] },
        )
        const rows: Row[] = []
        for await (const row of engine.source.stream(compiled)) rows.push(row)
        expect(rows, engine.name).toEqual([
          {
            count_id: idsOf(SALES_FIXTURE.sales, tenant).size,
            count_distinct_customer_id: new Set(
              SALES_FIXTURE.sales.filter((s) => s.tenant_id === tenant).map((s) => s.customer_id),
            ).size,
          },
        ])
      }
    }
  })
})
