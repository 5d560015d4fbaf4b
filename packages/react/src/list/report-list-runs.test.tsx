import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import type { ReactElement } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import type { ReportwrightClient } from '@reportwright/core/client'
import { RunHistory } from '../runs/run-history'
import { createMemoryClient } from '../testing/memory-client'
import { ReportWizard } from '../wizard/report-wizard'
import { PREPARED_DEFINITION } from '../wizard/story-support'
import { withProvider } from '../../test/with-provider'
import { ReportList } from './report-list'

// Without vitest globals Testing Library does not unmount between tests by itself.
afterEach(cleanup)

/** A host page: the list picks the report whose runs are shown beside it. */
function ListWithRuns() {
  const [selected, setSelected] = useState('rep_2')
  return (
    <>
      <ReportList
        selectedId={selected}
        onSelect={(report) => setSelected(report.id)}
        pollIntervalMs={10}
      />
      <RunHistory reportId={selected} pollIntervalMs={10} title="Runs of the report" />
    </>
  )
}

const renderWith = (ui: ReactElement, client: ReportwrightClient) =>
  render(ui, { wrapper: withProvider(client) })

describe('ReportList with RunHistory and the wizard', () => {
  it('selects a report and shows a run started from the list in its history', async () => {
    const user = userEvent.setup()
    const client = createMemoryClient({ runDelayMs: 30 })
    renderWith(<ListWithRuns />, client)
    await screen.findByRole('list', { name: 'Reports' })
    const monthly = screen.getByRole('button', { name: 'Monthly revenue' })
    expect(monthly.getAttribute('aria-current')).toBe('true')
    expect(monthly.closest('li')?.hasAttribute('data-selected')).toBe(true)
    expect(screen.getByRole('heading', { name: 'Runs of the report' })).toBeTruthy()
    await screen.findByText('This report has not run yet.')

    const region = screen.getByRole('button', { name: 'Revenue by region' })
    await user.click(region)
    expect(region.getAttribute('aria-current')).toBe('true')
    expect(monthly.hasAttribute('aria-current')).toBe(false)

    // Started from the list, shown in the history without a reload by the host.
    const runNow = screen.getByRole('button', { name: 'Run now: Revenue by region' })
    runNow.focus()
    await user.keyboard('{Enter}')
    const table = await screen.findByRole('table')
    await waitFor(() => expect(within(table).getByText('Succeeded')).toBeTruthy())
    // The busy button was never disabled: focus stayed on it.
    expect(document.activeElement).toBe(runNow)
  })

  it('shows a report saved in the wizard in the list', async () => {
    const user = userEvent.setup()
    const client = createMemoryClient({ reports: [] })
    renderWith(
      <>
        <ReportList title={false} />
        <ReportWizard initialDefinition={PREPARED_DEFINITION} initialStep="review" />
      </>,
      client,
    )
    await screen.findByText('No reports yet.')
    // No heading of its own, still named for screen readers.
    expect(screen.queryByRole('heading', { name: 'Reports' })).toBeNull()
    expect(screen.getByRole('region', { name: 'Reports' })).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Save report' }))
    const list = await screen.findByRole('list', { name: 'Reports' })
    expect(within(list).getByRole('heading', { name: 'Weekly revenue by segment' })).toBeTruthy()
  })
})
