import { useEffect, useRef, type RefObject } from 'react'

/** `true` while the component is mounted: async results that arrive later are dropped. */
export function useMountedRef(): RefObject<boolean> {
  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])
  return mounted
}
