import { describe, expect, it } from 'vitest'
import { defineCatalog } from '../catalog/define-catalog'
import type { RequestContext } from '../context/request-context'
import { parseReportDefinition } from '../model/report-definition'
import type { Source } from '../source/source'
import { summarizeFilters } from './filter-summary'

const catalog = defineCatalog({
  sources: { main: {} as Source },
  datasets: {
    orders: {
      source: 'main',
      table: 'orders',
      label: 'Orders',
      columns: {
        region: { type: 'string', label: 'Region' },
        amount: { type: 'currency', label: 'Amount' },
        ordered_at: { type: 'datetime', label: 'Order date' },
        paid: { type: 'boolean', label: 'Paid' },
        margin: { type: 'percent', label: 'Margin', roles: ['admin'] },
      },
    },
  },
})
const context: RequestContext = { userId: 'u', roles: [] }

describe('summarizeFilters', () => {
  it('describes filters in words with catalog labels', () => {
    const definition = parseReportDefinition({
      version: 1,
      name: 'x',
      dataset: 'orders',
      fields: [{ field: 'amount' }],
      filters: [
        { field: 'region', operator: 'equals', value: 'EMEA' },
        { field: 'ordered_at', operator: 'in_last', value: { amount: 3, unit: 'month' } },
        { field: 'amount', operator: 'between', value: [10, 20] },
        {
          anyOf: [
            { field: 'region', operator: 'in', value: ['APAC', 'AMER'] },
            { field: 'paid', operator: 'equals', value: true },
          ],
        },
        { field: 'ordered_at', operator: 'previous', value: { unit: 'quarter' } },
        { field: 'ordered_at', operator: 'in_last', value: { amount: 1, unit: 'week' } },
        { field: 'region', operator: 'is_null' },
        { field: 'region', operator: 'contains', value: 'ME' },
        { field: 'margin', operator: 'greater_or_equal', value: 5 },
      ],
    })
    expect(summarizeFilters(definition, catalog, context)).toEqual([
      'Region is EMEA',
      'Order date in the last 3 months',
      'Amount between 10 and 20',
      'Region is one of APAC, AMER or Paid is yes',
      'Order date in the previous quarter',
      'Order date in the last week',
      'Region is empty',
      'Region contains "ME"',
      'margin is at least 5',
    ])
  })

  it('shortens long lists', () => {
    const definition = parseReportDefinition({
      version: 1,
      name: 'x',
      dataset: 'orders',
      fields: [{ field: 'amount' }],
      filters: [
        {
          field: 'region',
          operator: 'not_in',
          value: Array.from({ length: 12 }, (_, i) => `R${i}`),
        },
      ],
    })
    expect(summarizeFilters(definition, catalog, context)).toEqual([
      'Region is not one of R0, R1, R2, R3, R4, R5, R6, R7, R8, R9 and 2 more',
    ])
  })
})
