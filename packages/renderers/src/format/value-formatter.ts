import type { ColumnType, OutputColumn, RowValue } from '@reportwright/core'

/** Options of {@link createValueFormatter}. */
export interface ValueFormatterOptions {
  /** Intl locale of numbers, dates and month names. Defaults to `en-US`. */
  readonly locale?: string
  /** IANA zone in which datetimes are shown. Defaults to `UTC`. */
  readonly timezone?: string
  /**
   * ISO 4217 code for `currency` columns that carry no `format`. Defaults to none: such
   * columns show as numbers with two decimals, since the catalog did not say which currency.
   */
  readonly currency?: string
}

/** Formats row values for people; every renderer uses the same one. */
export interface ValueFormatter {
  readonly locale: string
  readonly timezone: string
  /** The value as a person reads it: `$1,234.50`, `12.5%`, `Mar 31, 2024`, `Yes`; `''` for null. */
  format(value: RowValue | undefined, column: OutputColumn): string
  /** An instant in the report's zone with its zone name, e.g. `Nov 23, 2026, 11:08 AM UTC`. */
  formatInstant(instant: Date): string
}

/** A number pattern such as `$#,##0.00`, `0.0%` or `#,##0 "pcs"`, taken apart. */
export interface NumberPattern {
  readonly prefix: string
  readonly suffix: string
  readonly decimals: number
  readonly grouping: boolean
  readonly percent: boolean
}

const NUMBER_PATTERN = /^([^#0.,%]*?)([#0,]+)(?:\.([0#]+))?(%?)(.*)$/

/** Parses an Excel-style number pattern; `undefined` when the format is not one. */
export function parseNumberPattern(format: string): NumberPattern | undefined {
  const match = NUMBER_PATTERN.exec(format.trim())
  if (!match) return undefined
  const [, prefix = '', integer = '', decimals = '', percent = '', suffix = ''] = match
  return {
    prefix: unquote(prefix),
    suffix: unquote(suffix),
    decimals: decimals.length,
    grouping: integer.includes(','),
    percent: percent === '%' || suffix.includes('%'),
  }
}

/** Whether a column holds numbers (and should be right-aligned). */
export function isNumericType(type: ColumnType): boolean {
  return type === 'number' || type === 'integer' || type === 'currency' || type === 'percent'
}

const DATE_TOKENS = /YYYY|YY|MMMM|MMM|MM|M|DD|D|HH|H|hh|h|mm|ss|A|a/g

/** Creates the one formatter a report uses, caching Intl objects per column. */
export function createValueFormatter({
  locale = 'en-US',
  timezone = 'UTC',
  currency,
}: ValueFormatterOptions = {}): ValueFormatter {
  const cache = new Map<string, (value: RowValue) => string>()
  const instantFormat = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: timezone,
  })
  const instantZone = new Intl.DateTimeFormat(locale, { timeZone: timezone, timeZoneName: 'short' })

  const compile = (column: OutputColumn): ((value: RowValue) => string) => {
    switch (column.type) {
      case 'integer':
      case 'number':
      case 'currency':
      case 'percent':
        return numberFormatter(column, { locale, currency })
      case 'date':
        return dateFormatter(column, locale)
      case 'datetime':
        return datetimeFormatter(column, { locale, timezone })
      case 'boolean':
        return (value) => (value === true || value === 'true' ? 'Yes' : 'No')
      case 'string':
        return (value) => String(value)
    }
  }

  return {
    locale,
    timezone,
    format(value, column) {
      if (value === null || value === undefined) return ''
      const key = `${column.key}\u0000${column.type}\u0000${column.format ?? ''}\u0000${column.bucket ?? ''}`
      let formatter = cache.get(key)
      if (!formatter) {
        formatter = compile(column)
        cache.set(key, formatter)
      }
      return formatter(value)
    },
    formatInstant(instant) {
      const zone = instantZone
        .formatToParts(instant)
        .find((part) => part.type === 'timeZoneName')?.value
      return `${instantFormat.format(instant)}${zone ? ` ${zone}` : ''}`
    },
  }
}

/** Intl accepts exact decimal strings (NumberFormat v3); lib typings lag behind. */
type DecimalFormat = (value: number | string) => string

function numberFormatter(
  column: OutputColumn,
  { locale, currency }: { locale: string; currency: string | undefined },
): (value: RowValue) => string {
  const pattern = column.format ? parseNumberPattern(column.format) : undefined
  let format: DecimalFormat
  let prefix = ''
  let suffix = ''
  if (pattern) {
    prefix = pattern.prefix
    suffix = pattern.suffix.replace('%', '')
    const intl = new Intl.NumberFormat(locale, {
      style: pattern.percent ? 'percent' : 'decimal',
      minimumFractionDigits: pattern.decimals,
      maximumFractionDigits: pattern.decimals,
      useGrouping: pattern.grouping,
    })
    format = intl.format.bind(intl) as DecimalFormat
  } else if (column.type === 'currency' && currency) {
    const intl = new Intl.NumberFormat(locale, { style: 'currency', currency })
    format = intl.format.bind(intl) as DecimalFormat
  } else if (column.type === 'currency') {
    const intl = new Intl.NumberFormat(locale, {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    })
    format = intl.format.bind(intl) as DecimalFormat
  } else if (column.type === 'percent') {
    const intl = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })
    format = intl.format.bind(intl) as DecimalFormat
  } else if (column.type === 'integer') {
    const intl = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })
    format = intl.format.bind(intl) as DecimalFormat
  } else {
    const intl = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 })
    format = intl.format.bind(intl) as DecimalFormat
  }
  return (value) => {
    const numeric = typeof value === 'number' ? value : String(value)
    if (typeof numeric === 'string' && !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(numeric)) return numeric
    const text = format(numeric)
    // Put the sign before a literal prefix: -$5.00, not $-5.00.
    if (prefix && text.startsWith('-')) return `-${prefix}${text.slice(1)}${suffix}`
    return `${prefix}${text}${suffix}`
  }
}

