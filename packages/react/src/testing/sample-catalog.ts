import type { ColumnType } from '@reportwright/core/model'

/** One column of a sample dataset. */
export interface SampleColumn {
  readonly type: ColumnType
  readonly label: string
  readonly description?: string
  readonly format?: string
}

/** A many-to-one join: `from` on this dataset holds the `id` of a row of `dataset`. */
export interface SampleJoin {
  readonly dataset: string
  readonly from: string
  readonly label: string
}

/** A dataset of the in-memory catalog. */
export interface SampleDataset {
  readonly id: string
  readonly label: string
  readonly description: string
  readonly columns: Readonly<Record<string, SampleColumn>>
  readonly joins: Readonly<Record<string, SampleJoin>>
}

const regions: SampleDataset = {
  id: 'regions',
  label: 'Region',
  description: 'Sales regions.',
  columns: {
    name: { type: 'string', label: 'Region', description: 'Name of the sales region.' },
    code: { type: 'string', label: 'Region code', description: 'Short code, e.g. EMEA.' },
  },
  joins: {},
}

const customers: SampleDataset = {
  id: 'customers',
  label: 'Customers',
  description: 'Every customer with segment, country and sign-up date.',
  columns: {
    name: { type: 'string', label: 'Customer', description: 'Company name.' },
    segment: { type: 'string', label: 'Segment', description: 'Enterprise, SMB or Consumer.' },
    country: { type: 'string', label: 'Country' },
    signup_date: { type: 'date', label: 'Signed up', description: 'Day the account was opened.' },
    active: { type: 'boolean', label: 'Active', description: 'Has an active contract.' },
  },
  joins: { region: { dataset: 'regions', from: 'region_id', label: 'Region' } },
}

const products: SampleDataset = {
  id: 'products',
  label: 'Products',
  description: 'The product catalogue with categories and list prices.',
  columns: {
    name: { type: 'string', label: 'Product' },
    category: { type: 'string', label: 'Category', description: 'Product family.' },
    list_price: {
      type: 'currency',
      label: 'List price',
      format: '$#,##0.00',
      description: 'Price before discounts.',
    },
  },
  joins: {},
}

const sales: SampleDataset = {
  id: 'sales',
  label: 'Sales',
  description: 'One row per order line: amount, quantity, discount, customer and product.',
  columns: {
    order_id: { type: 'integer', label: 'Order number' },
    order_date: { type: 'date', label: 'Order date', description: 'Day the order was placed.' },
    ordered_at: {
      type: 'datetime',
      label: 'Ordered at',
      description: 'Moment the order was placed (UTC).',
    },
    amount: {
      type: 'currency',
      label: 'Amount',
      format: '$#,##0.00',
      description: 'Net amount after discount.',
    },
    quantity: { type: 'integer', label: 'Quantity', description: 'Units ordered.' },
    discount: { type: 'percent', label: 'Discount', format: '0.0%' },
    status: { type: 'string', label: 'Status', description: 'open, shipped or returned.' },
    channel: { type: 'string', label: 'Channel', description: 'web, partner or direct.' },
    paid: { type: 'boolean', label: 'Paid' },
  },
  joins: {
    customer: { dataset: 'customers', from: 'customer_id', label: 'Customer' },
    product: { dataset: 'products', from: 'product_id', label: 'Product' },
  },
}

/** The datasets the memory client describes, in catalog order (`regions` is only joined). */
export const SAMPLE_DATASETS: ReadonlyMap<string, SampleDataset> = new Map(
  [sales, customers, products, regions].map((dataset) => [dataset.id, dataset]),
)

/** Datasets listed by `datasets()`; `regions` is reachable through `customer.region` only. */
export const LISTED_DATASETS: readonly string[] = ['sales', 'customers', 'products']
