import { Cron } from 'croner'
import { ScheduleSpecSchema } from '@reportwright/core'
import type { ReportwrightIssue, ScheduleSpec } from '@reportwright/core'
import { invalidSchedule } from './schedule-errors'

/** The paths in errors start here, as in a report definition. */
const ROOT = 'schedule'
/** A fixed instant to ask "does this pattern ever match?" without reading a clock. */
const PROBE_FROM = new Date('2000-01-01T00:00:00Z')

/**
 * Parses and checks a schedule: the model's rules, then a cron pattern croner accepts, real
 * calendar dates, and at least one occurrence (between `startDate` and `endDate` when given).
 *
 * @throws ReportwrightError `INVALID_DEFINITION` with `details.issues[].path` such as
 * `['schedule', 'cron']`.
 */
export function validateSchedule(input: unknown): ScheduleSpec {
  const parsed = ScheduleSpecSchema.safeParse(input)
  if (!parsed.success) {
    throw invalidSchedule(
      parsed.error.issues.map((issue) => ({
        path: [ROOT, ...issue.path.map((key) => (typeof key === 'number' ? key : String(key)))],
        message: issue.message,
      })),
    )
  }
  const schedule = parsed.data as ScheduleSpec
  const issues: ReportwrightIssue[] = []
  for (const field of ['startDate', 'endDate'] as const) {
    const value = schedule[field]
    if (value !== undefined && !isCalendarDate(value))
      issues.push({ path: [ROOT, field], message: `${value} is not a calendar date` })
  }
  if (schedule.frequency === 'cron' && schedule.cron !== undefined) {
    try {
      const cron = new Cron(schedule.cron, {
        paused: true,
        mode: '5-or-6-parts',
        timezone: schedule.timezone,
      })
      if (!cron.nextRun(PROBE_FROM))
        issues.push({ path: [ROOT, 'cron'], message: 'The cron pattern never matches a date' })
    } catch (error) {
      issues.push({ path: [ROOT, 'cron'], message: cronMessage(error) })
    }
  }
  if (issues.length > 0) throw invalidSchedule(issues)
  return schedule
}

/** True when `value` (YYYY-MM-DD) names a day that exists. */
export function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.split('-').map(Number)
  if (year === undefined || month === undefined || day === undefined) return false
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  )
}

function cronMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  // croner prefixes its messages with the class name; people need only the reason.
  return `Invalid cron pattern: ${text.replace(/^Cron\w*:\s*/, '')}`
}
