import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequestContext } from '../src/index'
import { SUBTOTAL_LEVEL_KEY } from '../src/index'
import type { FixtureEngine } from '../src/testing/engines'
import { ENGINE_NAMES, openFixtureEngine } from '../src/testing/engines'
import { SALES_FIXTURE } from '../src/testing/sales-fixture'
import { PARITY_CASES, PARITY_NOW } from './parity-definitions'
import type { ReportResult } from './report-runner'
import { runReport } from './report-runner'

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

describe('parity: one table of reports, identical on every engine', () => {
  it('has at least 40 reports and at least the two embedded engines', () => {
    expect(Object.keys(PARITY_CASES).length).toBeGreaterThanOrEqual(40)
    expect(engines.map((engine) => engine.name)).toEqual(
      expect.arrayContaining(['sqlite', 'pglite']),
    )
  })

  for (const [title, testCase] of Object.entries(PARITY_CASES)) {
    it(title, async () => {
      const { timezone: _tz, roles: _roles, tenant: _tenant, dataset = 'sales', ...rest } = testCase
      const definition = { version: 1, name: title, dataset, ...rest }
      const results: [string, ReportResult][] = []
      for (const engine of engines)
        results.push([
          engine.name,
          await runReport(engine, definition, contextFor(testCase), PARITY_NOW),
        ])
      const [referenceName, reference] = results[0] as [string, ReportResult]
      // A report that returns nothing would agree trivially: every case must select rows.
      expect(reference.rows.length, `${referenceName} returned no rows`).toBeGreaterThan(0)
      for (const [name, result] of results.slice(1)) {
        expect({ engine: name, ...result }).toEqual({ engine: name, ...reference })
      }
    })
  }
})

describe('parity: results are right, not only alike', () => {
  const cents = (value: string | number) => Math.round(Number(value) * 100)

  it('sum per channel matches the fixture computed in JavaScript', async () => {
    const expected = new Map<string | null, number>()
    for (const sale of SALES_FIXTURE.sales) {
      if (sale.tenant_id !== 'acme') continue
      expected.set(sale.channel, (expected.get(sale.channel) ?? 0) + cents(sale.amount))
    }
    for (const engine of engines) {
      const { rows } = await runReport(
        engine,
        {
          version: 1,
          name: 'x',
          dataset: 'sales',
          fields: [{ field: 'channel' }, { field: 'amount', aggregation: 'sum' }],
        },
        contextFor({}),
        PARITY_NOW,
      )
      const actual = new Map(
        rows.map((row) => [row.channel as string | null, cents(row.sum_amount as string)]),
      )
      expect(actual, engine.name).toEqual(expected)
    }
  })

  it('subtotal rows carry their level and add up', async () => {
    for (const engine of engines) {
      const { rows } = await runReport(
        engine,
        {
          version: 1,
          name: 'x',
          dataset: 'sales',
          fields: [
            { field: 'customer.segment' },
            { field: 'channel' },
            { field: 'amount', aggregation: 'sum' },
          ],
          subtotals: true,
        },
        contextFor({}),
        PARITY_NOW,
      )
      const subtotals = rows.filter((row) => row[SUBTOTAL_LEVEL_KEY] === 1)
      expect(subtotals.length, engine.name).toBe(3)
      for (const subtotal of subtotals) {
        const details = rows.filter(
          (row) =>
            row[SUBTOTAL_LEVEL_KEY] === undefined &&
            row.customer_segment === subtotal.customer_segment,
        )
        expect(details.reduce((sum, row) => sum + cents(row.sum_amount as string), 0)).toBe(
          cents(subtotal.sum_amount as string),
        )
        // The subtotal comes right after the last detail row of its group.
        expect(rows.indexOf(subtotal)).toBe(
          Math.max(...details.map((row) => rows.indexOf(row))) + 1,
        )
      }
    }
  })
})
