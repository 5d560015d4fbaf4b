import type { ColumnType } from '@reportwright/core/model'
import type { SampleValue } from './sample-rows'

/** Canonical decimal text as the server sends decimals: no exponent, no trailing zeros. */
export function decimalText(value: number): string {
  const text = value.toFixed(6).replace(/\.?0+$/, '')
  return text === '-0' ? '0' : text
}

/**
 * A value as the API delivers it: decimals (`number`, `currency`, `percent`) as exact strings,
 * integers as numbers, dates as `YYYY-MM-DD`, datetimes as ISO strings.
 */
export function encodeValue(value: SampleValue, type: ColumnType): SampleValue {
  if (value === null) return null
  switch (type) {
    case 'number':
    case 'currency':
    case 'percent':
      return decimalText(Number(value))
    case 'integer':
      return Math.round(Number(value))
    case 'date':
      return String(value).slice(0, 10)
    case 'datetime':
      return new Date(String(value)).toISOString()
    case 'boolean':
      return Boolean(value)
    case 'string':
      return String(value)
  }
}
