import { useEffect, useState } from 'react'
import { useReportwright } from '../../provider/reportwright-context'

const DEBOUNCE_MS = 250

/**
 * Distinct values of a field that contain `search`, for a datalist under a filter value. Waits
 * for a pause in typing; failures just mean no suggestions.
 */
export function useValueSuggestions(
  dataset: string,
  field: string,
  search: string,
  enabled: boolean,
): readonly string[] {
  const { client } = useReportwright()
  const [values, setValues] = useState<readonly string[]>([])
  useEffect(() => {
    if (!enabled || dataset === '' || field === '') return
    const controller = new AbortController()
    const timer = setTimeout(() => {
      const term = search.trim()
      client
        .distinctValues(dataset, field, {
          ...(term ? { search: term } : {}),
          limit: 20,
          signal: controller.signal,
        })
        .then(
          (response) => {
            if (controller.signal.aborted) return
            setValues(
              response.values
                .map((entry) => entry.value)
                .filter((value) => value !== null)
                .map(String),
            )
          },
          () => undefined,
        )
    }, DEBOUNCE_MS)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [client, dataset, field, search, enabled])
  return enabled ? values : []
}
