import type { ScheduleSpec } from '@reportwright/core'

/**
 * The phrases {@link describeSchedule} fills in; pass your own for other languages. Weekday names
 * come from `Intl` in the requested locale.
 */
export interface DescribeScheduleMessages {
  readonly daily: (at: string) => string
  readonly weekly: (weekday: string, at: string) => string
  readonly monthly: (day: number, at: string) => string
  /** Day 29–31: a shorter month runs on its last day. */
  readonly monthlyOrLast: (day: number, at: string) => string
  readonly cron: (pattern: string) => string
  readonly from: (date: string) => string
  readonly until: (date: string) => string
  readonly paused: string
}

/** English phrases, the default of {@link describeSchedule}. */
export const DESCRIBE_SCHEDULE_EN: DescribeScheduleMessages = {
  daily: (at) => `Every day at ${at}`,
  weekly: (weekday, at) => `Every ${weekday} at ${at}`,
  monthly: (day, at) => `Monthly on day ${day} at ${at}`,
  monthlyOrLast: (day, at) => `Monthly on day ${day} (or the last day of shorter months) at ${at}`,
  cron: (pattern) => `On the cron schedule "${pattern}"`,
  from: (date) => `from ${date}`,
  until: (date) => `until ${date}`,
  paused: 'paused',
}

/**
 * A one-line description of a schedule for people, e.g. "Every Monday at 09:00
 * (America/New_York)". Browser-safe: no Node built-ins, no clock. Defaults to English phrases;
 * weekday names follow `locale`.
 *
 * @example
 * ```ts
 * import { describeSchedule } from '@reportwright/scheduler/describe'
 * describeSchedule({ enabled: true, frequency: 'weekly', dayOfWeek: 1, time: '09:00', timezone: 'America/New_York' }, 'en-US')
 * ```
 */
export function describeSchedule(
  schedule: ScheduleSpec,
  locale = 'en-US',
  messages: DescribeScheduleMessages = DESCRIBE_SCHEDULE_EN,
): string {
  const at = schedule.time
  let text: string
  switch (schedule.frequency) {
    case 'daily':
      text = messages.daily(at)
      break
    case 'weekly':
      text = messages.weekly(weekdayName(schedule.dayOfWeek ?? 1, locale), at)
      break
    case 'monthly': {
      const day = schedule.dayOfMonth ?? 1
      text = day > 28 ? messages.monthlyOrLast(day, at) : messages.monthly(day, at)
      break
    }
    case 'cron':
      text = messages.cron(schedule.cron ?? '')
      break
  }
  const bounds = [
    schedule.startDate ? messages.from(schedule.startDate) : undefined,
    schedule.endDate ? messages.until(schedule.endDate) : undefined,
  ].filter((part): part is string => part !== undefined)
  const suffix = bounds.length > 0 ? ` ${bounds.join(' ')}` : ''
  const paused = schedule.enabled ? '' : ` — ${messages.paused}`
  return `${text}${suffix} (${schedule.timezone})${paused}`
}

function weekdayName(dayOfWeek: number, locale: string): string {
  // 2023-01-01 was a Sunday: day 0 of the model.
  const date = new Date(Date.UTC(2023, 0, 1 + dayOfWeek, 12))
  try {
    return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(date)
  } catch {
    return new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' }).format(date)
  }
}
