import type { ReportDefinitionInput } from '@reportwright/core/model'

const revenueByRegion: ReportDefinitionInput = {
  version: 1,
  name: 'Revenue by region',
  description: 'Net revenue and order count per sales region.',
  dataset: 'sales',
  fields: [
    { field: 'customer.region.name' },
    { field: 'amount', aggregation: 'sum' },
    { field: 'order_id', aggregation: 'count' },
  ],
  sort: [{ field: 'amount', aggregation: 'sum', direction: 'desc' }],
  totals: true,
  output: {
    format: 'xlsx',
    chart: { type: 'bar', x: 'customer.region.name', y: ['sum_amount'] },
  },
}

const monthlyRevenue: ReportDefinitionInput = {
  version: 1,
  name: 'Monthly revenue',
  description: 'Revenue per month over the last year.',
  dataset: 'sales',
  fields: [
    { field: 'order_date', bucket: 'month' },
    { field: 'amount', aggregation: 'sum' },
  ],
  filters: [{ field: 'order_date', operator: 'in_last', value: { amount: 12, unit: 'month' } }],
  sort: [{ field: 'order_date', bucket: 'month', direction: 'asc' }],
  output: { format: 'pdf', chart: { type: 'line', x: 'order_date_month', y: ['sum_amount'] } },
  schedule: {
    enabled: true,
    frequency: 'monthly',
    dayOfMonth: 1,
    time: '07:00',
    timezone: 'UTC',
  },
}

const openOrders: ReportDefinitionInput = {
  version: 1,
  name: 'Open orders',
  description: 'Orders not shipped yet, newest first.',
  dataset: 'sales',
  fields: [
    { field: 'order_id' },
    { field: 'order_date' },
    { field: 'customer.name' },
    { field: 'product.name' },
    { field: 'amount' },
  ],
  filters: [{ field: 'status', operator: 'equals', value: 'open' }],
  sort: [{ field: 'order_date', direction: 'desc' }],
  output: { format: 'csv' },
}

const customersBySegment: ReportDefinitionInput = {
  version: 1,
  name: 'Customers by segment',
  dataset: 'customers',
  fields: [{ field: 'segment' }, { field: 'name', aggregation: 'count' }],
  output: { format: 'csv' },
}

/** The sample definitions by name, for stories and tests. */
export const SAMPLE_DEFINITIONS = {
  revenueByRegion,
  monthlyRevenue,
  openOrders,
  customersBySegment,
} as const satisfies Record<string, ReportDefinitionInput>

/** Saved reports the memory client starts with unless `reports` is given. */
export const SAMPLE_REPORTS: readonly ReportDefinitionInput[] = [
  revenueByRegion,
  monthlyRevenue,
  openOrders,
  customersBySegment,
]
