import { useEffect, useState } from 'react'
import type * as chartModule from '@reportwright/renderers/chart'

/** The SVG chart renderer of `@reportwright/renderers/chart`. */
export type ChartRenderer = typeof chartModule

let loading: Promise<ChartRenderer> | undefined
let loaded: ChartRenderer | undefined

/**
 * The chart renderer, loaded on first use: only reports with a chart need it, so pages that
 * embed the builder do not carry it up front. `undefined` while loading (and during server
 * rendering), `false` when it could not be loaded.
 */
export function useChartRenderer(): ChartRenderer | false | undefined {
  const [renderer, setRenderer] = useState<ChartRenderer | false | undefined>(loaded)
  useEffect(() => {
    if (renderer !== undefined) return
    let live = true
    loading ??= import('@reportwright/renderers/chart').then((module) => (loaded = module))
    loading.then(
      (module) => {
        if (live) setRenderer(module)
      },
      () => {
        // A failed chunk load may succeed on a later attempt.
        loading = undefined
        if (live) setRenderer(false)
      },
    )
    return () => {
      live = false
    }
  }, [renderer])
  return renderer
}
