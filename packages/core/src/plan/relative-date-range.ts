import type { RelativeDateUnit } from '../model/filter'
import {
  addDays,
  addMonths,
  formatIsoDate,
  isoWeekday,
  zonedParts,
  zonedTimeToUtc,
} from '../util/time-zone'

type CalendarDate = { year: number; month: number; day: number }

/** A half-open range `[start, end)` as local dates and as UTC instants. */
export interface DateRange {
  readonly startDate: string
  readonly endDate: string
  readonly start: Date
  readonly end: Date
}

function startOfUnit(date: CalendarDate, unit: RelativeDateUnit): CalendarDate {
  switch (unit) {
    case 'day':
      return date
    case 'week':
      return addDays(date, -isoWeekday(date))
    case 'month':
      return { ...date, day: 1 }
    case 'quarter':
      return { year: date.year, month: Math.floor((date.month - 1) / 3) * 3 + 1, day: 1 }
    case 'year':
      return { year: date.year, month: 1, day: 1 }
  }
}

function addUnits(date: CalendarDate, unit: RelativeDateUnit, amount: number): CalendarDate {
  switch (unit) {
    case 'day':
      return addDays(date, amount)
    case 'week':
      return addDays(date, amount * 7)
    case 'month':
      return addMonths(date, amount)
    case 'quarter':
      return addMonths(date, amount * 3)
    case 'year':
      return addMonths(date, amount * 12)
  }
}

function toRange(start: CalendarDate, end: CalendarDate, timeZone: string): DateRange {
  return {
    startDate: formatIsoDate(start.year, start.month, start.day),
    endDate: formatIsoDate(end.year, end.month, end.day),
    start: zonedTimeToUtc(start, timeZone),
    end: zonedTimeToUtc(end, timeZone),
  }
}

/**
 * Resolves a relative date filter in `timeZone` at `now`:
 * - `this {unit}`: the current unit (this month = first of this month up to the first of next);
 * - `previous {unit}`: the whole unit before the current one;
 * - `in_last {amount, unit}`: the last `amount` units including the current one
 *   (`in_last 7 day` = the 6 days before today and today; `in_last 1 month` = this month).
 */
export function resolveRelativeDateRange(
  filter:
    | {
        readonly operator: 'this' | 'previous'
        readonly value: { readonly unit: RelativeDateUnit }
      }
    | {
        readonly operator: 'in_last'
        readonly value: { readonly amount: number; readonly unit: RelativeDateUnit }
      },
  now: Date,
  timeZone: string,
): DateRange {
  const p = zonedParts(now, timeZone)
  const today: CalendarDate = { year: p.year, month: p.month, day: p.day }
  const { unit } = filter.value
  const currentStart = startOfUnit(today, unit)
  const nextStart = addUnits(currentStart, unit, 1)
  switch (filter.operator) {
    case 'this':
      return toRange(currentStart, nextStart, timeZone)
    case 'previous':
      return toRange(addUnits(currentStart, unit, -1), currentStart, timeZone)
    case 'in_last':
      return toRange(addUnits(currentStart, unit, -(filter.value.amount - 1)), nextStart, timeZone)
  }
}
