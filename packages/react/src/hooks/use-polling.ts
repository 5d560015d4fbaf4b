import { useEffect, useRef } from 'react'

/**
 * Calls `tick` every `intervalMs` while `active` is true, one call at a time (the next wait
 * starts when a tick settles). Stops when `active` turns false and on unmount.
 */
export function usePolling(
  active: boolean,
  intervalMs: number,
  tick: (signal: AbortSignal) => Promise<void>,
): void {
  const tickRef = useRef(tick)
  tickRef.current = tick
  useEffect(() => {
    if (!active) return
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    const schedule = () => {
      timer = setTimeout(() => {
        tickRef
          .current(controller.signal)
          .catch(() => undefined)
          .finally(() => {
            if (!controller.signal.aborted) schedule()
          })
      }, intervalMs)
    }
    schedule()
    return () => {
      controller.abort()
      clearTimeout(timer)
    }
  }, [active, intervalMs])
}
