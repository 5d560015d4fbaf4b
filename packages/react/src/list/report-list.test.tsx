import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryClient } from '../testing/memory-client'
import { withProvider } from '../../test/with-provider'
import { ReportList } from './report-list'

// Without vitest globals Testing Library does not unmount between tests by itself.
afterEach(cleanup)

describe('ReportList', () => {
  it('searches, runs, edits and deletes after confirmation', async () => {
    const user = userEvent.setup()
    const client = createMemoryClient({ runDelayMs: 30 })
    const onEdit = vi.fn()
    render(<ReportList onEdit={onEdit} pollIntervalMs={10} searchDebounceMs={0} />, {
      wrapper: withProvider(client),
    })
    const list = await screen.findByRole('list', { name: 'Reports' })
    expect(within(list).getAllByRole('listitem')).toHaveLength(4)

    await user.type(screen.getByRole('searchbox', { name: 'Search reports' }), 'revenue')
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2))

    await user.click(screen.getByRole('button', { name: 'Edit: Monthly revenue' }))
    expect(onEdit).toHaveBeenCalledWith(expect.objectContaining({ id: 'rep_2' }))

    await user.click(screen.getByRole('button', { name: 'Run now: Monthly revenue' }))
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toMatch(
        /Monthly revenue: run finished, \d+ rows\./,
      ),
    )

    await user.click(screen.getByRole('button', { name: 'Delete: Revenue by region' }))
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete report?' })
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull())
    expect(client.store.reports.has('rep_1')).toBe(true)
    expect(dialog.isConnected).toBe(false)

    await user.click(screen.getByRole('button', { name: 'Delete: Revenue by region' }))
    await user.click(await screen.findByRole('button', { name: 'Delete report' }))
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull())
    expect(client.store.reports.has('rep_1')).toBe(false)
    expect(within(list).getAllByRole('listitem')).toHaveLength(1)
    expect(screen.getByRole('status').textContent).toContain('“Revenue by region” was deleted.')
  })
})
