import { useId, type ReactNode } from 'react'
import { REPORT_SORTS } from '../hooks/sort-reports'
import type { ReportSort } from '../hooks/sort-reports'
import { useReportwright } from '../provider/reportwright-context'

/** Props of {@link ReportListToolbar}. */
export interface ReportListToolbarProps {
  readonly search: string
  readonly onSearchChange: (search: string) => void
  readonly sort: ReportSort
  readonly onSortChange: (sort: ReportSort) => void
}

/** The search box and sort picker above the report list. */
export function ReportListToolbar(props: ReportListToolbarProps): ReactNode {
  const { t } = useReportwright()
  const id = useId()
  return (
    <div className="rw-report-list__toolbar" role="search">
      <div className="rw-field">
        <label className="rw-label" htmlFor={`${id}-search`}>
          {t('list.search')}
        </label>
        <input
          id={`${id}-search`}
          className="rw-input"
          type="search"
          value={props.search}
          placeholder={t('list.searchPlaceholder')}
          onChange={(event) => props.onSearchChange(event.target.value)}
        />
      </div>
      <div className="rw-field">
        <label className="rw-label" htmlFor={`${id}-sort`}>
          {t('list.sort')}
        </label>
        <select
          id={`${id}-sort`}
          className="rw-select"
          value={props.sort}
          onChange={(event) => props.onSortChange(event.target.value as ReportSort)}
        >
          {REPORT_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(`list.sort.${sort}`)}
            </option>
          ))}
        </select>
      </div>
    </div>
  )
}
