import type { ReactNode } from 'react'
import type { ApiRun } from '@reportwright/core/client'
import { useReportwright } from '../provider/reportwright-context'
import { formatBytes, formatDuration } from './format-run'

/** Props of {@link RunRow}. */
export interface RunRowProps {
  readonly run: ApiRun
  readonly downloading: boolean
  readonly onDownload: (run: ApiRun) => void
}

/** One run: status (with the error of a failed run), start, rows, size, duration, file. */
export function RunRow({ run, downloading, onDownload }: RunRowProps): ReactNode {
  const formatting = useReportwright()
  const { t, formatNumber, formatDateTime } = formatting
  const finished = run.status !== 'running'
  return (
    <tr data-run-id={run.id} data-status={run.status}>
      <td>
        <span className="rw-run-status" data-status={run.status}>
          {t(`runs.status.${run.status}`)}
        </span>
        {run.error ? (
          <details className="rw-run-history__error">
            <summary>{t('runs.errorDetail')}</summary>
            <p>
              {run.error.message} <code>{run.error.code}</code>
            </p>
          </details>
        ) : null}
      </td>
      <td data-nowrap>
        {formatDateTime(run.startedAt, { dateStyle: 'short', timeStyle: 'short' })}
      </td>
      <td data-numeric>{finished ? formatNumber(run.rowCount) : '–'}</td>
      <td data-numeric>{run.file ? formatBytes(run.file.size, formatting) : '–'}</td>
      <td data-numeric>{formatDuration(run, formatting) ?? '–'}</td>
      <td>{t(`runs.trigger.${run.trigger}`)}</td>
      <td>
        {run.file ? (
          <button
            type="button"
            className="rw-button"
            // aria-disabled rather than disabled: the button keeps focus while the file loads.
            aria-disabled={downloading || undefined}
            aria-busy={downloading || undefined}
            aria-label={t('runs.downloadLabel', { filename: run.file.filename })}
            onClick={() => {
              if (!downloading) onDownload(run)
            }}
          >
            {downloading ? t('runs.downloading') : t('runs.download')}
          </button>
        ) : (
          <span className="rw-muted">{t('runs.noFile')}</span>
        )}
      </td>
    </tr>
  )
}
