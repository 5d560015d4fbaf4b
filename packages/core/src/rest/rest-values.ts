import type { ColumnType } from '../catalog/column-type'
import { canonicalDatetime, canonicalDecimal, decodeValue } from '../source/decode-value'
import type { RowValue } from '../source/row'

const INTEGER_TEXT = /^[+-]?\d+$/
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/
const DATETIME_TEXT =
  /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i
const BOOLEAN_TEXT = new Map([
  ['true', true],
  ['t', true],
  ['1', true],
  ['false', false],
  ['f', false],
  ['0', false],
])

/**
 * Reads one JSON value as a column of `type`, giving the same {@link RowValue} the SQL sources
 * yield (decimals canonical text, datetimes ISO UTC…). Returns `undefined` when the value does
 * not fit the type, so the caller can fail with the column's name.
 */
export function readJsonValue(raw: unknown, type: ColumnType): RowValue | undefined {
  if (raw === null || raw === undefined) return null
  switch (type) {
    case 'integer':
      if (typeof raw === 'number') {
        if (!Number.isInteger(raw)) return undefined
        // Beyond 2^53 integers are exact only as text, as the SQL sources deliver them.
        return Number.isSafeInteger(raw) ? raw : canonicalDecimal(raw)
      }
      if (typeof raw === 'string' && INTEGER_TEXT.test(raw.trim())) return decodeValue(raw, type)
      return undefined
    case 'number':
    case 'currency':
    case 'percent':
      if (typeof raw === 'number') return Number.isFinite(raw) ? canonicalDecimal(raw) : undefined
      if (typeof raw === 'string' && DECIMAL_TEXT.test(raw.trim())) return canonicalDecimal(raw)
      return undefined
    case 'date':
      return typeof raw === 'string' && DATE_PREFIX.test(raw) ? raw.slice(0, 10) : undefined
    case 'datetime':
      return typeof raw === 'string' && DATETIME_TEXT.test(raw.trim())
        ? canonicalDatetime(raw)
        : undefined
    case 'boolean':
      if (typeof raw === 'boolean') return raw
      if (raw === 0 || raw === 1) return raw === 1
      return typeof raw === 'string' ? BOOLEAN_TEXT.get(raw.trim().toLowerCase()) : undefined
    case 'string':
      if (typeof raw === 'string') return raw
      if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw)
      return undefined
  }
}

/** An exact decimal: `units / 10^scale`. */
export interface ScaledDecimal {
  readonly units: bigint
  readonly scale: number
}

/** Parses canonical decimal text (as {@link canonicalDecimal} writes it) exactly. */
export function parseDecimal(text: string): ScaledDecimal {
  const negative = text.startsWith('-')
  const body = negative ? text.slice(1) : text
  const dot = body.indexOf('.')
  const whole = dot < 0 ? body : body.slice(0, dot)
  const fraction = dot < 0 ? '' : body.slice(dot + 1)
  const units = BigInt(`${whole || '0'}${fraction}`)
  return { units: negative ? -units : units, scale: fraction.length }
}

/** `value` at a larger (or equal) scale. */
export function rescale(value: ScaledDecimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale)
}

