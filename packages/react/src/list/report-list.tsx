import { useId, useRef, useState, type ReactNode } from 'react'
import type { ApiReport } from '@reportwright/core/client'
import { ConfirmDialog } from '../dialog/confirm-dialog'
import { reportName } from '../hooks/sort-reports'
import type { ReportSort } from '../hooks/sort-reports'
import { useReports } from '../hooks/use-reports'
import { useReportwright } from '../provider/reportwright-context'
import { rootProps } from '../shared/root-props'
import { useDebouncedValue } from '../shared/use-debounced-value'
import { ReportListItem } from './report-list-item'
import { ReportListToolbar } from './report-list-toolbar'
import { runStatusText } from './run-status-text'

/** Props of {@link ReportList}. */
export interface ReportListProps {
  /** Shows an Edit button per report; open your wizard with the report here. */
  readonly onEdit?: (report: ApiReport) => void
  /**
   * Makes each report's name a button that selects it (e.g. to show its `<RunHistory>`
   * beside the list). Pair with `selectedId`.
   */
  readonly onSelect?: (report: ApiReport) => void
  /** Id of the selected report: highlighted and marked `aria-current` for screen readers. */
  readonly selectedId?: string
  /**
   * The heading: a text of your own instead of "Reports", or `false` to leave it out (when the
   * host shows its own). The list keeps "Reports" as its accessible name either way.
   */
  readonly title?: string | false
  /** Reports per page. Defaults to 20. */
  readonly pageSize?: number
  /** Initial order. Defaults to `updated-desc`. */
  readonly defaultSort?: ReportSort
  /** How often started runs are checked. Defaults to 1000 ms. */
  readonly pollIntervalMs?: number
  /** Quiet time after typing before searching. Defaults to 250 ms. */
  readonly searchDebounceMs?: number
  readonly className?: string
}

/**
 * Saved reports with search, sort, run now, edit and delete (after a confirmation dialog).
 * Started runs and deletions are announced through a polite live region.
 */
export function ReportList(props: ReportListProps): ReactNode {
  const formatting = useReportwright()
  const { t, theme, errorMessage } = formatting
  const [searchText, setSearchText] = useState('')
  const [sort, setSort] = useState<ReportSort>(props.defaultSort ?? 'updated-desc')
  const search = useDebouncedValue(searchText, props.searchDebounceMs ?? 250)
  const state = useReports({
    search,
    sort,
    ...(props.pageSize !== undefined ? { pageSize: props.pageSize } : {}),
    ...(props.pollIntervalMs !== undefined ? { pollIntervalMs: props.pollIntervalMs } : {}),
  })
  const [pendingDelete, setPendingDelete] = useState<ApiReport | undefined>(undefined)
  const [deleting, setDeleting] = useState(false)
  const [deleteError, setDeleteError] = useState<string | undefined>(undefined)
  const [busyId, setBusyId] = useState<string | undefined>(undefined)
  const [notice, setNotice] = useState('')
  const [actionError, setActionError] = useState<string | undefined>(undefined)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const sectionRef = useRef<HTMLElement>(null)
  const headingId = useId()

  const runNow = async (report: ApiReport) => {
    if (busyId !== undefined) return
    setBusyId(report.id)
    setActionError(undefined)
    try {
      await state.runNow(report.id)
    } catch (error) {
      setActionError(t('list.actionFailed', { message: errorMessage(error) }))
    } finally {
      setBusyId(undefined)
    }
  }

  const confirmDelete = async () => {
    if (!pendingDelete) return
    setDeleting(true)
    setDeleteError(undefined)
    try {
      await state.remove(pendingDelete.id)
      setNotice(t('list.delete.done', { name: reportName(pendingDelete) }))
      setPendingDelete(undefined)
    } catch (error) {
      setDeleteError(errorMessage(error))
    } finally {
      setDeleting(false)
    }
  }

  // The live region speaks the newest run change; deletions use the same region.
  const runNotices = [...state.runs.values()].map((run) => {
    const report = state.reports.find((item) => item.id === run.reportId)
    return runStatusText(run, report ? reportName(report) : run.reportName, formatting)
  })
  const announcement = [notice, ...runNotices].filter(Boolean).join(' ')
  const count = state.reports.length
  let body: ReactNode
  if (state.error && count === 0)
    body = (
      <div role="alert" className="rw-report-list__error">
        <p className="rw-error-text">{errorMessage(state.error)}</p>
        <button type="button" className="rw-button" onClick={state.refresh}>
          {t('common.retry')}
        </button>
      </div>
    )
  else if (state.loading && count === 0) body = <p className="rw-muted">{t('list.loading')}</p>
  else if (count === 0)
    body = (
      <p className="rw-muted">
        {search.trim() ? t('list.noMatches', { search: search.trim() }) : t('list.empty')}
      </p>
    )
  else
    body = (
      <ul className="rw-report-list__items" aria-label={t('list.title')}>
        {state.reports.map((report) => (
          <ReportListItem
            key={report.id}
            report={report}
            run={state.runs.get(report.id)}
            busy={busyId === report.id}
            selected={report.id === props.selectedId}
            onRunNow={(item) => void runNow(item)}
            onEdit={props.onEdit}
            onSelect={props.onSelect}
            onDelete={(item) => {
              setDeleteError(undefined)
              setPendingDelete(item)
            }}
          />
        ))}
      </ul>
    )

  return (
    <section
      {...rootProps(theme, 'rw-report-list', props.className)}
      {...(props.title === false
        ? { 'aria-label': t('list.title') }
        : { 'aria-labelledby': headingId })}
      ref={sectionRef}
      {...(props.title === false ? { tabIndex: -1 } : {})}
    >
      <div className="rw-report-list__header">
        {props.title === false ? null : (
          <h2 className="rw-heading" id={headingId} ref={headingRef} tabIndex={-1}>
            {props.title ?? t('list.title')}
          </h2>
        )}
        {/* Without a total from the server, the count is only known once every page is loaded. */}
        {!state.hasMore && count > 0 ? (
          <p className="rw-muted">
            {count === 1
              ? t('list.countOne')
              : t('list.count', { count: formatting.formatNumber(count) })}
          </p>
        ) : null}
      </div>
      <ReportListToolbar
        search={searchText}
        onSearchChange={setSearchText}
        sort={sort}
        onSortChange={setSort}
      />
      {actionError ? (
        <p className="rw-error-text" role="alert">
          {actionError}
        </p>
      ) : null}
      {body}
      {state.hasMore ? (
        <button
          type="button"
          className="rw-button rw-report-list__more"
          disabled={state.loading}
          onClick={() => void state.loadMore()}
        >
          {t('list.loadMore')}
        </button>
      ) : null}
      <p className="rw-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <ConfirmDialog
        open={pendingDelete !== undefined}
        onOpenChange={(open) => {
          if (!open) setPendingDelete(undefined)
        }}
        title={t('list.delete.title')}
        description={t('list.delete.description', {
          name: pendingDelete ? reportName(pendingDelete) : '',
        })}
        confirmLabel={t('list.delete.confirm')}
        busy={deleting}
        {...(deleteError ? { error: deleteError } : {})}
        onConfirm={confirmDelete}
        returnFocus={() => headingRef.current ?? sectionRef.current}
      />
    </section>
  )
}
