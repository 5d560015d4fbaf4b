import type { ApiRun } from '@reportwright/core/client'
import type { ReportwrightContextValue } from '../provider/reportwright-context'

/** One sentence about a run started from the list, e.g. "Sales: run finished, 12 rows." */
export function runStatusText(
  run: ApiRun,
  name: string,
  { t, formatNumber }: Pick<ReportwrightContextValue, 't' | 'formatNumber'>,
): string {
  switch (run.status) {
    case 'running':
      return t('list.run.running', { name })
    case 'succeeded':
      return t('list.run.succeeded', { name, rows: formatNumber(run.rowCount) })
    case 'failed':
      return t('list.run.failed', { name })
    case 'cancelled':
      return t('list.run.cancelled', { name })
  }
}
