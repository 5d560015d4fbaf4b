import type { ReactNode } from 'react'
import type { PreviewResponse } from '@reportwright/core/client'
import { useReportwright } from '../provider/reportwright-context'
import { formatCell, isNumericColumn } from './format-cell'

/** A cell's text; a missing value says so ("(blank)") rather than leaving the cell empty. */
function CellText(props: {
  readonly value: unknown
  readonly text: string
  readonly blank: string
}): ReactNode {
  if (props.text !== '' || (props.value !== null && props.value !== undefined)) return props.text
  return <span className="rw-preview__blank">{props.blank}</span>
}

/** Props of {@link PreviewTable}. */
export interface PreviewTableProps {
  readonly preview: PreviewResponse
  /** Used in the table's caption. */
  readonly name: string
}

/** The preview rows as a table with formatted values and, when asked for, a totals row. */
export function PreviewTable({ preview, name }: PreviewTableProps): ReactNode {
  const formatting = useReportwright()
  const { t } = formatting
  const caption = t(preview.hasMore ? 'preview.captionMore' : 'preview.caption', {
    count: preview.rows.length,
    name,
  })
  return (
    <div className="rw-preview__scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="rw-table">
        <caption className="rw-table__caption">{caption}</caption>
        <thead>
          <tr>
            {preview.columns.map((column) => (
              <th key={column.key} scope="col" data-numeric={isNumericColumn(column) || undefined}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row, index) => (
            <tr key={index}>
              {preview.columns.map((column) => (
                <td key={column.key} data-numeric={isNumericColumn(column) || undefined}>
                  <CellText
                    value={row[column.key]}
                    text={formatCell(row[column.key], column, formatting)}
                    blank={t('preview.blank')}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {preview.totals ? (
          <tfoot>
            <tr>
              {preview.columns.map((column, index) => {
                const text = formatCell(preview.totals?.[column.key], column, formatting)
                return index === 0 && text === '' ? (
                  <th key={column.key} scope="row">
                    {t('preview.totals')}
                  </th>
                ) : (
                  <td key={column.key} data-numeric={isNumericColumn(column) || undefined}>
                    {text}
                  </td>
                )
              })}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  )
}