/** Canonical decimal text of `units / 10^scale`. */
export function formatDecimal(units: bigint, scale: number): string {
  if (scale === 0) return units.toString()
  const negative = units < 0n
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0')
  const text = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`
  return canonicalDecimal(negative ? `-${text}` : text)
}

function compareDecimalText(a: string, b: string): number {
  const x = parseDecimal(a)
  const y = parseDecimal(b)
  const scale = Math.max(x.scale, y.scale)
  const left = rescale(x, scale)
  const right = rescale(y, scale)
  return left < right ? -1 : left > right ? 1 : 0
}

// UTF-16 order differs from code point (= UTF-8 byte) order only between surrogates and
// U+E000–U+FFFF: shifting both ranges makes plain code unit comparison byte-wise.
function fixUp(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800
  if (unit >= 0xd800) return unit + 0x2000
  return unit
}

/** Byte-wise (UTF-8) order of two strings, like a binary collation. */
export function compareText(a: string, b: string): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return fixUp(x) - fixUp(y)
  }
  return a.length - b.length
}

/** Order of two non-null values of one type, as SQL compares them. */
export function compareValues(a: RowValue, b: RowValue, type: ColumnType): number {
  switch (type) {
    case 'integer':
      // Integers beyond 2^53 arrive as decimal text.
      if (typeof a === 'number' && typeof b === 'number') return a - b
      return compareDecimalText(String(a), String(b))
    case 'number':
    case 'currency':
    case 'percent':
      return compareDecimalText(String(a), String(b))
    case 'boolean':
      return Number(a) - Number(b)
    case 'date':
    case 'datetime':
    case 'string':
      return compareText(String(a), String(b))
  }
}

/**
 * The sort order of SQL's `ORDER BY x ASC NULLS LAST` / `DESC NULLS FIRST` (PostgreSQL's
 * default): empty values after the others ascending, before them descending.
 */
export function compareForSort(
  a: RowValue,
  b: RowValue,
  type: ColumnType,
  direction: 'asc' | 'desc',
): number {
  if (a === null || b === null) {
    if (a === b) return 0
    const nullFirst = a === null ? 1 : -1
    return direction === 'asc' ? nullFirst : -nullFirst
  }
  const order = compareValues(a, b, type)
  return direction === 'asc' ? order : -order
}

/** A key that is equal for values SQL considers equal (decimals and datetimes canonical). */
export function valueKey(value: RowValue): string {
  return value === null ? '\u0000null' : `${typeof value}:${String(value)}`
}

function divideHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n
  const n = numerator < 0n ? -numerator : numerator
  const d = denominator < 0n ? -denominator : denominator
  let quotient = n / d
  if ((n % d) * 2n >= d) quotient += 1n
  return negative ? -quotient : quotient
}

/** Weight (base-10000 digit position) and first base-10000 digit of a decimal, as PostgreSQL keeps it. */
function numericWeight(value: ScaledDecimal): { weight: number; first: bigint } {
  const units = value.units < 0n ? -value.units : value.units
  if (units === 0n) return { weight: 0, first: 0n }
  // Decimal exponent of the leading digit.
  const exponent = units.toString().length - 1 - value.scale
  const weight = Math.floor(exponent / 4)
  const shift = weight * 4 - -value.scale
  const first = shift >= 0 ? units / 10n ** BigInt(shift) : units * 10n ** BigInt(-shift)
  return { weight, first }
}

/**
 * `round(avg(x)::numeric, 6)` exactly as PostgreSQL computes it: the sum divided by the count at
 * the division scale PostgreSQL selects (16 significant digits, at least the sum's scale), then
 * rounded to 6 decimals; both roundings half away from zero.
 */
export function averageText(sum: ScaledDecimal, count: number): string {
  const divisor: ScaledDecimal = { units: BigInt(count), scale: 0 }
  const a = numericWeight(sum)
  const b = numericWeight(divisor)
  let quotientWeight = a.weight - b.weight
  if (a.first <= b.first) quotientWeight--
  const divisionScale = Math.min(Math.max(16 - quotientWeight * 4, sum.scale, 0), 1000)
  const quotient = divideHalfAwayFromZero(
    sum.units * 10n ** BigInt(divisionScale),
    BigInt(count) * 10n ** BigInt(sum.scale),
  )
  if (divisionScale <= 6) return formatDecimal(quotient, divisionScale)
  return formatDecimal(divideHalfAwayFromZero(quotient, 10n ** BigInt(divisionScale - 6)), 6)
}

/** `lower()` of PostgreSQL and SQLite under a binary collation: ASCII letters only. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase())
}

/** A matcher for a LIKE pattern with `!` as the escape character (`%` any run, `_` one character). */
export function likeMatcher(pattern: string): (text: string) => boolean {
  let source = ''
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string
    if (char === '!' && i + 1 < pattern.length) {
      source += escapeRegExp(pattern[++i] as string)
    } else if (char === '%') source += '.*'
    else if (char === '_') source += '.'
    else source += escapeRegExp(char)
  }
  const regex = new RegExp(`^${source}$`, 'su')
  return (text) => regex.test(text)
}

function escapeRegExp(char: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(char) ? `\\${char}` : char
}
