import type { ScheduleSpec } from '@reportwright/core'

/** Days every month has; later days need the "short month runs on its last day" rule. */
const DAYS_IN_EVERY_MONTH = 28

/**
 * The cron pattern (minute hour day month weekday, or the schedule's own `cron`) that fires a
 * schedule in its `timezone`. Monthly day 31 becomes `L` (the last day); days 29–30 become the
 * candidate days `28-31`, of which {@link nextRuns} keeps the one that is the month's day
 * (`min(dayOfMonth, last day)`). The schedule is not validated here; see `validateSchedule`.
 *
 * @example
 * ```ts
 * toCron({ enabled: true, frequency: 'weekly', dayOfWeek: 1, time: '09:00', timezone: 'America/New_York' }) // '0 9 * * 1'
 * ```
 */
export function toCron(schedule: ScheduleSpec): string {
  if (schedule.frequency === 'cron') return (schedule.cron ?? '').trim()
  const [hour, minute] = schedule.time.split(':').map(Number)
  const at = `${minute ?? 0} ${hour ?? 0}`
  switch (schedule.frequency) {
    case 'daily':
      return `${at} * * *`
    case 'weekly':
      return `${at} * * ${schedule.dayOfWeek ?? 1}`
    case 'monthly': {
      const day = schedule.dayOfMonth ?? 1
      if (day <= DAYS_IN_EVERY_MONTH) return `${at} ${day} * *`
      return day === 31 ? `${at} L * *` : `${at} 28-31 * *`
    }
  }
}

/** True when {@link toCron} fires on days that are not occurrences and {@link nextRuns} filters them. */
export function needsDayFilter(schedule: ScheduleSpec): boolean {
  return (
    schedule.frequency === 'monthly' &&
    (schedule.dayOfMonth ?? 1) > DAYS_IN_EVERY_MONTH &&
    schedule.dayOfMonth !== 31
  )
}