function dateFormatter(column: OutputColumn, locale: string): (value: RowValue) => string {
  const utc = { timeZone: 'UTC' } as const
  if (column.bucket) {
    const month = new Intl.DateTimeFormat(locale, { ...utc, month: 'short', year: 'numeric' })
    const day = new Intl.DateTimeFormat(locale, { ...utc, dateStyle: 'medium' })
    const bucket = column.bucket
    return (value) => {
      const date = parseDate(String(value))
      if (!date) return String(value)
      switch (bucket) {
        case 'year':
          return String(date.getUTCFullYear())
        case 'quarter':
          return `Q${Math.floor(date.getUTCMonth() / 3) + 1} ${date.getUTCFullYear()}`
        case 'month':
          return month.format(date)
        case 'week':
          return `Week of ${day.format(date)}`
        case 'day':
          return day.format(date)
      }
    }
  }
  if (column.format && /[YMD]/.test(column.format)) {
    const pattern = column.format
    return (value) => {
      const date = parseDate(String(value))
      return date ? applyDatePattern(pattern, partsOf(date, 'UTC', locale)) : String(value)
    }
  }
  const medium = new Intl.DateTimeFormat(locale, { ...utc, dateStyle: 'medium' })
  return (value) => {
    const date = parseDate(String(value))
    return date ? medium.format(date) : String(value)
  }
}

function datetimeFormatter(
  column: OutputColumn,
  { locale, timezone }: { locale: string; timezone: string },
): (value: RowValue) => string {
  if (column.format && /[YMDHhms]/.test(column.format)) {
    const pattern = column.format
    return (value) => {
      const date = new Date(String(value))
      return Number.isNaN(date.getTime())
        ? String(value)
        : applyDatePattern(pattern, partsOf(date, timezone, locale))
    }
  }
  const medium = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: timezone,
  })
  return (value) => {
    const date = new Date(String(value))
    return Number.isNaN(date.getTime()) ? String(value) : medium.format(date)
  }
}

/** `YYYY-MM-DD` (or a longer ISO string) as a UTC midnight `Date`. */
export function parseDate(value: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value)
  if (!match) return undefined
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
}

interface DateParts {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly monthShort: string
  readonly monthLong: string
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>()

/** Calendar fields of an instant in a zone. */
export function partsOf(date: Date, timezone: string, locale = 'en-US'): DateParts {
  const key = `${timezone}\u0000${locale}`
  let formatter = partsFormatters.get(key)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    partsFormatters.set(key, formatter)
  }
  const parts: Record<string, number> = {}
  for (const part of formatter.formatToParts(date))
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    monthShort: date.toLocaleString(locale, { timeZone: timezone, month: 'short' }),
    monthLong: date.toLocaleString(locale, { timeZone: timezone, month: 'long' }),
  }
}

function applyDatePattern(pattern: string, parts: DateParts): string {
  const pad = (value: number): string => String(value).padStart(2, '0')
  return pattern.replace(DATE_TOKENS, (token) => {
    switch (token) {
      case 'YYYY':
        return String(parts.year)
      case 'YY':
        return pad(parts.year % 100)
      case 'MMMM':
        return parts.monthLong
      case 'MMM':
        return parts.monthShort
      case 'MM':
        return pad(parts.month)
      case 'M':
        return String(parts.month)
      case 'DD':
        return pad(parts.day)
      case 'D':
        return String(parts.day)
      case 'HH':
        return pad(parts.hour)
      case 'H':
        return String(parts.hour)
      case 'hh':
        return pad(parts.hour % 12 || 12)
      case 'h':
        return String(parts.hour % 12 || 12)
      case 'mm':
        return pad(parts.minute)
      case 'ss':
        return pad(parts.second)
      default:
        return parts.hour < 12 ? 'AM' : 'PM'
    }
  })
}

function unquote(text: string): string {
  return text.replace(/"([^"]*)"/g, '$1').replace(/\\(.)/g, '$1')
}

/** The formatter for one report: its locale and time zone, defaults otherwise. */
export function formatterFor(input: {
  readonly locale?: string
  readonly timezone?: string
}): ValueFormatter {
  return createValueFormatter({
    ...(input.locale ? { locale: input.locale } : {}),
    ...(input.timezone ? { timezone: input.timezone } : {}),
  })
}
