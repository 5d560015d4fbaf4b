import { Cron } from 'croner'
import type { ScheduleSpec } from '@reportwright/core'
import { needsDayFilter, toCron } from './to-cron'

/** Most fire times one call computes, so a tight cron cannot make a caller loop for ever. */
export const MAX_RUNS_PER_CALL = 10_000

interface CompiledSchedule {
  readonly cron: Cron
  readonly keep: (fireTime: Date) => boolean
}

// Compiling a pattern costs more than finding its next run; polls see the same schedules again.
const compiledCache = new Map<string, CompiledSchedule>()
const COMPILED_CACHE_SIZE = 20_000

/**
 * The next `count` fire times of a schedule strictly after `from`, oldest first, as instants.
 * Times are local to `schedule.timezone`: a local time skipped by a DST change runs at the first
 * valid instant after the gap, a repeated one runs once (the first time). Monthly day 29–31
 * runs on the month's last day when the month is shorter. `startDate` and `endDate` (inclusive,
 * local days) bound the result; `enabled` is not consulted.
 *
 * @example
 * ```ts
 * nextRuns({ enabled: true, frequency: 'daily', time: '02:30', timezone: 'Europe/Berlin' }, new Date('2026-03-28T12:00Z'), 1)
 * // [2026-03-29T01:00:00.000Z] — 03:00 local, when the gap ends
 * ```
 */
export function nextRuns(schedule: ScheduleSpec, from: Date, count: number): Date[] {
  const { cron, keep } = compile(schedule)
  const runs: Date[] = []
  let cursor: Date = from
  for (let guard = 0; runs.length < Math.min(count, MAX_RUNS_PER_CALL) && guard < 50_000; guard++) {
    const next = cron.nextRun(cursor)
    if (!next) break
    if (keep(next)) runs.push(next)
    cursor = next
  }
  return runs
}

/** Fire times after `after` and at or before `until`, oldest first, at most `limit`. */
export function runsBetween(
  schedule: ScheduleSpec,
  range: { readonly after: Date; readonly until: Date },
  limit: number = MAX_RUNS_PER_CALL,
): Date[] {
  const { cron, keep } = compile(schedule)
  const runs: Date[] = []
  let cursor: Date = range.after
  while (runs.length < Math.min(limit, MAX_RUNS_PER_CALL)) {
    const next = cron.nextRun(cursor)
    if (!next || next.getTime() > range.until.getTime()) break
    if (keep(next)) runs.push(next)
    cursor = next
  }
  return runs
}

/** The latest fire time at or before `at`, if any. */
export function previousRun(schedule: ScheduleSpec, at: Date): Date | undefined {
  const { cron, keep } = compile(schedule)
  let cursor = new Date(at.getTime() + 1)
  for (let guard = 0; guard < 100; guard++) {
    const [previous] = cron.previousRuns(1, cursor)
    if (!previous) return undefined
    if (keep(previous)) return previous
    cursor = previous
  }
  return undefined
}

/** True when `at` is exactly one of the schedule's fire times. */
export function isFireTime(schedule: ScheduleSpec, at: Date): boolean {
  return nextRuns(schedule, new Date(at.getTime() - 1), 1)[0]?.getTime() === at.getTime()
}

function compile(schedule: ScheduleSpec): CompiledSchedule {
  const key = `${toCron(schedule)}|${schedule.timezone}|${schedule.startDate ?? ''}|${schedule.endDate ?? ''}|${schedule.frequency === 'monthly' ? schedule.dayOfMonth : ''}`
  let compiled = compiledCache.get(key)
  if (compiled) return compiled
  const cron = new Cron(toCron(schedule), {
    paused: true,
    mode: '5-or-6-parts',
    timezone: schedule.timezone,
    // Lists and ranges of fixed times are fixed-time too: DST gaps and repeats handled as above.
    fixedTimeRule: 'no-wildcard',
    ...(schedule.startDate ? { startAt: `${schedule.startDate}T00:00:00` } : {}),
    ...(schedule.endDate ? { stopAt: `${dayAfter(schedule.endDate)}T00:00:00` } : {}),
  })
  const day = schedule.dayOfMonth ?? 1
  const keep = needsDayFilter(schedule)
    ? (fireTime: Date) => {
        const local = localDate(fireTime, schedule.timezone)
        return local.day === Math.min(day, daysInMonth(local.year, local.month))
      }
    : () => true
  compiled = { cron, keep }
  if (compiledCache.size >= COMPILED_CACHE_SIZE) compiledCache.clear()
  compiledCache.set(key, compiled)
  return compiled
}

function dayAfter(date: string): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number)
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10)
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** The calendar day of an instant in a zone (month 1–12). */
export function localDate(
  instant: Date,
  timezone: string,
): { readonly year: number; readonly month: number; readonly day: number } {
  let format = formatters.get(timezone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    })
    formatters.set(timezone, format)
  }
  const parts = Object.fromEntries(
    format.formatToParts(instant).map((part) => [part.type, Number(part.value)]),
  )
  return { year: parts.year ?? 0, month: parts.month ?? 1, day: parts.day ?? 1 }
}
