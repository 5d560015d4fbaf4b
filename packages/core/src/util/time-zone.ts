/** Wall-clock parts of an instant in a time zone. */
export interface ZonedParts {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly millisecond: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** The wall-clock time of `instant` in `timeZone`. */
export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const parts: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    millisecond: instant.getUTCMilliseconds(),
  }
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds. */
export function timeZoneOffsetMs(instant: Date, timeZone: string): number {
  const p = zonedParts(instant, timeZone)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond)
  return asUtc - instant.getTime()
}

/**
 * The instant a wall-clock time happens in `timeZone`. A time skipped by a DST jump moves
 * forward by the length of the gap (02:30 → 03:30, Temporal's `compatible`); a repeated
 * time takes its first occurrence.
 */
export function zonedTimeToUtc(
  parts: Partial<ZonedParts> & { year: number; month: number; day: number },
  timeZone: string,
): Date {
  const wall = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
    parts.millisecond ?? 0,
  )
  // Two passes settle the offset on either side of a transition.
  const firstGuess = wall - timeZoneOffsetMs(new Date(wall), timeZone)
  const offsetAtGuess = timeZoneOffsetMs(new Date(firstGuess), timeZone)
  const candidate = wall - offsetAtGuess
  const earlier = wall - timeZoneOffsetMs(new Date(candidate - 3_600_000), timeZone)
  if (earlier !== candidate && sameWall(new Date(earlier), wall, timeZone))
    return new Date(Math.min(earlier, candidate))
  if (sameWall(new Date(candidate), wall, timeZone)) return new Date(candidate)
  // Wall time does not exist (spring forward): use the instant the gap ends.
  return new Date(Math.max(candidate, firstGuess))
}

function sameWall(instant: Date, wall: number, timeZone: string): boolean {
  const p = zonedParts(instant, timeZone)
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond) === wall
}

/** `YYYY-MM-DD` of a calendar date. */
export function formatIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Adds months to a calendar date, clamping the day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(
  date: { year: number; month: number; day: number },
  months: number,
): { year: number; month: number; day: number } {
  const index = date.year * 12 + (date.month - 1) + months
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return { year, month, day: Math.min(date.day, lastDay) }
}

/** Adds days to a calendar date. */
export function addDays(
  date: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number } {
  const t = new Date(Date.UTC(date.year, date.month - 1, date.day + days))
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() }
}

/** Day of week, 0 = Monday … 6 = Sunday. */
export function isoWeekday(date: { year: number; month: number; day: number }): number {
  return (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7
}
