import type { Aggregation } from '@reportwright/core/model'
import type { SampleValue } from './sample-rows'

/** Aggregates the values of one group the way SQL does: nulls are ignored, empty sum is null. */
export function aggregateValues(
  aggregation: Aggregation,
  values: readonly SampleValue[],
): SampleValue {
  const present = values.filter((value) => value !== null)
  switch (aggregation) {
    case 'count':
      return present.length
    case 'count_distinct':
      return new Set(present.map((value) => String(value))).size
    case 'sum':
      return present.length === 0 ? null : present.reduce<number>((sum, v) => sum + Number(v), 0)
    case 'avg':
      return present.length === 0
        ? null
        : present.reduce<number>((sum, v) => sum + Number(v), 0) / present.length
    case 'min':
    case 'max': {
      if (present.length === 0) return null
      const numeric = present.every((value) => typeof value === 'number')
      const sorted = [...present].sort((a, b) =>
        numeric ? Number(a) - Number(b) : String(a).localeCompare(String(b)),
      )
      return (aggregation === 'min' ? sorted[0] : sorted.at(-1)) ?? null
    }
  }
}
