import type { ApiReport } from '@reportwright/core/client'

/** Orders of {@link useReports}: last change or name, either way round. */
export const REPORT_SORTS = ['updated-desc', 'updated-asc', 'name-asc', 'name-desc'] as const
/** One of {@link REPORT_SORTS}. */
export type ReportSort = (typeof REPORT_SORTS)[number]

/** The name a saved report shows. */
export const reportName = (report: ApiReport): string =>
  typeof report.definition['name'] === 'string' ? report.definition['name'] : report.id

/** The description a saved report shows, if any. */
export const reportDescription = (report: ApiReport): string | undefined =>
  typeof report.definition['description'] === 'string'
    ? report.definition['description']
    : undefined

/** Sorts loaded reports (names compared with the locale's collation). */
export function sortReports(
  reports: readonly ApiReport[],
  sort: ReportSort,
  locale: string,
): ApiReport[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true })
  const sorted = [...reports]
  if (sort.startsWith('name')) sorted.sort((a, b) => collator.compare(reportName(a), reportName(b)))
  else sorted.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
  if (sort.endsWith('desc')) sorted.reverse()
  return sorted
}
