import type { ColumnType } from '../catalog/column-type'
import type { OutputColumn } from './output-column'
import type { Row, RowValue } from './row'
import { SUBTOTAL_LEVEL_KEY } from './row'

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/
// What drivers send most of the time; checking it first skips the general parse.
const CANONICAL_DECIMAL = /^(?:-?[1-9]\d*(?:\.\d*[1-9])?|0(?:\.\d*[1-9])?|-0\.\d*[1-9])$/
// `2024-01-01 10:11:12+00` (PostgreSQL in a UTC session) or `2024-01-01 10:11:12` (MySQL, UTC).
const UTC_SECONDS = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\+00|Z)?$/
const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i

/** Canonical decimal text: no exponent, no trailing zeros, no `-0`. Numbers keep 6 decimals at most. */
export function canonicalDecimal(value: string | number | bigint): string {
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value)
    return canonicalDecimal(value.toFixed(Math.abs(value) >= 1e15 ? 0 : 6))
  }
  if (CANONICAL_DECIMAL.test(value)) return value
  const match = DECIMAL.exec(value.trim())
  if (!match) return value.trim()
  const [, sign, whole = '', fraction = '', exponent] = match
  if (exponent !== undefined) return canonicalDecimal(Number(value))
  const intPart = whole.replace(/^0+(?=\d)/, '') || '0'
  const fracPart = fraction.replace(/0+$/, '')
  const text = fracPart ? `${intPart}.${fracPart}` : intPart
  return sign === '-' && text !== '0' ? `-${text}` : text
}

/** ISO-8601 UTC text of a datetime the driver returned as text or Date. Text without an offset is UTC. */
export function canonicalDatetime(value: string | Date): string {
  if (value instanceof Date) return value.toISOString()
  const utc = UTC_SECONDS.exec(value)
  if (utc) return `${utc[1]}T${utc[2]}.000Z`
  const match = DATETIME.exec(value.trim())
  if (!match) return value
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = match
  const ms = Number((frac + '000').slice(0, 3))
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms)
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')
    t -= sign * offset * 60_000
  }
  return new Date(t).toISOString()
}

/** `YYYY-MM-DD` of a date the driver returned as text or Date. */
export function canonicalDate(value: string | Date): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  return value.trim().slice(0, 10)
}

/** Converts one raw driver value to the documented {@link RowValue} of `type`. */
export function decodeValue(raw: unknown, type: ColumnType): RowValue {
  if (raw === null || raw === undefined) return null
  switch (type) {
    case 'integer': {
      if (typeof raw === 'number') return raw
      const n = Number(typeof raw === 'bigint' ? raw : String(raw))
      return Number.isSafeInteger(n) ? n : canonicalDecimal(String(raw))
    }
    case 'number':
    case 'currency':
    case 'percent':
      return typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'bigint'
        ? canonicalDecimal(raw)
        : canonicalDecimal(String(raw))
    case 'date':
      return raw instanceof Date || typeof raw === 'string' ? canonicalDate(raw) : String(raw)
    case 'datetime':
      return raw instanceof Date || typeof raw === 'string' ? canonicalDatetime(raw) : String(raw)
    case 'boolean':
      if (typeof raw === 'boolean') return raw
      if (typeof raw === 'number' || typeof raw === 'bigint') return Number(raw) !== 0
      return ['t', 'true', '1', 'yes', 'y', 'on'].includes(String(raw).toLowerCase())
    case 'string':
      if (typeof raw === 'string') return raw
      if (raw instanceof Date) return raw.toISOString()
      if (Buffer.isBuffer(raw)) return raw.toString('utf8')
      return String(raw)
  }
}

/**
 * Makes a function that turns a raw row array (columns in output order, then the level
 * column when `hasLevelColumn`) into a {@link Row}. Every source uses it, so all engines
 * yield identical values.
 */
export function createRowDecoder(
  columns: readonly OutputColumn[],
  hasLevelColumn: boolean,
): (raw: readonly unknown[]) => Row {
  const keys = columns.map((column) => column.key)
  const types = columns.map((column) => column.type)
  const count = keys.length
  return (raw) => {
    const row: Record<string, RowValue> = {}
    for (let i = 0; i < count; i++)
      row[keys[i] as string] = decodeValue(raw[i], types[i] as ColumnType)
    if (hasLevelColumn) {
      const level = Number(raw[count] ?? 0)
      if (level > 0) row[SUBTOTAL_LEVEL_KEY] = level
    }
    return row
  }
}
