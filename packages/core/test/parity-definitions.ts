import type { ReportDefinitionInput } from '../src/index'

type Case = Omit<ReportDefinitionInput, 'version' | 'name' | 'dataset'> & { dataset?: string }

/** "Now" for every relative date in the parity table: inside the fixture's two years. */
export const PARITY_NOW = new Date('2025-11-15T12:00:00Z')

const byChannel = { field: 'channel' }
const sumAmount = { field: 'amount', aggregation: 'sum' as const }
const countOrders = { field: 'id', aggregation: 'count' as const }

/**
 * At least 40 reports whose results must be identical on every engine: every aggregation,
 * every bucket in several time zones, every filter operator, OR groups, sorts, limits, totals
 * and subtotals, joins one and two hops deep.
 */
export const PARITY_CASES: Readonly<
  Record<string, Case & { timezone?: string; roles?: string[]; tenant?: string | null }>
> = {
  'sum by channel (NULL group)': { fields: [byChannel, sumAmount] },
  'count by segment (join)': { fields: [{ field: 'customer.segment' }, countOrders] },
  'avg amount by category': {
    fields: [{ field: 'product.category' }, { field: 'amount', aggregation: 'avg' }],
  },
  'avg of an integer': { fields: [byChannel, { field: 'quantity', aggregation: 'avg' }] },
  'avg of a percent': { fields: [byChannel, { field: 'discount', aggregation: 'avg' }] },
  'count distinct customers per channel': {
    fields: [byChannel, { field: 'customer.name', aggregation: 'count_distinct' }],
  },
  'min and max amount per segment': {
    fields: [
      { field: 'customer.segment' },
      { field: 'amount', aggregation: 'min' },
      { field: 'amount', aggregation: 'max' },
    ],
  },
  'sum quantity by region (two hops)': {
    fields: [{ field: 'customer.region.name' }, { field: 'quantity', aggregation: 'sum' }],
  },
  'sum and avg of one field': {
    fields: [byChannel, sumAmount, { field: 'amount', aggregation: 'avg' }],
  },
  'group by a boolean': { fields: [{ field: 'is_returned' }, sumAmount, countOrders] },
  'day buckets in Berlin': {
    fields: [{ field: 'ordered_at', bucket: 'day' }, countOrders],
    filters: [
      {
        field: 'ordered_at',
        operator: 'between',
        value: ['2024-03-28T00:00:00Z', '2024-04-03T00:00:00Z'],
      },
    ],
    timezone: 'Europe/Berlin',
  },
  'week buckets in Berlin': {
    fields: [{ field: 'ordered_at', bucket: 'week' }, sumAmount],
    timezone: 'Europe/Berlin',
  },
  'month buckets in UTC': {
    fields: [{ field: 'ordered_at', bucket: 'month' }, sumAmount, countOrders],
  },
  'month buckets in New York': {
    fields: [{ field: 'ordered_at', bucket: 'month' }, sumAmount],
    timezone: 'America/New_York',
  },
  'month buckets in Kolkata': {
    fields: [{ field: 'ordered_at', bucket: 'month' }, countOrders],
    timezone: 'Asia/Kolkata',
  },
  'quarter buckets': {
    fields: [{ field: 'ordered_at', bucket: 'quarter' }, sumAmount],
    timezone: 'Europe/Berlin',
  },
  'year buckets': {
    fields: [{ field: 'ordered_at', bucket: 'year' }, sumAmount, countOrders],
    timezone: 'America/New_York',
  },
  'month buckets of a date column': {
    fields: [{ field: 'order_date', bucket: 'month' }, sumAmount],
  },
  'week buckets of a date column': {
    fields: [{ field: 'order_date', bucket: 'week' }, countOrders],
  },
  equals: {
    fields: [{ field: 'product.category' }, sumAmount],
    filters: [{ field: 'channel', operator: 'equals', value: 'Web' }],
  },
  'not equals': {
    fields: [byChannel, countOrders],
    filters: [{ field: 'channel', operator: 'not_equals', value: 'Store' }],
  },
  'greater than a decimal string': {
    fields: [byChannel, countOrders],
    filters: [{ field: 'amount', operator: 'greater_than', value: '250.50' }],
  },
  'ge and lt': {
    fields: [byChannel, sumAmount],
    filters: [
      { field: 'quantity', operator: 'greater_or_equal', value: 3 },
      { field: 'quantity', operator: 'less_than', value: 7 },
    ],
  },
  'less or equal on a date': {
    fields: [byChannel, countOrders],
    filters: [{ field: 'order_date', operator: 'less_or_equal', value: '2024-06-30' }],
  },
  'between amounts': {
    fields: [{ field: 'customer.segment' }, countOrders],
    filters: [{ field: 'amount', operator: 'between', value: [100, '200.25'] }],
  },
  'between local datetimes': {
    fields: [byChannel, countOrders],
    filters: [
      { field: 'ordered_at', operator: 'between', value: ['2025-03-30', '2025-04-30 23:59:59'] },
    ],
    timezone: 'Europe/Berlin',
  },
  'between dates': {
    fields: [{ field: 'order_date', bucket: 'month' }, countOrders],
    filters: [{ field: 'order_date', operator: 'between', value: ['2025-01-01', '2025-03-31'] }],
  },
  'in a list': {
    fields: [byChannel, sumAmount],
    filters: [{ field: 'channel', operator: 'in', value: ['Web', 'Partner'] }],
  },
  'not in a list': {
    fields: [{ field: 'product.category' }, countOrders],
    filters: [{ field: 'product.category', operator: 'not_in', value: ['Hardware'] }],
  },
  'contains with LIKE wildcards in the value': {
    fields: [{ field: 'note' }, countOrders],
    filters: [{ field: 'note', operator: 'contains', value: '50% off_' }],
  },
  'contains ignores case': {
    fields: [{ field: 'customer.segment' }, countOrders],
    filters: [{ field: 'customer.segment', operator: 'contains', value: 'MARKET' }],
  },
  'starts with': {
    fields: [{ field: 'customer.name' }, countOrders],
    filters: [{ field: 'customer.name', operator: 'starts_with', value: "o'" }],
    sort: [
      { field: 'id', aggregation: 'count', direction: 'desc' },
      { field: 'customer.name', direction: 'asc' },
    ],
  },
  'ends with': {
    fields: [{ field: 'product.category' }, countOrders],
    filters: [{ field: 'product.name', operator: 'ends_with', value: 'e' }],
  },
  'is null': {
    fields: [{ field: 'customer.segment' }, countOrders],
    filters: [{ field: 'channel', operator: 'is_null' }],
  },
  'is not null': {
    fields: [byChannel, countOrders],
    filters: [{ field: 'note', operator: 'is_not_null' }],
  },
  'in the last 3 months (Berlin)': {
    fields: [{ field: 'ordered_at', bucket: 'month' }, sumAmount],
    filters: [{ field: 'ordered_at', operator: 'in_last', value: { amount: 3, unit: 'month' } }],
    timezone: 'Europe/Berlin',
  },
  'in the last 30 days': {
    fields: [{ field: 'ordered_at', bucket: 'day' }, countOrders],
    filters: [{ field: 'ordered_at', operator: 'in_last', value: { amount: 30, unit: 'day' } }],
  },
  'this year': {
    fields: [byChannel, sumAmount],
    filters: [{ field: 'ordered_at', operator: 'this', value: { unit: 'year' } }],
    timezone: 'America/New_York',
  },
  'previous quarter on a date column': {
    fields: [byChannel, countOrders],
    filters: [{ field: 'order_date', operator: 'previous', value: { unit: 'quarter' } }],
  },
  'previous week': {
    fields: [{ field: 'ordered_at', bucket: 'day' }, countOrders],
    filters: [{ field: 'ordered_at', operator: 'previous', value: { unit: 'week' } }],
    timezone: 'Europe/Berlin',
  },
  'OR group': {
    fields: [byChannel, countOrders],
    filters: [
      {
        anyOf: [
          { field: 'channel', operator: 'equals', value: 'Web' },
          { field: 'amount', operator: 'greater_than', value: 500 },
        ],
      },
    ],
  },
  'boolean filter': {
    fields: [byChannel, sumAmount],
    filters: [{ field: 'is_returned', operator: 'equals', value: true }],
  },
  'grand totals of an aggregated report': {
    fields: [
      { field: 'customer.segment' },
      sumAmount,
      { field: 'amount', aggregation: 'avg' },
      { field: 'customer.name', aggregation: 'count_distinct' },
    ],
    totals: true,
  },
  'subtotals over two keys': {
    fields: [
      { field: 'customer.segment' },
      byChannel,
      sumAmount,
      { field: 'amount', aggregation: 'avg' },
    ],
    subtotals: true,
    totals: true,
  },
  'subtotals over three keys with distinct counts': {
    fields: [
      { field: 'customer.region.name' },
      { field: 'ordered_at', bucket: 'year' },
      byChannel,
      { field: 'customer.name', aggregation: 'count_distinct' },
      countOrders,
    ],
    subtotals: true,
    timezone: 'Europe/Berlin',
  },
  'subtotals sorted descending': {
    fields: [{ field: 'product.category' }, { field: 'is_returned' }, sumAmount],
    subtotals: true,
    sort: [{ field: 'product.category', direction: 'desc' }],
  },
  'detail rows sorted with a limit': {
    fields: [
      { field: 'id' },
      { field: 'ordered_at' },
      { field: 'amount' },
      { field: 'customer.name' },
      { field: 'is_returned' },
      { field: 'discount' },
    ],
    sort: [
      { field: 'amount', direction: 'desc' },
      { field: 'id', direction: 'asc' },
    ],
    limit: 25,
  },
  'detail rows with NULLs sorted last': {
    fields: [{ field: 'id' }, byChannel, { field: 'note' }, { field: 'order_date' }],
    sort: [
      { field: 'channel', direction: 'asc' },
      { field: 'id', direction: 'desc' },
    ],
    limit: 40,
  },
  'detail rows with totals': {
    fields: [{ field: 'id' }, { field: 'quantity' }, { field: 'amount' }],
    filters: [{ field: 'ordered_at', operator: 'previous', value: { unit: 'month' } }],
    sort: [{ field: 'id', direction: 'asc' }],
    totals: true,
  },
  'sort by a group key descending': {
    fields: [{ field: 'customer.region.name' }, sumAmount],
    sort: [{ field: 'customer.region.name', direction: 'desc' }],
  },
  'sort by an unselected field': {
    fields: [{ field: 'id' }, { field: 'amount' }],
    sort: [
      { field: 'ordered_at', direction: 'desc' },
      { field: 'id', direction: 'asc' },
    ],
    limit: 15,
  },
  'role-restricted column for finance': {
    dataset: 'customers',
    fields: [{ field: 'segment' }, { field: 'credit_limit', aggregation: 'sum' }],
    roles: ['finance'],
  },
  'customers by region': {
    dataset: 'customers',
    fields: [{ field: 'region.name' }, { field: 'id', aggregation: 'count' }],
  },
  'shared dataset without tenant': {
    dataset: 'regions',
    fields: [{ field: 'name' }, { field: 'country' }],
    sort: [{ field: 'name', direction: 'asc' }],
    tenant: null,
  },
}
