import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { ReportDefinitionInput } from '@reportwright/core/model'
import { createMemoryClient } from '../testing/memory-client'
import { withProvider } from '../../test/with-provider'
import { ReportPreview } from './report-preview'
import { at } from '../../test/at'

// Without vitest globals Testing Library does not unmount between tests by itself.
afterEach(cleanup)

const NOW = new Date('2026-06-15T12:00:00.000Z')

const byRegion: ReportDefinitionInput = {
  version: 1,
  name: 'Revenue by region',
  dataset: 'sales',
  fields: [
    { field: 'customer.region.code' },
    { field: 'amount', aggregation: 'sum' },
    { field: 'order_id', aggregation: 'count' },
  ],
  sort: [{ field: 'customer.region.code', direction: 'asc' }],
  totals: true,
  output: { chart: { type: 'bar', x: 'customer.region.code', y: ['sum_amount'] } },
}

describe('ReportPreview', () => {
  it('shows real rows formatted for the locale, totals and the chart', async () => {
    const client = createMemoryClient({ now: () => NOW })
    const expected = await client.preview(byRegion)
    const { container } = render(<ReportPreview definition={byRegion} debounceMs={0} />, {
      wrapper: withProvider(client, 'de', 'dark'),
    })
    expect(screen.getByRole('status').textContent).toBe('Vorschau wird geladen …')
    const table = await screen.findByRole('table')
    const rows = within(table).getAllByRole('row')
    // Header, four regions, totals.
    expect(rows).toHaveLength(6)
    const first = at(expected.rows, 0)
    const amount = new Intl.NumberFormat('de', { style: 'currency', currency: 'USD' }).format(
      Number(first['sum_amount']),
    )
    expect(
      within(at(rows, 1))
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual([
      String(first['customer_region_code']),
      amount,
      new Intl.NumberFormat('de').format(Number(first['count_order_id'])),
    ])
    expect(within(at(rows, 5)).getByRole('rowheader').textContent).toBe('Summe')
    // The chart renderer loads on first use.
    const svg = await waitFor(() => {
      const found = container.querySelector('svg')
      if (!found) throw new Error('no chart yet')
      return found
    })
    expect(svg.getAttribute('aria-label')).toBe('Amount (sum) nach Region code')
    const root = container.querySelector('.rw-root')
    expect(root?.getAttribute('data-rw-theme')).toBe('dark')
  })

  it('formats date buckets and says in words when the server refuses', async () => {
    const client = createMemoryClient({ now: () => NOW })
    const monthly: ReportDefinitionInput = {
      version: 1,
      name: 'Monthly',
      dataset: 'sales',
      fields: [
        { field: 'order_date', bucket: 'month' },
        { field: 'paid' },
        { field: 'order_id', aggregation: 'count' },
      ],
      filters: [{ field: 'order_date', operator: 'this', value: { unit: 'month' } }],
      sort: [{ field: 'paid', direction: 'asc' }],
    }
    const { rerender } = render(<ReportPreview definition={monthly} debounceMs={0} />, {
      wrapper: withProvider(client),
    })
    const table = await screen.findByRole('table')
    const rows = within(table).getAllByRole('row').slice(1)
    expect(
      rows.map((row) =>
        within(row)
          .getAllByRole('cell')
          .slice(0, 2)
          .map((cell) => cell.textContent),
      ),
    ).toEqual([
      ['June 2026', 'No'],
      ['June 2026', 'Yes'],
    ])

    rerender(
      <ReportPreview definition={{ ...monthly, fields: [{ field: 'nope' }] }} debounceMs={0} />,
    )
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('A field in this report no longer exists.')
    await waitFor(() => expect(screen.queryByRole('table')).toBeNull())
  })

  it('says "(blank)" for a missing value instead of leaving the cell empty', async () => {
    const client = createMemoryClient({ now: () => NOW })
    const real = client.preview.bind(client)
    client.preview = async (definition, options) => {
      const answer = await real(definition, options)
      return {
        ...answer,
        rows: answer.rows.map((row, index) =>
          index === 0 ? { ...row, customer_region_code: null } : row,
        ),
      }
    }
    render(<ReportPreview definition={byRegion} debounceMs={0} name="By region" />, {
      wrapper: withProvider(client),
    })
    const table = await screen.findByRole('table')
    expect(within(table).getByText(/rows of By region/)).toBeTruthy()
    const firstRow = at(within(table).getAllByRole('row'), 1)
    expect(at(within(firstRow).getAllByRole('cell'), 0).textContent).toBe('(blank)')
  })
})
