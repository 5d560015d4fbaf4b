import { useMemo, type ReactNode } from 'react'
import { parseReportDefinition } from '@reportwright/core/model'
import type { ReportDefinition, ReportDefinitionInput } from '@reportwright/core/model'
import { usePreview } from '../hooks/use-preview'
import { useReportwright } from '../provider/reportwright-context'
import { rootProps } from '../shared/root-props'
import { PreviewChart } from './preview-chart'
import { PreviewTable } from './preview-table'

/** Props of {@link ReportPreview}. */
export interface ReportPreviewProps {
  /** The report to preview; `undefined` shows a hint instead. */
  readonly definition: ReportDefinition | ReportDefinitionInput | undefined
  /** Rows shown. Defaults to 20. */
  readonly limit?: number
  /** Quiet time after a change before the preview reloads. Defaults to 300 ms. */
  readonly debounceMs?: number
  /** The report's name in the table's caption. Defaults to the definition's name. */
  readonly name?: string | undefined
  /** Hides the chart even when the definition has one. */
  readonly hideChart?: boolean
  readonly className?: string
}

function parsed(
  definition: ReportDefinition | ReportDefinitionInput | undefined,
): ReportDefinition | undefined {
  if (!definition) return undefined
  try {
    return parseReportDefinition(definition)
  } catch {
    // The server answers an invalid draft with its own error; the chart just waits for it.
    return undefined
  }
}

/**
 * The first rows of a report from `client.preview`, formatted per column type, with the
 * report's chart when it has one. Loading and error states are announced in words.
 */
export function ReportPreview(props: ReportPreviewProps): ReactNode {
  const { definition, limit = 20, debounceMs, hideChart = false, className } = props
  const { t, theme, errorMessage } = useReportwright()
  const { preview, loading, error, refresh } = usePreview(definition, {
    limit,
    ...(debounceMs !== undefined ? { debounceMs } : {}),
  })
  const full = useMemo(() => parsed(definition), [definition])
  const name = props.name ?? full?.name ?? t('preview.title')
  let status: ReactNode = null
  if (!definition) status = <p className="rw-preview__note">{t('preview.nothing')}</p>
  else if (error)
    status = (
      <div className="rw-preview__error" role="alert">
        <p className="rw-error-text">
          {t('preview.error')} {errorMessage(error)}
        </p>
        <button type="button" className="rw-button" onClick={refresh}>
          {t('common.retry')}
        </button>
      </div>
    )
  return (
    <section {...rootProps(theme, 'rw-preview', className)} aria-label={t('preview.title')}>
      <p className="rw-preview__status" role="status" aria-live="polite">
        {loading ? t(preview ? 'preview.updating' : 'preview.loading') : ''}
      </p>
      {status}
      {preview && !error ? (
        <>
          {full?.output.chart && !hideChart ? (
            <PreviewChart definition={full} preview={preview} />
          ) : null}
          {preview.rows.length === 0 ? (
            <p className="rw-preview__note">{t('preview.empty')}</p>
          ) : (
            <PreviewTable preview={preview} name={name} />
          )}
        </>
      ) : null}
    </section>
  )
}
