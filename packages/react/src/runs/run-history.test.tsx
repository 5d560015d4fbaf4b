import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryClient } from '../testing/memory-client'
import { SAMPLE_DEFINITIONS } from '../testing/sample-reports'
import { withProvider } from '../../test/with-provider'
import { RunHistory } from './run-history'
import { at } from '../../test/at'

// Without vitest globals Testing Library does not unmount between tests by itself.
afterEach(cleanup)

describe('RunHistory', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('shows past runs, follows a new one live and downloads its file', async () => {
    const user = userEvent.setup()
    const client = createMemoryClient({
      runDelayMs: 40,
      reports: [
        {
          id: 'sales',
          definition: SAMPLE_DEFINITIONS.revenueByRegion,
          runs: [
            {
              status: 'failed',
              error: { code: 'QUERY_FAILED', message: 'Timeout reading sales.' },
            },
          ],
        },
      ],
    })
    render(<RunHistory reportId="sales" pollIntervalMs={10} />, { wrapper: withProvider(client) })
    const table = await screen.findByRole('table')
    expect(within(table).getByText('Failed')).toBeTruthy()
    expect(within(table).getByText(/Timeout reading sales\./)).toBeTruthy()

    // Pressed with the keyboard: while the run goes the button is busy but keeps focus.
    const runNow = screen.getByRole('button', { name: 'Run now' })
    runNow.focus()
    await user.keyboard('{Enter}')
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Run started: running…'),
    )
    expect(runNow.getAttribute('aria-disabled')).toBe('true')
    expect(document.activeElement).toBe(runNow)
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Run succeeded with 4 rows.'),
    )
    const rows = within(table).getAllByRole('row')
    expect(rows).toHaveLength(3)
    expect(within(at(rows, 1)).getByText('Succeeded')).toBeTruthy()

    const created: Blob[] = []
    const createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob)
      return 'blob:report'
    })
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }))
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    const download = screen.getByRole('button', { name: 'Download: revenue-by-region.csv' })
    download.focus()
    await user.keyboard('{Enter}')
    await waitFor(() => expect(click).toHaveBeenCalled())
    expect(runNow.hasAttribute('aria-disabled')).toBe(false)
    expect(document.activeElement).toBe(download)
    expect(await created[0]?.text()).toMatch(/^Region,Amount \(sum\),Order number \(count\)/)
  })
})
