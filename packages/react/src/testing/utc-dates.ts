import type { DateBucket, RelativeDateUnit } from '@reportwright/core/model'

// The memory client evaluates dates in UTC; the server uses the request's time zone.

interface CalendarDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

const toCalendar = (date: Date): CalendarDate => ({
  year: date.getUTCFullYear(),
  month: date.getUTCMonth() + 1,
  day: date.getUTCDate(),
})

const fromCalendar = (date: CalendarDate): Date =>
  new Date(Date.UTC(date.year, date.month - 1, date.day))

/** `YYYY-MM-DD` of a UTC instant. */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10)

function startOf(date: CalendarDate, unit: RelativeDateUnit | DateBucket): CalendarDate {
  switch (unit) {
    case 'day':
      return date
    case 'week': {
      // Weeks start on Monday.
      const weekday = (fromCalendar(date).getUTCDay() + 6) % 7
      return toCalendar(new Date(fromCalendar(date).getTime() - weekday * 86_400_000))
    }
    case 'month':
      return { ...date, day: 1 }
    case 'quarter':
      return { year: date.year, month: Math.floor((date.month - 1) / 3) * 3 + 1, day: 1 }
    case 'year':
      return { year: date.year, month: 1, day: 1 }
  }
}

function add(date: CalendarDate, unit: RelativeDateUnit, amount: number): CalendarDate {
  if (unit === 'day' || unit === 'week') {
    const days = unit === 'week' ? amount * 7 : amount
    return toCalendar(new Date(fromCalendar(date).getTime() + days * 86_400_000))
  }
  const months = unit === 'month' ? amount : unit === 'quarter' ? amount * 3 : amount * 12
  const index = date.year * 12 + (date.month - 1) + months
  return { year: Math.floor(index / 12), month: (index % 12) + 1, day: date.day }
}

/** The first day (`YYYY-MM-DD`) of the bucket holding a date or datetime value. */
export function bucketStart(value: string, bucket: DateBucket): string {
  return isoDay(fromCalendar(startOf(toCalendar(new Date(value)), bucket)))
}

/** A relative date filter as a half-open UTC range `[start, end)`, as the server defines it. */
export function relativeRange(
  operator: 'in_last' | 'this' | 'previous',
  value: { readonly unit: RelativeDateUnit; readonly amount?: number },
  now: Date,
): { readonly start: Date; readonly end: Date } {
  const current = startOf(toCalendar(now), value.unit)
  const next = add(current, value.unit, 1)
  if (operator === 'this') return { start: fromCalendar(current), end: fromCalendar(next) }
  if (operator === 'previous')
    return { start: fromCalendar(add(current, value.unit, -1)), end: fromCalendar(current) }
  const from = add(current, value.unit, -((value.amount ?? 1) - 1))
  return { start: fromCalendar(from), end: fromCalendar(next) }
}
