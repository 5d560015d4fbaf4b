import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, waitFor, within } from 'storybook/test'
import { withMemoryClient } from '../stories/story-provider'
import { SAMPLE_DEFINITIONS } from '../testing/sample-reports'
import { ReportPreview } from './report-preview'

const meta = {
  title: 'Components/ReportPreview',
  component: ReportPreview,
  args: { definition: SAMPLE_DEFINITIONS.openOrders, limit: 10, debounceMs: 0 },
  decorators: [withMemoryClient({ latencyMs: 120 })],
} satisfies Meta<typeof ReportPreview>
export default meta

type Story = StoryObj<typeof meta>

export const Table: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const table = await canvas.findByRole('table')
    await expect(within(table).getAllByRole('row')).toHaveLength(11)
    await expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Order number', 'Order date', 'Customer', 'Product', 'Amount'])
    // Currency cells carry the symbol of the column's format.
    const amount = within(table).getAllByRole('row')[1]?.lastElementChild
    await expect(amount?.textContent).toMatch(/^\$[\d,]+\.\d{2}$/)
    await expect(canvas.getByRole('status')).toHaveTextContent('')
  },
}

export const Chart: Story = {
  args: { definition: SAMPLE_DEFINITIONS.revenueByRegion },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const chart = await canvas.findByRole('img', { name: 'Amount (sum) by Region' })
    await expect(chart.querySelectorAll('rect').length).toBeGreaterThan(4)
    const table = canvas.getByRole('table')
    await expect(within(table).getByRole('rowheader', { name: 'Total' })).toBeInTheDocument()
  },
}

export const LineChartGermanDark: Story = {
  args: { definition: SAMPLE_DEFINITIONS.monthlyRevenue },
  globals: { locale: 'de', theme: 'dark' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(
      await canvas.findByRole('img', { name: 'Amount (sum) nach Order date (month)' }),
    ).toBeInTheDocument()
    const table = canvas.getByRole('table')
    const firstAmount = within(table).getAllByRole('row')[1]?.lastElementChild
    await expect(firstAmount?.textContent).toMatch(/^[\d.]+,\d{2}\s\$$/)
  },
}

export const ServerError: Story = {
  args: {
    definition: { ...SAMPLE_DEFINITIONS.openOrders, fields: [{ field: 'customer.shoe_size' }] },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const alert = await canvas.findByRole('alert')
    await expect(alert).toHaveTextContent('The preview could not be loaded.')
    await expect(alert).toHaveTextContent('A field in this report no longer exists.')
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeInTheDocument()
  },
}

export const Loading: Story = {
  decorators: [withMemoryClient({ latencyMs: 60_000 })],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Loading preview…'))
  },
}

export const NothingToPreview: Story = {
  args: { definition: undefined },
  play: async ({ canvasElement }) => {
    await expect(
      within(canvasElement).getByText(
        'Choose a data source and at least one field to see a preview.',
      ),
    ).toBeInTheDocument()
  },
}
