import type { ReactNode } from 'react'
import type { ReportDefinition } from '@reportwright/core/model'
import { ReportwrightProvider } from '../provider/reportwright-provider'
import type { MemoryClient } from '../testing'
import { messagesForLocale } from '../stories/messages-for-locale'

/** A complete report on the sample `sales` dataset, for stories that start at a later step. */
export const PREPARED_DEFINITION: Partial<ReportDefinition> = {
  version: 1,
  name: 'Weekly revenue by segment',
  description: 'Revenue of the previous month per week and customer segment.',
  dataset: 'sales',
  fields: [
    { field: 'order_date', bucket: 'week', label: 'Week' },
    { field: 'customer.segment' },
    { field: 'amount', aggregation: 'sum', label: 'Revenue' },
  ],
  filters: [
    { field: 'order_date', operator: 'previous', value: { unit: 'month' } },
    {
      anyOf: [
        { field: 'channel', operator: 'equals', value: 'web' },
        { field: 'amount', operator: 'greater_than', value: 500 },
      ],
    },
  ],
  sort: [{ field: 'amount', aggregation: 'sum', direction: 'desc' }],
  limit: 100,
  totals: true,
  subtotals: false,
  output: {
    format: 'xlsx',
    template: 'business_standard',
    layout: 'table',
    includeCharts: true,
    chart: { type: 'bar', x: 'customer.segment', y: ['amount'] },
  },
  schedule: {
    enabled: true,
    frequency: 'weekly',
    dayOfWeek: 1,
    time: '08:00',
    timezone: 'Europe/Berlin',
  },
  delivery: {
    enabled: true,
    recipients: [{ email: 'finance@example.com' }],
    subject: 'Weekly revenue – {{run_date}}',
    body: 'Hello,\n\nthe report "{{report_name}}" has {{row_count}} rows.',
  },
}

/** Renders a story's content with the memory client, in the story's theme and language. */
export function StoryProvider(props: {
  readonly client: MemoryClient
  readonly globals: Readonly<Record<string, unknown>>
  readonly children: ReactNode
}): ReactNode {
  const locale = typeof props.globals['locale'] === 'string' ? props.globals['locale'] : 'en'
  const theme = typeof props.globals['theme'] === 'string' ? props.globals['theme'] : 'light'
  return (
    <ReportwrightProvider
      client={props.client}
      locale={locale}
      theme={theme}
      messages={messagesForLocale(locale)}
    >
      {props.children}
    </ReportwrightProvider>
  )
}
