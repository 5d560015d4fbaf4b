import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ApiReport, ApiRun, ExecuteReportOptions } from '@reportwright/core/client'
import { useReportwright } from '../provider/reportwright-context'
import { isCancelled } from './is-cancelled'
import { sortReports } from './sort-reports'
import type { ReportSort } from './sort-reports'
import { usePolling } from './use-polling'
import { useMountedRef } from './use-mounted-ref'

/** Options of {@link useReports}. */
export interface ReportsOptions {
  /** Text the name or description must contain (searched by the server). */
  readonly search?: string
  /** Order of the loaded reports. Defaults to `updated-desc`. */
  readonly sort?: ReportSort
  /** Reports per page. Defaults to 20. */
  readonly pageSize?: number
  /** How often started runs are checked until they end. Defaults to 1000 ms. */
  readonly pollIntervalMs?: number
}

/** What {@link useReports} returns. */
export interface ReportsState {
  /** The loaded reports in the chosen order. */
  readonly reports: readonly ApiReport[]
  readonly loading: boolean
  readonly error: unknown
  readonly hasMore: boolean
  readonly loadMore: () => Promise<void>
  readonly refresh: () => void
  /** Starts a run; its live state appears in {@link ReportsState.runs}. */
  readonly runNow: (reportId: string, options?: ExecuteReportOptions) => Promise<ApiRun>
  /** Deletes a report and drops it from the list. */
  readonly remove: (reportId: string) => Promise<void>
  /** The last run started here per report id, updated until it ends. */
  readonly runs: ReadonlyMap<string, ApiRun>
}

/**
 * Saved reports with server-side search and paging, sorted on the client (so a sort applies
 * to the pages loaded so far), plus run-now and delete actions.
 */
export function useReports(options: ReportsOptions = {}): ReportsState {
  const { client, locale, reportEvents } = useReportwright()
  const search = options.search?.trim() ?? ''
  const pageSize = options.pageSize ?? 20
  const [items, setItems] = useState<readonly ApiReport[]>([])
  const [nextCursor, setNextCursor] = useState<string | undefined>(undefined)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<unknown>(undefined)
  const [generation, setGeneration] = useState(0)
  const [runs, setRuns] = useState<ReadonlyMap<string, ApiRun>>(new Map())
  const mounted = useMountedRef()

  useEffect(() => {
    const controller = new AbortController()
    setLoading(true)
    client
      .listReports({
        limit: pageSize,
        signal: controller.signal,
        ...(search ? { search } : {}),
      })
      .then(
        (page) => {
          if (controller.signal.aborted) return
          setItems(page.items)
          setNextCursor(page.nextCursor)
          setError(undefined)
          setLoading(false)
        },
        (caught: unknown) => {
          if (controller.signal.aborted || isCancelled(caught)) return
          setError(caught)
          setLoading(false)
        },
      )
    return () => controller.abort()
  }, [client, search, pageSize, generation])

  const loadMore = useCallback(async () => {
    if (!nextCursor) return
    setLoading(true)
    try {
      const page = await client.listReports({
        limit: pageSize,
        cursor: nextCursor,
        ...(search ? { search } : {}),
      })
      if (!mounted.current) return
      setItems((previous) => [
        ...previous,
        ...page.items.filter((item) => !previous.some((known) => known.id === item.id)),
      ])
      setNextCursor(page.nextCursor)
    } catch (caught) {
      if (mounted.current) setError(caught)
    } finally {
      if (mounted.current) setLoading(false)
    }
  }, [client, nextCursor, pageSize, search])

  const refresh = useCallback(() => setGeneration((value) => value + 1), [])
  // A report saved or deleted elsewhere on the page (the wizard, another list) reloads the list.
  useEffect(
    () =>
      reportEvents.subscribe((change) => {
        if (change.kind !== 'run') refresh()
      }),
    [reportEvents, refresh],
  )

  const remember = useCallback((run: ApiRun) => {
    if (!run.reportId || !mounted.current) return
    const reportId = run.reportId
    setRuns((previous) => new Map(previous).set(reportId, run))
  }, [])

  const runNow = useCallback(
    async (reportId: string, execute?: ExecuteReportOptions) => {
      const started = await client.executeReport(reportId, execute)
      reportEvents.emit({ kind: 'run', reportId })
      const run = await client.getRun(started.runId)
      remember(run)
      return run
    },
    [client, remember, reportEvents],
  )

  const remove = useCallback(
    async (reportId: string) => {
      await client.deleteReport(reportId)
      if (mounted.current)
        setItems((previous) => previous.filter((report) => report.id !== reportId))
      reportEvents.emit({ kind: 'deleted', reportId })
    },
    [client, reportEvents],
  )

  const running = [...runs.values()].filter((run) => run.status === 'running')
  usePolling(running.length > 0, options.pollIntervalMs ?? 1000, async (signal) => {
    const updated = await Promise.all(running.map((run) => client.getRun(run.id, { signal })))
    if (!signal.aborted) updated.forEach(remember)
  })

  const sort = options.sort ?? 'updated-desc'
  const reports = useMemo(() => sortReports(items, sort, locale), [items, sort, locale])
  return {
    reports,
    loading,
    error,
    hasMore: nextCursor !== undefined,
    loadMore,
    refresh,
    runNow,
    remove,
    runs,
  }
}
