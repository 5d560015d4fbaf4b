import { useEffect, useState, type ReactNode } from 'react'
import type { ApiRun } from '@reportwright/core/client'
import { useRunDownload } from '../hooks/use-run-download'
import { useRunHistory } from '../hooks/use-run-history'
import { useReportwright } from '../provider/reportwright-context'
import type { Translate } from '../provider/reportwright-context'
import { rootProps } from '../shared/root-props'
import { RunRow } from './run-row'

/** Props of {@link RunHistory}. */
export interface RunHistoryProps {
  readonly reportId: string
  /** Shows a "Run now" button. Defaults to `true`. */
  readonly showRunNow?: boolean
  /** Runs per page. Defaults to 10. */
  readonly pageSize?: number
  /** How often the list refreshes while a run is going. Defaults to 1000 ms. */
  readonly pollIntervalMs?: number
  /**
   * The heading: a text of your own instead of "Runs", or `false` to leave it out (when the
   * host shows its own).
   */
  readonly title?: string | false
  readonly className?: string
}

function announce(run: ApiRun | undefined, t: Translate, rows: string): string {
  if (!run) return ''
  switch (run.status) {
    case 'running':
      return t('runs.announce.running')
    case 'succeeded':
      return t('runs.announce.succeeded', { rows })
    case 'failed':
      return t('runs.announce.failed')
    case 'cancelled':
      return t('runs.announce.cancelled')
  }
}

/**
 * The runs of one report: status, start, rows, size, duration and a download button; failed
 * runs show their error. While a run is going the table refreshes itself and a polite live
 * region says how the newest run stands.
 */
export function RunHistory(props: RunHistoryProps): ReactNode {
  const { t, theme, errorMessage, formatNumber } = useReportwright()
  const history = useRunHistory(props.reportId, {
    ...(props.pageSize !== undefined ? { pageSize: props.pageSize } : {}),
    ...(props.pollIntervalMs !== undefined ? { pollIntervalMs: props.pollIntervalMs } : {}),
  })
  const download = useRunDownload()
  const [starting, setStarting] = useState(false)
  const [startError, setStartError] = useState<unknown>(undefined)
  // Only runs seen live here are announced, not the history as it loads.
  const [followed, setFollowed] = useState<string | undefined>(undefined)
  const runBusy = starting || history.live
  const runNow = async () => {
    // aria-disabled rather than disabled: the button keeps focus while the run goes.
    if (runBusy) return
    setStarting(true)
    setStartError(undefined)
    try {
      const started = await history.runNow()
      setFollowed(started.runId)
    } catch (error) {
      setStartError(error)
    } finally {
      setStarting(false)
    }
  }
  // A run seen running here stays announced until it ends (and then says how it ended).
  const running = history.runs.find((run) => run.status === 'running')
  useEffect(() => {
    if (running) setFollowed(running.id)
  }, [running])
  const liveRun = running ?? history.runs.find((run) => run.id === followed)
  const actionError = startError ?? download.error

  let body: ReactNode
  if (history.error && history.runs.length === 0)
    body = (
      <div role="alert">
        <p className="rw-error-text">{errorMessage(history.error)}</p>
        <button type="button" className="rw-button" onClick={() => void history.refresh()}>
          {t('common.retry')}
        </button>
      </div>
    )
  else if (history.loading && history.runs.length === 0)
    body = <p className="rw-muted">{t('runs.loading')}</p>
  else if (history.runs.length === 0) body = <p className="rw-muted">{t('runs.empty')}</p>
  else
    body = (
      <div
        className="rw-run-history__scroll"
        tabIndex={0}
        role="region"
        aria-label={t('runs.title')}
      >
        <table className="rw-table">
          <thead>
            <tr>
              <th scope="col">{t('runs.column.status')}</th>
              <th scope="col">{t('runs.column.started')}</th>
              <th scope="col" data-numeric>
                {t('runs.column.rows')}
              </th>
              <th scope="col" data-numeric>
                {t('runs.column.size')}
              </th>
              <th scope="col" data-numeric>
                {t('runs.column.duration')}
              </th>
              <th scope="col">{t('runs.column.trigger')}</th>
              <th scope="col">{t('runs.column.file')}</th>
            </tr>
          </thead>
          <tbody>
            {history.runs.map((run) => (
              <RunRow
                key={run.id}
                run={run}
                downloading={download.pending === run.id}
                onDownload={(item) => void download.download(item.id)}
              />
            ))}
          </tbody>
        </table>
      </div>
    )

  return (
    <section {...rootProps(theme, 'rw-run-history', props.className)}>
      <div className="rw-run-history__header">
        {props.title === false ? null : (
          <h2 className="rw-heading">{props.title ?? t('runs.title')}</h2>
        )}
        {props.showRunNow === false ? null : (
          <button
            type="button"
            className="rw-button"
            data-variant="primary"
            aria-disabled={runBusy || undefined}
            aria-busy={runBusy || undefined}
            onClick={() => void runNow()}
          >
            {t('runs.runNow')}
          </button>
        )}
      </div>
      {history.live ? <p className="rw-muted">{t('runs.live')}</p> : null}
      {actionError ? (
        <p className="rw-error-text" role="alert">
          {download.error && !startError ? t('runs.downloadFailed') : ''}{' '}
          {errorMessage(actionError)}
        </p>
      ) : null}
      <p className="rw-visually-hidden" role="status" aria-live="polite">
        {announce(liveRun, t, liveRun ? formatNumber(liveRun.rowCount) : '')}
      </p>
      {body}
      {history.hasMore ? (
        <button type="button" className="rw-button" onClick={() => void history.loadMore()}>
          {t('runs.loadMore')}
        </button>
      ) : null}
    </section>
  )
}
