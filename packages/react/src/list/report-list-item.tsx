import type { ReactNode } from 'react'
import type { ApiReport, ApiRun } from '@reportwright/core/client'
import { reportDescription, reportName } from '../hooks/sort-reports'
import { useReportwright } from '../provider/reportwright-context'
import { runStatusText } from './run-status-text'

/** Props of {@link ReportListItem}. */
export interface ReportListItemProps {
  readonly report: ApiReport
  /** The last run started from the list, if any. */
  readonly run: ApiRun | undefined
  readonly busy: boolean
  /** Whether this is the list's selected report. */
  readonly selected: boolean
  readonly onRunNow: (report: ApiReport) => void
  readonly onEdit: ((report: ApiReport) => void) | undefined
  /** Makes the name a button that selects the report. */
  readonly onSelect: ((report: ApiReport) => void) | undefined
  readonly onDelete: (report: ApiReport) => void
}

/** One saved report: name, description, facts and its actions. */
export function ReportListItem(props: ReportListItemProps): ReactNode {
  const { report, run } = props
  const formatting = useReportwright()
  const { t, formatDateTime } = formatting
  const name = reportName(report)
  const description = reportDescription(report)
  const output = report.definition['output'] as { format?: string } | undefined
  const schedule = report.definition['schedule'] as { enabled?: boolean } | undefined
  const running = props.busy || run?.status === 'running'
  return (
    <li
      className="rw-report-list__item"
      data-report-id={report.id}
      data-selected={props.selected || undefined}
    >
      <div className="rw-report-list__main">
        <h3 className="rw-report-list__name">
          {props.onSelect ? (
            <button
              type="button"
              className="rw-report-list__select"
              aria-current={props.selected || undefined}
              onClick={() => props.onSelect?.(report)}
            >
              {name}
            </button>
          ) : (
            name
          )}
        </h3>
        {description ? <p className="rw-report-list__description">{description}</p> : null}
        <p className="rw-report-list__meta">
          <span>{t('list.updated', { date: formatDateTime(report.updatedAt) })}</span>
          {output?.format ? (
            <span>{t('list.format', { format: output.format.toUpperCase() })}</span>
          ) : null}
          {schedule?.enabled ? <span className="rw-badge">{t('list.schedule')}</span> : null}
        </p>
        {run ? (
          <p className="rw-report-list__run" data-status={run.status}>
            {runStatusText(run, name, formatting)}
          </p>
        ) : null}
      </div>
      <div className="rw-report-list__actions">
        <button
          type="button"
          className="rw-button"
          data-variant="primary"
          // aria-disabled rather than disabled: the button keeps focus while the run goes.
          aria-disabled={running || undefined}
          aria-busy={running || undefined}
          aria-label={t('list.runNowLabel', { name })}
          onClick={() => {
            if (!running) props.onRunNow(report)
          }}
        >
          {t('list.runNow')}
        </button>
        {props.onEdit ? (
          <button
            type="button"
            className="rw-button"
            aria-label={t('list.editLabel', { name })}
            onClick={() => props.onEdit?.(report)}
          >
            {t('common.edit')}
          </button>
        ) : null}
        <button
          type="button"
          className="rw-button"
          aria-disabled={props.busy || undefined}
          aria-label={t('list.deleteLabel', { name })}
          onClick={() => {
            if (!props.busy) props.onDelete(report)
          }}
        >
          {t('common.delete')}
        </button>
      </div>
    </li>
  )
}
