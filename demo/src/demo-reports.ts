import type { OutputFormat, ReportDefinitionInput } from '@reportwright/core'

/** A report the demo runs, and the file name it gets in the output folder. */
export interface DemoReport {
  /** File name without extension. */
  readonly slug: string
  readonly definition: ReportDefinitionInput
  readonly format: OutputFormat
}

/** Who receives the emailed report (the demo's own SMTP server accepts anything). */
export const DEMO_RECIPIENT = { name: 'Maria Lopez', email: 'maria.lopez@acme-outdoor.example' }

/** Monthly revenue by region: PDF with a line chart of the monthly total; also emailed. */
export const MONTHLY_REVENUE: DemoReport = {
  slug: 'monthly-revenue-by-region',
  format: 'pdf',
  definition: {
    version: 1,
    name: 'Monthly revenue by region',
    description: 'Revenue and orders per customer region and month, 2024–2025.',
    dataset: 'sales',
    fields: [
      { field: 'ordered_at', bucket: 'month', label: 'Month' },
      { field: 'customer.region.name', label: 'Region' },
      { field: 'id', aggregation: 'count', label: 'Orders' },
      { field: 'amount', aggregation: 'sum', label: 'Revenue' },
    ],
    sort: [
      { field: 'ordered_at', bucket: 'month', direction: 'asc' },
      { field: 'customer.region.name', direction: 'asc' },
    ],
    totals: true,
    output: {
      format: 'pdf',
      template: 'business_standard',
      includeCharts: true,
      chart: { type: 'line', x: 'ordered_at', y: ['amount'] },
    },
    delivery: {
      enabled: true,
      recipients: [DEMO_RECIPIENT],
      subject: '{{report_name}} — {{run_date}}',
      body: 'Hello Maria,\n\nattached is the {{report_name}} report ({{row_count}} rows).\n\nReportwright',
      attachFormat: 'pdf',
    },
  },
}

/** The 50 customers with the most revenue, with segment, country, region and margin: XLSX. */
export const TOP_CUSTOMERS: DemoReport = {
  slug: 'top-customers',
  format: 'xlsx',
  definition: {
    version: 1,
    name: 'Top 50 customers',
    description: 'Customers ranked by revenue over both years.',
    dataset: 'sales',
    fields: [
      { field: 'customer.name', label: 'Customer' },
      { field: 'customer.segment', label: 'Segment' },
      { field: 'customer.country', label: 'Country' },
      { field: 'customer.region.name', label: 'Region' },
      { field: 'id', aggregation: 'count', label: 'Orders' },
      { field: 'amount', aggregation: 'sum', label: 'Revenue' },
      { field: 'margin', aggregation: 'sum', label: 'Margin' },
    ],
    sort: [{ field: 'amount', aggregation: 'sum', direction: 'desc' }],
    limit: 50,
    output: { format: 'xlsx', template: 'business_standard' },
  },
}

/** Every order of the tenant, one line each: CSV. */
export const RAW_TRANSACTIONS: DemoReport = {
  slug: 'raw-transactions',
  format: 'csv',
  definition: {
    version: 1,
    name: 'Raw transactions',
    description: 'Every order line, oldest first.',
    dataset: 'sales',
    fields: [
      { field: 'order_number' },
      { field: 'ordered_at' },
      { field: 'customer.name' },
      { field: 'customer.region.name' },
      { field: 'product.sku' },
      { field: 'product.name' },
      { field: 'product.category' },
      { field: 'channel' },
      { field: 'quantity' },
      { field: 'unit_price' },
      { field: 'discount' },
      { field: 'amount' },
    ],
    sort: [{ field: 'id', direction: 'asc' }],
    output: { format: 'csv' },
  },
}

/** Revenue, margin and orders per quarter with a chart: PPTX for the quarterly review. */
export const QUARTERLY_REVIEW: DemoReport = {
  slug: 'quarterly-review',
  format: 'pptx',
  definition: {
    version: 1,
    name: 'Quarterly business review',
    description: 'Revenue, margin and orders per quarter.',
    dataset: 'sales',
    fields: [
      { field: 'ordered_at', bucket: 'quarter', label: 'Quarter' },
      { field: 'id', aggregation: 'count', label: 'Orders' },
      { field: 'amount', aggregation: 'sum', label: 'Revenue' },
      { field: 'margin', aggregation: 'sum', label: 'Margin' },
    ],
    sort: [{ field: 'ordered_at', bucket: 'quarter', direction: 'asc' }],
    totals: true,
    output: {
      format: 'pptx',
      template: 'executive',
      includeCharts: true,
      chart: { type: 'bar', x: 'ordered_at', y: ['amount', 'margin'] },
    },
  },
}

/** The four reports of step 1, in the order they run. */
export const DEMO_REPORTS: readonly DemoReport[] = [
  MONTHLY_REVENUE,
  TOP_CUSTOMERS,
  RAW_TRANSACTIONS,
  QUARTERLY_REVIEW,
]

/** Saved with a schedule and fired once through the scheduler in step 3. */
export const WEEKLY_CHANNEL_SUMMARY: ReportDefinitionInput = {
  version: 1,
  name: 'Weekly channel summary',
  description: 'Orders and revenue per sales channel and product category.',
  dataset: 'sales',
  fields: [
    { field: 'channel', label: 'Channel' },
    { field: 'product.category', label: 'Category' },
    { field: 'id', aggregation: 'count', label: 'Orders' },
    { field: 'amount', aggregation: 'sum', label: 'Revenue' },
  ],
  sort: [
    { field: 'channel', direction: 'asc' },
    { field: 'amount', aggregation: 'sum', direction: 'desc' },
  ],
  output: { format: 'pdf', template: 'minimal' },
  schedule: {
    enabled: true,
    frequency: 'weekly',
    dayOfWeek: 1,
    time: '09:00',
    timezone: 'Europe/Berlin',
  },
}
