import type { PreviewResponse } from '@reportwright/core/client'
import type { ReportwrightContextValue } from '../provider/reportwright-context'

/** One output column of a preview. */
export type PreviewColumn = PreviewResponse['columns'][number]
/** One cell value of a preview. */
export type PreviewValue = PreviewResponse['rows'][number][string]

type Formatting = Pick<ReportwrightContextValue, 'formatNumber' | 'formatDateTime' | 't'>

const CURRENCY_BY_SYMBOL: Readonly<Record<string, string>> = {
  $: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₹': 'INR',
  CHF: 'CHF',
}

/** The ISO currency a display format such as `$#,##0.00` or `#,##0.00 €` names, if any. */
export function currencyOfFormat(format: string | undefined): string | undefined {
  if (!format) return undefined
  const symbol = Object.keys(CURRENCY_BY_SYMBOL).find((candidate) => format.includes(candidate))
  return symbol ? CURRENCY_BY_SYMBOL[symbol] : undefined
}

function decimalsOfFormat(format: string | undefined): number | undefined {
  const match = format ? /0\.(0+)/.exec(format) : null
  return match?.[1]?.length
}

/** Whether a column holds numbers (right-aligned, tabular digits). */
export const isNumericColumn = (column: PreviewColumn): boolean =>
  column.type === 'number' ||
  column.type === 'integer' ||
  column.type === 'currency' ||
  column.type === 'percent'

function formatDate(value: string, column: PreviewColumn, formatting: Formatting): string {
  const date = new Date(`${value.slice(0, 10)}T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return value
  const utc = { timeZone: 'UTC' } as const
  switch (column.bucket) {
    case 'month':
      return formatting.formatDateTime(date, { ...utc, year: 'numeric', month: 'long' })
    case 'quarter':
      return formatting.t('preview.quarter', {
        quarter: Math.floor(date.getUTCMonth() / 3) + 1,
        year: date.getUTCFullYear(),
      })
    case 'year':
      return formatting.formatDateTime(date, { ...utc, year: 'numeric' })
    case 'week':
      return formatting.t('preview.weekOf', {
        date: formatting.formatDateTime(date, { ...utc, dateStyle: 'medium' }),
      })
    default:
      return formatting.formatDateTime(date, { ...utc, dateStyle: 'medium' })
  }
}

/**
 * A preview value as people read it, in the provider's locale: currencies with their symbol,
 * percentages, grouped numbers, dates (buckets as month, quarter or year), yes/no.
 */
export function formatCell(
  value: PreviewValue | undefined,
  column: PreviewColumn,
  formatting: Formatting,
): string {
  if (value === null || value === undefined) return ''
  switch (column.type) {
    case 'currency': {
      const number = Number(value)
      const currency = currencyOfFormat(column.format)
      return currency
        ? formatting.formatNumber(number, { style: 'currency', currency })
        : formatting.formatNumber(number, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    }
    case 'percent': {
      const decimals = decimalsOfFormat(column.format) ?? 1
      return formatting.formatNumber(Number(value), {
        style: 'percent',
        maximumFractionDigits: decimals,
        minimumFractionDigits: column.format ? decimals : 0,
      })
    }
    case 'integer':
      return formatting.formatNumber(Number(value), { maximumFractionDigits: 0 })
    case 'number': {
      const decimals = decimalsOfFormat(column.format)
      return formatting.formatNumber(Number(value), {
        maximumFractionDigits: decimals ?? 2,
        ...(decimals !== undefined ? { minimumFractionDigits: decimals } : {}),
      })
    }
    case 'date':
      return formatDate(String(value), column, formatting)
    case 'datetime':
      return formatting.formatDateTime(String(value))
    case 'boolean':
      return formatting.t(value === true || value === 'true' ? 'preview.yes' : 'preview.no')
    case 'string':
      return String(value)
  }
}
