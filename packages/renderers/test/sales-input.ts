import { Writable } from 'node:stream'
import { parseReportDefinition } from '@reportwright/core'
import type {
  OutputColumn,
  RenderInput,
  Renderer,
  ReportDefinitionInput,
  Row,
} from '@reportwright/core'
import { SALES_FIXTURE, sumDecimals } from '@reportwright/core/testing'

/** Order lines of the shared sales fixture (acme), joined like the `sales` dataset would. */
export const ORDER_COLUMNS: readonly OutputColumn[] = [
  { key: 'id', label: 'Order ID', type: 'integer', field: 'id', groupBy: false },
  {
    key: 'order_date',
    label: 'Order date',
    type: 'date',
    format: 'MM/DD/YYYY',
    field: 'order_date',
    groupBy: false,
  },
  { key: 'ordered_at', label: 'Ordered at', type: 'datetime', field: 'ordered_at', groupBy: false },
  {
    key: 'customer_name',
    label: 'Customer',
    type: 'string',
    field: 'customer.name',
    groupBy: false,
  },
  {
    key: 'customer_region_name',
    label: 'Region',
    type: 'string',
    field: 'customer.region.name',
    groupBy: false,
  },
  {
    key: 'product_category',
    label: 'Category',
    type: 'string',
    field: 'product.category',
    groupBy: false,
  },
  { key: 'quantity', label: 'Quantity', type: 'integer', field: 'quantity', groupBy: false },
  {
    key: 'amount',
    label: 'Amount',
    type: 'currency',
    format: '$#,##0.00',
    field: 'amount',
    groupBy: false,
  },
  {
    key: 'discount',
    label: 'Discount',
    type: 'percent',
    format: '0.0%',
    field: 'discount',
    groupBy: false,
  },
  { key: 'is_returned', label: 'Returned', type: 'boolean', field: 'is_returned', groupBy: false },
  { key: 'note', label: 'Note', type: 'string', field: 'note', groupBy: false },
]

/** Rows of {@link ORDER_COLUMNS}: every acme sale, in id order. */
export function orderRows(limit = Number.POSITIVE_INFINITY): Row[] {
  const customers = new Map(SALES_FIXTURE.customers.map((customer) => [customer.id, customer]))
  const products = new Map(SALES_FIXTURE.products.map((product) => [product.id, product]))
  const regions = new Map(SALES_FIXTURE.regions.map((region) => [region.id, region]))
  return SALES_FIXTURE.sales
    .filter((sale) => sale.tenant_id === 'acme')
    .slice(0, limit)
    .map((sale) => {
      const customer = customers.get(sale.customer_id)
      const region = customer?.region_id ? regions.get(customer.region_id) : undefined
      return {
        id: sale.id,
        order_date: sale.order_date,
        ordered_at: sale.ordered_at,
        customer_name: customer?.name ?? null,
        customer_region_name: region?.name ?? null,
        product_category: products.get(sale.product_id)?.category ?? null,
        quantity: sale.quantity,
        amount: sale.amount,
        discount: sale.discount,
        is_returned: sale.is_returned,
        note: sale.note,
      }
    })
}

/** The grand total of {@link orderRows}. */
export function orderTotals(rows: readonly Row[]): Row {
  return {
    id: null,
    quantity: rows.reduce((sum, row) => sum + Number(row.quantity), 0),
    amount: sumDecimals(rows.map((row) => String(row.amount))),
  }
}

/** Revenue by region (the chart-friendly aggregate report). */
export const REGION_COLUMNS: readonly OutputColumn[] = [
  {
    key: 'customer_region_name',
    label: 'Region',
    type: 'string',
    field: 'customer.region.name',
    groupBy: true,
  },
  {
    key: 'count_id',
    label: 'Orders',
    type: 'integer',
    field: 'id',
    aggregation: 'count',
    groupBy: false,
  },
  {
    key: 'sum_amount',
    label: 'Revenue',
    type: 'currency',
    format: '$#,##0.00',
    field: 'amount',
    aggregation: 'sum',
    groupBy: false,
  },
]

/** Rows of {@link REGION_COLUMNS}. */
export function regionRows(): Row[] {
  const byRegion = new Map<string, Row[]>()
  for (const row of orderRows()) {
    const region = String(row.customer_region_name ?? '(none)')
    byRegion.set(region, [...(byRegion.get(region) ?? []), row])
  }
  return [...byRegion]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([region, rows]) => ({
      customer_region_name: region,
      count_id: rows.length,
      sum_amount: sumDecimals(rows.map((row) => String(row.amount))),
    }))
}

/** A parsed definition with the given overrides. */
export function definition(
  overrides: Partial<ReportDefinitionInput> = {},
): RenderInput['definition'] {
  return parseReportDefinition({
    version: 1,
    name: 'Sales orders — Q1 2024',
    description: 'Every order line of the quarter, with customer, region and category.',
    dataset: 'sales',
    fields: [{ field: 'id' }],
    totals: true,
    ...overrides,
  })
}

/** Streams an array as the `AsyncIterable<Row>` renderers get. */
export async function* streamRows(rows: Iterable<Row>): AsyncIterable<Row> {
  for (const row of rows) yield row
}

/** A RenderInput over the given rows with a fixed clock and zone. */
export function renderInput(options: {
  rows: readonly Row[]
  columns?: readonly OutputColumn[]
  totals?: Row
  definition?: RenderInput['definition']
}): RenderInput {
  return {
    definition: options.definition ?? definition(),
    columns: options.columns ?? ORDER_COLUMNS,
    rows: streamRows(options.rows),
    ...(options.totals ? { totals: options.totals } : {}),
    locale: 'en-US',
    timezone: 'America/New_York',
    generatedAt: new Date('2024-04-02T13:30:00Z'),
    filterSummary: ['Order date between 2024-01-01 and 2024-03-31', 'Tenant is acme'],
  }
}

/** Renders into memory. */
export async function renderToBuffer(
  renderer: Renderer,
  input: RenderInput,
): Promise<{ buffer: Buffer; bytes: number; rows: number }> {
  const chunks: Buffer[] = []
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk)
      callback()
    },
  })
  const result = await renderer.render(input, out)
  return { buffer: Buffer.concat(chunks), ...result }
}
