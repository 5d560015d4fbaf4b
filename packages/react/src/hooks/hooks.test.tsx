import { act, cleanup, renderHook, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ReportDefinitionInput } from '@reportwright/core/model'
import { createMemoryClient } from '../testing/memory-client'
import { withProvider } from '../../test/with-provider'
import { useCapabilities } from './use-capabilities'
import { useDatasets } from './use-datasets'
import { usePreview } from './use-preview'
import { useReports } from './use-reports'
import { useRunHistory } from './use-run-history'
import { at } from '../../test/at'

// Without vitest globals Testing Library does not unmount between tests by itself.
afterEach(cleanup)

const orders: ReportDefinitionInput = {
  version: 1,
  name: 'Orders',
  dataset: 'sales',
  fields: [{ field: 'status' }, { field: 'order_id', aggregation: 'count' }],
  sort: [{ field: 'status', direction: 'asc' }],
}

describe('useDatasets and useCapabilities', () => {
  it('load the catalog and the capabilities', async () => {
    const client = createMemoryClient({ capabilities: { datasets: ['sales', 'products'] } })
    const datasets = renderHook(() => useDatasets(), { wrapper: withProvider(client) })
    expect(datasets.result.current.loading).toBe(true)
    await waitFor(() => expect(datasets.result.current.loading).toBe(false))
    expect(datasets.result.current.datasets.map((d) => d.id)).toEqual(['sales', 'products'])
    const caps = renderHook(() => useCapabilities(), { wrapper: withProvider(client) })
    await waitFor(() =>
      expect(caps.result.current.capabilities?.datasets).toEqual(['sales', 'products']),
    )
  })

  it('reports an error and loads again on reload', async () => {
    const client = createMemoryClient({ failures: { datasets: new Error('offline') } })
    const { result } = renderHook(() => useDatasets(), { wrapper: withProvider(client) })
    await waitFor(() => expect(result.current.error).toBeInstanceOf(Error))
    client.setFailure('datasets', undefined)
    act(() => result.current.reload())
    await waitFor(() => expect(result.current.datasets).toHaveLength(3))
    expect(result.current.error).toBeUndefined()
  })
})

describe('useReports', () => {
  it('searches, sorts, pages, runs and deletes', async () => {
    const client = createMemoryClient({ runDelayMs: 30 })
    const { result, rerender } = renderHook(
      (props: { search?: string; sort?: 'name-asc' | 'updated-desc' }) =>
        useReports({ ...props, pageSize: 3, pollIntervalMs: 10 }),
      { wrapper: withProvider(client), initialProps: {} },
    )
    await waitFor(() => expect(result.current.loading).toBe(false))
    expect(result.current.reports).toHaveLength(3)
    expect(result.current.hasMore).toBe(true)
    await act(() => result.current.loadMore())
    expect(result.current.reports).toHaveLength(4)
    expect(result.current.hasMore).toBe(false)

    rerender({ sort: 'name-asc' })
    expect(result.current.reports.map((r) => r.definition['name'])).toEqual([
      'Customers by segment',
      'Monthly revenue',
      'Open orders',
      'Revenue by region',
    ])

    rerender({ search: 'revenue', sort: 'name-asc' })
    await waitFor(() => expect(result.current.reports).toHaveLength(2))

    const target = at(result.current.reports, 0)
    let runId = ''
    await act(async () => {
      runId = (await result.current.runNow(target.id)).id
    })
    expect(result.current.runs.get(target.id)?.status).toBe('running')
    await waitFor(() => expect(result.current.runs.get(target.id)?.status).toBe('succeeded'))
    expect(result.current.runs.get(target.id)?.id).toBe(runId)

    await act(() => result.current.remove(target.id))
    expect(result.current.reports.map((r) => r.id)).not.toContain(target.id)
    expect(client.store.reports.has(target.id)).toBe(false)
  })
})

describe('useRunHistory', () => {
  it('follows a running run until it ends, then stops polling', async () => {
    const client = createMemoryClient({
      runDelayMs: 40,
      reports: [{ id: 'orders', definition: orders }],
    })
    const listRuns = vi.spyOn(client, 'listRuns')
    const { result, unmount } = renderHook(() => useRunHistory('orders', { pollIntervalMs: 10 }), {
      wrapper: withProvider(client),
    })
    await waitFor(() => expect(result.current.loading).toBe(false))
    expect(result.current.runs).toEqual([])
    expect(result.current.live).toBe(false)
    await act(() => result.current.runNow())
    expect(result.current.runs[0]?.status).toBe('running')
    expect(result.current.live).toBe(true)
    await waitFor(() => expect(result.current.runs[0]?.status).toBe('succeeded'))
    expect(result.current.live).toBe(false)
    expect(result.current.runs[0]?.rowCount).toBe(3)
    const calls = listRuns.mock.calls.length
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(listRuns.mock.calls.length).toBe(calls)
    unmount()
  })

  it('stops polling on unmount', async () => {
    const client = createMemoryClient({
      runDelayMs: 10_000,
      reports: [{ id: 'orders', definition: orders, runs: [{ status: 'running' }] }],
    })
    const listRuns = vi.spyOn(client, 'listRuns')
    const { result, unmount } = renderHook(() => useRunHistory('orders', { pollIntervalMs: 10 }), {
      wrapper: withProvider(client),
    })
    await waitFor(() => expect(listRuns.mock.calls.length).toBeGreaterThan(2))
    expect(result.current.live).toBe(true)
    unmount()
    const calls = listRuns.mock.calls.length
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(listRuns.mock.calls.length).toBe(calls)
    client.dispose()
  })
})

describe('usePreview', () => {
  it('debounces changes and aborts the request it replaces', async () => {
    const client = createMemoryClient({ latencyMs: 30 })
    const preview = vi.spyOn(client, 'preview')
    const { result, rerender } = renderHook(
      (props: { definition: ReportDefinitionInput }) =>
        usePreview(props.definition, { debounceMs: 20 }),
      { wrapper: withProvider(client), initialProps: { definition: orders } },
    )
    // Three quick edits: only the last is sent.
    rerender({ definition: { ...orders, name: 'Orders 2' } })
    rerender({ definition: { ...orders, limit: 2 } })
    await waitFor(() => expect(result.current.preview?.rows).toHaveLength(2))
    expect(preview).toHaveBeenCalledTimes(1)

    rerender({ definition: { ...orders, limit: 1 } })
    await waitFor(() => expect(preview).toHaveBeenCalledTimes(2))
    const signal = preview.mock.calls[1]?.[1]?.signal
    rerender({ definition: { ...orders, limit: 3 } })
    await waitFor(() => expect(signal?.aborted).toBe(true))
    await waitFor(() => expect(result.current.preview?.rows).toHaveLength(3))
    expect(result.current.error).toBeUndefined()
  })

  it('reports the server error of an invalid definition', async () => {
    const client = createMemoryClient()
    const { result } = renderHook(
      () => usePreview({ ...orders, fields: [{ field: 'nope' }] }, { debounceMs: 0 }),
      { wrapper: withProvider(client) },
    )
    await waitFor(() => expect(result.current.loading).toBe(false))
    expect(result.current.error).toMatchObject({ code: 'UNKNOWN_FIELD' })
    expect(result.current.preview).toBeUndefined()
  })
})
