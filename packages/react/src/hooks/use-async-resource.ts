import { useCallback, useEffect, useRef, useState } from 'react'
import { isCancelled } from './is-cancelled'

/** The state of one request: the last data, the last error and whether one is in flight. */
export interface AsyncResource<TData> {
  readonly data: TData | undefined
  /** The error of the last request, `undefined` after a success. */
  readonly error: unknown
  readonly loading: boolean
  /** Loads again (e.g. a "try again" button). */
  readonly reload: () => void
}

/**
 * Runs `load` after mount and whenever one of `deps` changes (compared like effect
 * dependencies; keep their number fixed), aborting the request it replaces. Keeps the previous
 * data while a new request runs. Nothing runs during server rendering.
 */
export function useAsyncResource<TData>(
  load: (signal: AbortSignal) => Promise<TData>,
  deps: readonly unknown[],
): AsyncResource<TData> {
  const loadRef = useRef(load)
  loadRef.current = load
  const [generation, setGeneration] = useState(0)
  const [state, setState] = useState<Omit<AsyncResource<TData>, 'reload'>>({
    data: undefined,
    error: undefined,
    loading: true,
  })
  useEffect(() => {
    const controller = new AbortController()
    setState((previous) => ({ ...previous, loading: true }))
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: undefined, loading: false })
      },
      (error: unknown) => {
        if (controller.signal.aborted || isCancelled(error)) return
        setState((previous) => ({ data: previous.data, error, loading: false }))
      },
    )
    return () => controller.abort()
    // The caller's deps decide when to load again; `load` itself is read through a ref.
  }, [...deps, generation])
  const reload = useCallback(() => setGeneration((value) => value + 1), [])
  return { ...state, reload }
}
