import type { ApiRun } from '@reportwright/core/client'
import type { ReportwrightContextValue } from '../provider/reportwright-context'

type Formatting = Pick<ReportwrightContextValue, 't' | 'formatNumber'>

/** A file size in B, KB or MB (1 KB = 1024 B) in the provider's locale. */
export function formatBytes(bytes: number, { t, formatNumber }: Formatting): string {
  if (bytes < 1024) return t('runs.size.bytes', { value: formatNumber(bytes) })
  if (bytes < 1024 * 1024)
    return t('runs.size.kilobytes', {
      value: formatNumber(bytes / 1024, { maximumFractionDigits: 1 }),
    })
  return t('runs.size.megabytes', {
    value: formatNumber(bytes / (1024 * 1024), { maximumFractionDigits: 1 }),
  })
}

/** How long a finished run took, e.g. `2,4 s` or `3 min 5 s`; `undefined` while running. */
export function formatDuration(run: ApiRun, { t, formatNumber }: Formatting): string | undefined {
  if (!run.finishedAt) return undefined
  const ms = Math.max(0, new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime())
  if (Number.isNaN(ms)) return undefined
  if (ms < 60_000)
    return t('runs.duration.seconds', {
      seconds: formatNumber(ms / 1000, { maximumFractionDigits: 1 }),
    })
  const minutes = Math.floor(ms / 60_000)
  return t('runs.duration.minutes', {
    minutes: formatNumber(minutes),
    seconds: formatNumber(Math.round((ms % 60_000) / 1000)),
  })
}
