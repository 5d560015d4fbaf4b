import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, spyOn, userEvent, waitFor, within } from 'storybook/test'
import { withMemoryClient } from '../stories/story-provider'
import { SAMPLE_DEFINITIONS } from '../testing/sample-reports'
import { RunHistory } from './run-history'

const revenue = SAMPLE_DEFINITIONS.revenueByRegion

const meta = {
  title: 'Components/RunHistory',
  component: RunHistory,
  args: { reportId: 'revenue', pollIntervalMs: 100 },
  decorators: [
    withMemoryClient({
      latencyMs: 40,
      runDelayMs: 600,
      reports: [
        {
          id: 'revenue',
          definition: revenue,
          runs: [
            { status: 'succeeded', trigger: 'schedule' },
            {
              status: 'failed',
              trigger: 'schedule',
              error: { code: 'QUERY_FAILED', message: 'The database did not answer within 30 s.' },
            },
            { status: 'succeeded', trigger: 'manual' },
          ],
        },
      ],
    }),
  ],
} satisfies Meta<typeof RunHistory>
export default meta

type Story = StoryObj<typeof meta>

export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const table = await canvas.findByRole('table')
    await expect(within(table).getAllByRole('row')).toHaveLength(4)
    await expect(within(table).getAllByText('Succeeded')).toHaveLength(2)
  },
}

export const FailedRunShowsItsError: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const table = await canvas.findByRole('table')
    const failed = within(table).getByText('Failed').closest('tr')
    await expect(failed).not.toBeNull()
    await userEvent.click(within(failed as HTMLElement).getByText('Error details'))
    await expect(
      within(failed as HTMLElement).getByText(/The database did not answer within 30 s\./),
    ).toBeVisible()
    await expect(within(failed as HTMLElement).getByText('No file')).toBeInTheDocument()
  },
}

export const LiveRunningRun: Story = {
  decorators: [
    withMemoryClient({
      runDelayMs: 1200,
      reports: [{ id: 'revenue', definition: revenue, runs: [{ status: 'running' }] }],
    }),
  ],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const table = await canvas.findByRole('table')
    await expect(within(table).getByText('Running')).toBeInTheDocument()
    await expect(canvas.getByRole('status')).toHaveTextContent('Run started: running…')
    // Busy, yet focusable: aria-disabled, not the disabled attribute.
    const runNow = canvas.getByRole('button', { name: 'Run now' })
    await expect(runNow).toHaveAttribute('aria-disabled', 'true')
    await expect(runNow).toBeEnabled()
    await waitFor(() => expect(within(table).getByText('Succeeded')).toBeInTheDocument(), {
      timeout: 5000,
    })
    await expect(canvas.getByRole('status')).toHaveTextContent('Run succeeded with 4 rows.')
  },
}

export const RunNowAddsALiveRun: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const table = await canvas.findByRole('table')
    await userEvent.click(canvas.getByRole('button', { name: 'Run now' }))
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(5))
    const newest = within(table).getAllByRole('row')[1] as HTMLElement
    await expect(within(newest).getByText('Running')).toBeInTheDocument()
    await waitFor(
      () =>
        expect(
          within(within(table).getAllByRole('row')[1] as HTMLElement).getByText('Succeeded'),
        ).toBeInTheDocument(),
      { timeout: 5000 },
    )
    await expect(canvas.getByRole('status')).toHaveTextContent('Run succeeded with 4 rows.')
  },
}

export const Download: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const createObjectURL = spyOn(URL, 'createObjectURL')
    // Keep the browser from saving a real file; the anchor click is what starts a download.
    const click = spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    try {
      const buttons = await canvas.findAllByRole('button', {
        name: 'Download: revenue-by-region.csv',
      })
      await userEvent.click(buttons[0] as HTMLElement)
      await waitFor(() => expect(click).toHaveBeenCalledTimes(1))
      const blob = createObjectURL.mock.calls[0]?.[0] as Blob
      await expect(await blob.text()).toMatch(/^Region,Amount \(sum\),Order number \(count\)/)
      const link = click.mock.contexts[0] as HTMLAnchorElement
      await expect(link.download).toBe('revenue-by-region.csv')
    } finally {
      click.mockRestore()
      createObjectURL.mockRestore()
    }
  },
}

export const GermanDark: Story = {
  globals: { locale: 'de', theme: 'dark' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const table = await canvas.findByRole('table')
    await expect(within(table).getByText('Fehlgeschlagen')).toBeInTheDocument()
    await expect(canvas.getByRole('heading', { name: 'Ausführungen' })).toBeInTheDocument()
  },
}

export const Empty: Story = {
  decorators: [withMemoryClient({ reports: [{ id: 'revenue', definition: revenue }] })],
  play: async ({ canvasElement }) => {
    await expect(
      await within(canvasElement).findByText('This report has not run yet.'),
    ).toBeInTheDocument()
  },
}

/** In a half-width column: one line per cell, the table scrolls sideways; own heading. */
export const NarrowColumn: Story = {
  args: { title: 'Past runs' },
  decorators: [
    (Story) => (
      <div style={{ width: 360 }}>
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('heading', { name: 'Past runs' })).toBeInTheDocument()
    const table = await canvas.findByRole('table')
    const lines = (cell: HTMLElement): number => {
      const range = cell.ownerDocument.createRange()
      range.selectNodeContents(cell)
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size
    }
    const firstRow = within(table).getAllByRole('row')[1] as HTMLElement
    for (const cell of within(firstRow).getAllByRole('cell').slice(1, 5))
      await expect(lines(cell)).toBe(1)
    const region = canvas.getByRole('region', { name: 'Run history' })
    await expect(region.scrollWidth).toBeGreaterThan(region.clientWidth)
  },
}
