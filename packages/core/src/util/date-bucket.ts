import type { DateBucket } from '../model/field'
import { canonicalDatetime } from '../source/decode-value'
import { addDays, formatIsoDate, isoWeekday, zonedParts } from './time-zone'

/**
 * The first day (`YYYY-MM-DD`) of the bucket holding `value`, in `timeZone` for datetimes.
 * What SQL engines without time zones (SQLite, JSON sources) use in place of SQL.
 */
export function dateBucketStart(
  value: string | Date | null | undefined,
  bucket: DateBucket,
  timeZone: string,
  type: 'date' | 'datetime',
): string | null {
  if (value === null || value === undefined || value === '') return null
  let date: { year: number; month: number; day: number }
  if (type === 'datetime') {
    const instant = new Date(canonicalDatetime(value))
    if (Number.isNaN(instant.getTime())) return null
    const p = zonedParts(instant, timeZone)
    date = { year: p.year, month: p.month, day: p.day }
  } else {
    const text = value instanceof Date ? value.toISOString() : value
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text)
    if (!m) return null
    date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }
  }
  switch (bucket) {
    case 'day':
      break
    case 'week':
      date = addDays(date, -isoWeekday(date))
      break
    case 'month':
      date = { ...date, day: 1 }
      break
    case 'quarter':
      date = { year: date.year, month: Math.floor((date.month - 1) / 3) * 3 + 1, day: 1 }
      break
    case 'year':
      date = { year: date.year, month: 1, day: 1 }
      break
  }
  return formatIsoDate(date.year, date.month, date.day)
}
