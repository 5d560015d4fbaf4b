import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiRun, ExecuteReportOptions, ExecuteResponse } from '@reportwright/core/client'
import { useReportwright } from '../provider/reportwright-context'
import { isCancelled } from './is-cancelled'
import { usePolling } from './use-polling'
import { useMountedRef } from './use-mounted-ref'

/** Options of {@link useRunHistory}. */
export interface RunHistoryOptions {
  /** Runs loaded per page. Defaults to 10. */
  readonly pageSize?: number
  /** How often the list is reloaded while a run is going. Defaults to 1000 ms. */
  readonly pollIntervalMs?: number
}

/** What {@link useRunHistory} returns. */
export interface RunHistoryState {
  /** Runs of the report, newest first. */
  readonly runs: readonly ApiRun[]
  readonly loading: boolean
  readonly error: unknown
  /** True while a run is going and the list refreshes itself. */
  readonly live: boolean
  readonly hasMore: boolean
  readonly loadMore: () => Promise<void>
  readonly refresh: () => Promise<void>
  /** Starts a run of the report; the list then follows it until it ends. */
  readonly runNow: (options?: ExecuteReportOptions) => Promise<ExecuteResponse>
}

interface HistoryData {
  readonly runs: readonly ApiRun[]
  readonly nextCursor: string | undefined
}

/**
 * The runs of one report with live status: while a run is `running` the first page is reloaded
 * every `pollIntervalMs`; polling stops when none is running and on unmount.
 */
export function useRunHistory(reportId: string, options: RunHistoryOptions = {}): RunHistoryState {
  const { client, reportEvents } = useReportwright()
  const pageSize = options.pageSize ?? 10
  const [data, setData] = useState<HistoryData>({ runs: [], nextCursor: undefined })
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<unknown>(undefined)
  const mounted = useMountedRef()

  const loadFirstPage = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const page = await client.listRuns(reportId, {
          limit: pageSize,
          ...(signal ? { signal } : {}),
        })
        if (signal?.aborted || !mounted.current) return
        setData((previous) => ({
          // Keep pages loaded with "load more" that the first page does not cover.
          runs: [
            ...page.items,
            ...previous.runs
              .slice(pageSize)
              .filter((run) => !page.items.some((r) => r.id === run.id)),
          ],
          nextCursor: previous.runs.length > pageSize ? previous.nextCursor : page.nextCursor,
        }))
        setError(undefined)
      } catch (caught) {
        if (!signal?.aborted && !isCancelled(caught) && mounted.current) setError(caught)
      } finally {
        if (!signal?.aborted && mounted.current) setLoading(false)
      }
    },
    [client, reportId, pageSize],
  )

  useEffect(() => {
    const controller = new AbortController()
    setLoading(true)
    setData({ runs: [], nextCursor: undefined })
    void loadFirstPage(controller.signal)
    return () => controller.abort()
  }, [loadFirstPage])

  // A run started elsewhere (the list, the wizard) shows up here at once.
  const announcing = useRef(false)
  useEffect(
    () =>
      reportEvents.subscribe((change) => {
        if (announcing.current) return
        if (change.kind === 'run' && change.reportId === reportId) void loadFirstPage()
      }),
    [reportEvents, reportId, loadFirstPage],
  )

  const live = data.runs.some((run) => run.status === 'running')
  usePolling(live, options.pollIntervalMs ?? 1000, loadFirstPage)

  const loadMore = useCallback(async () => {
    if (!data.nextCursor) return
    try {
      const page = await client.listRuns(reportId, { limit: pageSize, cursor: data.nextCursor })
      if (!mounted.current) return
      setData((previous) => ({
        runs: [
          ...previous.runs,
          ...page.items.filter((r) => !previous.runs.some((p) => p.id === r.id)),
        ],
        nextCursor: page.nextCursor,
      }))
    } catch (caught) {
      if (mounted.current) setError(caught)
    }
  }, [client, reportId, pageSize, data.nextCursor])

  const refresh = useCallback(() => loadFirstPage(), [loadFirstPage])
  const runNow = useCallback(
    async (execute?: ExecuteReportOptions) => {
      const started = await client.executeReport(reportId, execute)
      announcing.current = true
      try {
        reportEvents.emit({ kind: 'run', reportId })
      } finally {
        announcing.current = false
      }
      await loadFirstPage()
      return started
    },
    [client, reportId, reportEvents, loadFirstPage],
  )

  return {
    runs: data.runs,
    loading,
    error,
    live,
    hasMore: data.nextCursor !== undefined,
    loadMore,
    refresh,
    runNow,
  }
}
