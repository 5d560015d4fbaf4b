import { act, cleanup, renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ReportwrightError } from '@reportwright/core/client'
import { ReportwrightProvider } from '../provider/reportwright-provider'
import { createMemoryClient } from '../testing'
import type { MemoryClient, MemoryClientOptions } from '../testing'
import { useReportWizard } from './use-report-wizard'
import type { UseReportWizardOptions } from './use-report-wizard'

afterEach(cleanup)

function setup(options: UseReportWizardOptions = {}, clientOptions: MemoryClientOptions = {}) {
  const client: MemoryClient = createMemoryClient({ reports: [], ...clientOptions })
  const wrapper = ({ children }: { children: ReactNode }) => (
    <ReportwrightProvider client={client}>{children}</ReportwrightProvider>
  )
  const hook = renderHook(() => useReportWizard(options), { wrapper })
  return { client, hook }
}

async function loaded(hook: ReturnType<typeof setup>['hook']): Promise<void> {
  await waitFor(() => expect(hook.result.current.loading).toBe(false))
}

describe('useReportWizard', () => {
  it('offers only what the capabilities allow', async () => {
    const { hook } = setup(
      {},
      {
        capabilities: {
          datasets: ['sales'],
          formats: ['xlsx', 'csv'],
          scheduleFrequencies: ['weekly'],
          deliveryChannels: [],
        },
      },
    )
    await loaded(hook)
    const wizard = hook.result.current
    expect(wizard.datasets.map((dataset) => dataset.id)).toEqual(['sales'])
    expect(wizard.offered).toMatchObject({
      formats: ['xlsx', 'csv'],
      frequencies: ['weekly'],
      canEmail: false,
    })
  })

  it('blocks Next on a step with errors and shows them in words', async () => {
    const { hook } = setup()
    await loaded(hook)
    let moved = true
    act(() => {
      moved = hook.result.current.next()
    })
    expect(moved).toBe(false)
    const [source] = hook.result.current.steps
    expect(source).toMatchObject({ id: 'source', status: 'current', showErrors: true })
    expect(hook.result.current.errorFor('dataset')).toBe('Choose a data source.')

    act(() => hook.result.current.source.setDataset('sales', 'Sales'))
    act(() => {
      moved = hook.result.current.next()
    })
    expect(moved).toBe(true)
    expect(hook.result.current.currentStep).toBe('fields')
    expect(hook.result.current.definition.name).toBe('Sales report')
    act(() => hook.result.current.source.setDataset('customers', 'Customers'))
    expect(hook.result.current.definition.name).toBe('Customers report')
    act(() => hook.result.current.details.setName('Mine'))
    act(() => hook.result.current.source.setDataset('sales', 'Sales'))
    expect(hook.result.current.definition.name).toBe('Mine')
    expect(hook.result.current.steps[0]?.status).toBe('complete')
  })

  it('creates the report, then saves new revisions with the revision it edited', async () => {
    const onSaved = vi.fn()
    const { client, hook } = setup({ onSaved })
    await loaded(hook)
    act(() => {
      hook.result.current.source.setDataset('sales', 'Sales')
      hook.result.current.fields.toggle('amount')
      hook.result.current.fields.update(0, { aggregation: 'sum' })
    })
    expect(hook.result.current.isDirty).toBe(true)
    const created = await act(() => hook.result.current.save())
    expect(created?.revision).toBe(1)
    expect(hook.result.current.isDirty).toBe(false)
    expect(hook.result.current.saved).toBe(true)
    expect(hook.result.current.reportId).toBe(created?.id)
    expect(onSaved).toHaveBeenCalledWith(created)

    const update = vi.spyOn(client, 'updateReport')
    act(() => hook.result.current.details.setName('Revenue'))
    const updated = await act(() => hook.result.current.save())
    expect(update).toHaveBeenCalledWith(created?.id, expect.objectContaining({ name: 'Revenue' }), {
      revision: 1,
    })
    expect(updated?.revision).toBe(2)
    expect(client.store.reports.get(created?.id ?? '')?.definition).toMatchObject({
      name: 'Revenue',
    })
  })

  it('goes to the first step with errors instead of saving an invalid draft', async () => {
    const { client, hook } = setup({ initialStep: 'review' })
    await loaded(hook)
    const create = vi.spyOn(client, 'createReport')
    const result = await act(() => hook.result.current.save())
    expect(result).toBeUndefined()
    expect(create).not.toHaveBeenCalled()
    expect(hook.result.current.currentStep).toBe('source')
  })

  it('says in words why the server refused to save', async () => {
    const { client, hook } = setup({
      initialDefinition: { name: 'R', dataset: 'sales', fields: [{ field: 'amount' }] },
    })
    await loaded(hook)
    client.setFailure('createReport', new ReportwrightError({ code: 'FORBIDDEN' }))
    await act(() => hook.result.current.save())
    expect(hook.result.current.saveState).toEqual({
      status: 'failed',
      error: 'You are not allowed to do this.',
    })
  })

  it('loads an existing report, saves it with its revision and runs it', async () => {
    const { client, hook } = setup(
      { reportId: 'r1' },
      {
        reports: [
          {
            id: 'r1',
            definition: {
              version: 1,
              name: 'Revenue',
              dataset: 'sales',
              fields: [{ field: 'amount', aggregation: 'sum' }],
            },
          },
        ],
      },
    )
    await loaded(hook)
    expect(hook.result.current).toMatchObject({ reportId: 'r1', revision: 1, isDirty: false })
    expect(hook.result.current.definition.name).toBe('Revenue')
    act(() => hook.result.current.settings.setOutput({ format: 'xlsx' }))
    const run = await act(() => hook.result.current.runNow())
    expect(run?.runId).toBeDefined()
    expect(hook.result.current.revision).toBe(2)
    expect(client.store.reports.get('r1')?.definition).toMatchObject({
      output: { format: 'xlsx' },
    })
    expect(hook.result.current.runState.status).toBe('done')
    client.dispose()
  })
})
