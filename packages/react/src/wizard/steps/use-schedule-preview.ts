import { useEffect, useState } from 'react'
import type { ScheduleSpec } from '@reportwright/core/model'
import { useReportwright } from '../../provider/reportwright-context'

const DEBOUNCE_MS = 300

/** The next three run times of a valid schedule (ISO strings), from `client.previewSchedule`. */
export function useSchedulePreview(
  schedule: ScheduleSpec | undefined,
  enabled: boolean,
): { readonly runs: readonly string[]; readonly error?: string } {
  const { client, errorMessage } = useReportwright()
  const [state, setState] = useState<{ runs: readonly string[]; error?: string }>({ runs: [] })
  const key = schedule && enabled ? JSON.stringify(schedule) : ''
  useEffect(() => {
    if (key === '') return
    const spec = JSON.parse(key) as ScheduleSpec
    let active = true
    const timer = setTimeout(() => {
      client.previewSchedule(spec, { count: 3 }).then(
        (runs) => {
          if (active) setState({ runs })
        },
        (error: unknown) => {
          if (active) setState({ runs: [], error: errorMessage(error) })
        },
      )
    }, DEBOUNCE_MS)
    return () => {
      active = false
      clearTimeout(timer)
    }
  }, [client, errorMessage, key])
  return key === '' ? { runs: [] } : state
}
