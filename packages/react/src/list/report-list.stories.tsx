import { useState } from 'react'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fn, userEvent, waitFor, within } from 'storybook/test'
import { clientOf, withMemoryClient } from '../stories/story-provider'
import { ReportList } from './report-list'
import type { ReportListProps } from './report-list'

const meta = {
  title: 'Components/ReportList',
  component: ReportList,
  args: { onEdit: fn(), pollIntervalMs: 100, searchDebounceMs: 50 },
  decorators: [withMemoryClient({ latencyMs: 60, runDelayMs: 400 })],
} satisfies Meta<typeof ReportList>
export default meta

type Story = StoryObj<typeof meta>

export const Default: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    const list = await canvas.findByRole('list', { name: 'Reports' })
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(4))
    await userEvent.click(canvas.getByRole('button', { name: 'Edit: Open orders' }))
    await expect(args.onEdit).toHaveBeenCalledWith(
      expect.objectContaining({ definition: expect.objectContaining({ name: 'Open orders' }) }),
    )
  },
}

export const SearchFiltersTheList: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const list = await canvas.findByRole('list', { name: 'Reports' })
    await userEvent.type(canvas.getByRole('searchbox', { name: 'Search reports' }), 'revenue')
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2))
    await expect(within(list).queryByText('Open orders')).toBeNull()
    await userEvent.clear(canvas.getByRole('searchbox', { name: 'Search reports' }))
    await userEvent.type(canvas.getByRole('searchbox', { name: 'Search reports' }), 'zzz')
    await expect(await canvas.findByText('No reports match “zzz”.')).toBeInTheDocument()
  },
}

export const SortByName: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const list = await canvas.findByRole('list', { name: 'Reports' })
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Sort by' }), 'name-asc')
    await waitFor(() =>
      expect(
        within(list)
          .getAllByRole('heading')
          .map((heading) => heading.textContent),
      ).toEqual(['Customers by segment', 'Monthly revenue', 'Open orders', 'Revenue by region']),
    )
  },
}

export const DeleteAsksFirst: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const page = within(canvasElement.ownerDocument.body)
    const list = await canvas.findByRole('list', { name: 'Reports' })
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(4))
    await userEvent.click(canvas.getByRole('button', { name: 'Delete: Open orders' }))
    const dialog = await page.findByRole('alertdialog', { name: 'Delete report?' })
    await expect(dialog).toHaveTextContent('“Open orders” and its schedule will be deleted.')
    // Escape closes without deleting.
    await userEvent.keyboard('{Escape}')
    await waitFor(() => expect(page.queryByRole('alertdialog')).toBeNull())
    await expect(within(list).getAllByRole('listitem')).toHaveLength(4)
    await userEvent.click(canvas.getByRole('button', { name: 'Delete: Open orders' }))
    await userEvent.click(await page.findByRole('button', { name: 'Delete report' }))
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(3))
    await expect(within(list).queryByText('Open orders')).toBeNull()
    await expect(canvas.getByRole('status')).toHaveTextContent('“Open orders” was deleted.')
    await expect(clientOf(canvasElement).store.reports.size).toBe(3)
  },
}

export const RunNowGoesLive: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByRole('list', { name: 'Reports' })
    const runNow = canvas.getByRole('button', { name: 'Run now: Revenue by region' })
    await userEvent.click(runNow)
    await expect(
      await canvas.findByText('Revenue by region: run started, running…', { selector: 'li p' }),
    ).toBeInTheDocument()
    // Busy but focusable: focus stays on the button while the run goes.
    await expect(runNow).toHaveAttribute('aria-disabled', 'true')
    await expect(runNow).toHaveFocus()
    await expect(
      await canvas.findByText(
        'Revenue by region: run finished, 4 rows.',
        { selector: 'li p' },
        { timeout: 5000 },
      ),
    ).toBeInTheDocument()
  },
}

export const GermanDark: Story = {
  globals: { locale: 'de', theme: 'dark' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const list = await canvas.findByRole('list', { name: 'Berichte' })
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(4))
    await expect(
      canvas.getByRole('searchbox', { name: 'Berichte durchsuchen' }),
    ).toBeInTheDocument()
    await expect(canvasElement.querySelector('.rw-report-list')).toHaveAttribute(
      'data-rw-theme',
      'dark',
    )
  },
}

export const LoadError: Story = {
  decorators: [withMemoryClient({ failures: { listReports: new Error('offline') } })],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(await canvas.findByRole('alert')).toHaveTextContent(
      'Something went wrong. Please try again.',
    )
  },
}

function SelectableList(props: ReportListProps) {
  const [selected, setSelected] = useState<string | undefined>(undefined)
  return (
    <ReportList {...props} selectedId={selected} onSelect={(report) => setSelected(report.id)} />
  )
}

/** With `onSelect`: the name selects the report, the selection shows and is `aria-current`. */
export const Selectable: Story = {
  render: (args) => <SelectableList {...args} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByRole('list', { name: 'Reports' })
    const name = await canvas.findByRole('button', { name: 'Monthly revenue' })
    await userEvent.click(name)
    await expect(name).toHaveAttribute('aria-current', 'true')
    await expect(name.closest('li')).toHaveAttribute('data-selected', 'true')
    await userEvent.click(canvas.getByRole('button', { name: 'Open orders' }))
    await expect(name).not.toHaveAttribute('aria-current')
  },
}

/** German in a half-width column with its own heading: the search box takes the free width. */
export const GermanNarrowOwnTitle: Story = {
  args: { title: 'Meine Berichte' },
  globals: { locale: 'de' },
  decorators: [
    (Story) => (
      <div style={{ width: 420 }}>
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(await canvas.findByRole('heading', { name: 'Meine Berichte' })).toBeInTheDocument()
    const search = canvas.getByRole('searchbox', { name: 'Berichte durchsuchen' })
    const sort = canvas.getByRole('combobox', { name: 'Sortieren nach' })
    await expect(search.getBoundingClientRect().width).toBeGreaterThan(
      sort.getBoundingClientRect().width,
    )
  },
}
