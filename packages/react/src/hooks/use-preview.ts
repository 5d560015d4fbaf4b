import { useCallback, useEffect, useState } from 'react'
import type { PreviewResponse } from '@reportwright/core/client'
import type { ReportDefinition, ReportDefinitionInput } from '@reportwright/core/model'
import { useReportwright } from '../provider/reportwright-context'
import { isCancelled } from './is-cancelled'

/** Options of {@link usePreview}. */
export interface PreviewOptions {
  /** Rows asked for (the server caps it). Defaults to 50. */
  readonly limit?: number
  /** Quiet time after the last change before asking the server. Defaults to 300 ms. */
  readonly debounceMs?: number
}

/** What {@link usePreview} returns. */
export interface PreviewState {
  /** The last answer for the current definition; `undefined` while none or after an error. */
  readonly preview: PreviewResponse | undefined
  /** True from a change until its answer (including the debounce wait). */
  readonly loading: boolean
  readonly error: unknown
  readonly refresh: () => void
}

/**
 * Previews a definition with real rows (`client.preview`). Changes are debounced; a request
 * still in flight when the definition changes (or the component unmounts) is aborted through
 * its `AbortSignal`. Pass `undefined` to preview nothing.
 */
export function usePreview(
  definition: ReportDefinition | ReportDefinitionInput | undefined,
  options: PreviewOptions = {},
): PreviewState {
  const { client } = useReportwright()
  const limit = options.limit ?? 50
  const debounceMs = options.debounceMs ?? 300
  // The JSON text is the identity: a new object with the same content does not reload.
  const key = definition === undefined ? '' : JSON.stringify(definition)
  const [generation, setGeneration] = useState(0)
  const [state, setState] = useState<Omit<PreviewState, 'refresh'>>({
    preview: undefined,
    loading: key !== '',
    error: undefined,
  })

  useEffect(() => {
    if (key === '') {
      setState({ preview: undefined, loading: false, error: undefined })
      return
    }
    const controller = new AbortController()
    setState((previous) => ({ ...previous, loading: true }))
    const timer = setTimeout(() => {
      const parsed = JSON.parse(key) as ReportDefinitionInput
      client.preview(parsed, { limit, signal: controller.signal }).then(
        (preview) => {
          if (!controller.signal.aborted) setState({ preview, loading: false, error: undefined })
        },
        (error: unknown) => {
          if (controller.signal.aborted || isCancelled(error)) return
          setState({ preview: undefined, loading: false, error })
        },
      )
    }, debounceMs)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [client, key, limit, debounceMs, generation])

  const refresh = useCallback(() => setGeneration((value) => value + 1), [])
  return { ...state, refresh }
}
