import type { ScheduleSpec } from '@reportwright/core/model'

// The scheduler's `nextRuns` has no browser-safe entry point, so the memory client computes
// daily, weekly and monthly times itself (in the schedule's time zone, without the scheduler's
// DST gap rules). Cron schedules are not evaluated: they preview as no times.

function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant)
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0)
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  )
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000
}

/** The instant a local wall-clock time in `timeZone` stands for. */
function localToInstant(
  day: { readonly year: number; readonly month: number; readonly date: number },
  time: string,
  timeZone: string,
): Date {
  const [hour = 0, minute = 0] = time.split(':').map(Number)
  const wall = Date.UTC(day.year, day.month - 1, day.date, hour, minute)
  const first = wall - zoneOffsetMs(new Date(wall), timeZone)
  return new Date(wall - zoneOffsetMs(new Date(first), timeZone))
}

const daysInMonth = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate()

function matchesDay(schedule: ScheduleSpec, year: number, month: number, day: number): boolean {
  if (schedule.frequency === 'daily') return true
  if (schedule.frequency === 'weekly')
    return new Date(Date.UTC(year, month - 1, day)).getUTCDay() === schedule.dayOfWeek
  if (schedule.frequency === 'monthly')
    return day === Math.min(schedule.dayOfMonth ?? 1, daysInMonth(year, month))
  return false
}

/** The next `count` run times of a schedule strictly after `from`, as ISO strings. */
export function nextScheduleTimes(schedule: ScheduleSpec, from: Date, count: number): string[] {
  if (schedule.frequency === 'cron') return []
  const times: string[] = []
  const start = new Date(from.getTime() - 86_400_000)
  // Walk local calendar days; two years covers every monthly schedule's `count` ≤ 20.
  for (let offset = 0; offset < 800 && times.length < count; offset++) {
    const day = new Date(
      Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + offset),
    )
    const [year, month, date] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()]
    const iso = day.toISOString().slice(0, 10)
    if (schedule.startDate && iso < schedule.startDate) continue
    if (schedule.endDate && iso > schedule.endDate) break
    if (!matchesDay(schedule, year, month, date)) continue
    const instant = localToInstant({ year, month, date }, schedule.time, schedule.timezone)
    if (instant.getTime() > from.getTime()) times.push(instant.toISOString())
  }
  return times
}
