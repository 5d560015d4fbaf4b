import { describe, expect, it } from 'vitest'
import { compileOnlySource, salesCatalog, ACME } from '../../test/compile-fixtures'
import { postgresDialect } from '../dialect/postgres-dialect'
import { isReportwrightError } from '../errors/reportwright-error'
import { defineCatalog } from './define-catalog'

describe('defineCatalog', () => {
  it('reports every problem of a broken catalog with its path', () => {
    let issues: readonly { path: readonly (string | number)[] }[] = []
    try {
      defineCatalog({
        sources: { main: compileOnlySource(postgresDialect) },
        datasets: {
          'bad id': { source: 'main', table: 'x', label: 'X', columns: {} },
          sales: {
            source: 'main',
            table: 'sales; drop',
            label: 'Sales',
            tenantColumn: 'tenant id',
            columns: {
              amount: { type: 'money' as 'currency', label: 'Amount' },
              'a b': { type: 'string', label: 'AB' },
            },
            joins: {
              customer: {
                dataset: 'nope',
                on: { from: 'customer_id', to: 'id' },
                type: 'many-to-one',
              },
            },
          },
        },
      })
    } catch (error) {
      if (isReportwrightError(error) && error.code === 'INVALID_DEFINITION')
        issues = error.details?.issues ?? []
    }
    expect(issues.map((issue) => issue.path.join('.'))).toEqual(
      expect.arrayContaining([
        'datasets.bad id',
        'datasets.sales.table',
        'datasets.sales.tenantColumn',
        'datasets.sales.columns.amount.type',
        'datasets.sales.columns.a b',
        'datasets.sales.joins.customer.dataset',
      ]),
    )
  })

  it('describes fields through joins two hops deep, grouped by dataset', () => {
    const view = salesCatalog(postgresDialect).describeDataset('sales', ACME)
    const region = view.fields.find((field) => field.path === 'customer.region.name')
    expect(region).toMatchObject({ label: 'Region › Name', group: 'Region', type: 'string' })
    expect(view.fields.map((field) => field.path)).not.toContain('customer.credit_limit')
    const finance = salesCatalog(postgresDialect).describeDataset('sales', {
      ...ACME,
      roles: ['finance'],
    })
    expect(finance.fields.map((field) => field.path)).toContain('customer.credit_limit')
  })

  it('keeps cyclic joins finite', () => {
    const catalog = defineCatalog({
      sources: { main: compileOnlySource(postgresDialect) },
      datasets: {
        employees: {
          source: 'main',
          table: 'employees',
          label: 'Employees',
          columns: { name: { type: 'string', label: 'Name' } },
          joins: {
            manager: {
              dataset: 'employees',
              on: { from: 'manager_id', to: 'id' },
              type: 'many-to-one',
            },
          },
        },
      },
    })
    expect(catalog.describe(ACME).datasets[0]?.fields.map((field) => field.path)).toEqual(['name'])
    // Self-joins still resolve when asked for explicitly.
    expect(catalog.resolveField('employees', 'manager.manager.name', ACME).joins).toEqual([
      'manager',
      'manager',
    ])
  })

  it('unknown datasets are NOT_FOUND when described', () => {
    expect(() => salesCatalog(postgresDialect).describeDataset('nope', ACME)).toThrow(
      /Unknown dataset/,
    )
  })
})
