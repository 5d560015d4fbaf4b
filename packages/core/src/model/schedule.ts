import * as z from 'zod'

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

export const ScheduleSpecSchema = z
  .strictObject({
    enabled: z.boolean(),
    frequency: z.enum(['daily', 'weekly', 'monthly', 'cron']),
    /** 0 = Sunday … 6 = Saturday. */
    dayOfWeek: z.number().int().min(0).max(6).optional(),
    dayOfMonth: z.number().int().min(1).max(31).optional(),
    time: z.string().regex(TIME, 'Use 24-hour HH:mm'),
    cron: z.string().min(1).max(100).optional(),
    timezone: z.string().min(1).max(64).refine(isTimeZone, 'Unknown IANA time zone'),
    startDate: z.string().regex(DATE, 'Use YYYY-MM-DD').optional(),
    endDate: z.string().regex(DATE, 'Use YYYY-MM-DD').optional(),
  })
  .superRefine((schedule, ctx) => {
    if (schedule.frequency === 'weekly' && schedule.dayOfWeek === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['dayOfWeek'],
        message: 'A weekly schedule needs dayOfWeek',
      })
    if (schedule.frequency === 'monthly' && schedule.dayOfMonth === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['dayOfMonth'],
        message: 'A monthly schedule needs dayOfMonth',
      })
    if (schedule.frequency === 'cron' && schedule.cron === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['cron'],
        message: 'A cron schedule needs a cron expression',
      })
    if (schedule.startDate && schedule.endDate && schedule.endDate < schedule.startDate)
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'endDate is before startDate' })
  })

/** When a report runs by itself. */
export interface ScheduleSpec {
  readonly enabled: boolean
  readonly frequency: 'daily' | 'weekly' | 'monthly' | 'cron'
  /** 0 = Sunday … 6 = Saturday; required for `weekly`. */
  readonly dayOfWeek?: number
  /** 1–31; required for `monthly` (a short month runs on its last day). */
  readonly dayOfMonth?: number
  /** Local time `HH:mm` in {@link ScheduleSpec.timezone}. */
  readonly time: string
  /** Required for `frequency: 'cron'`. */
  readonly cron?: string
  readonly timezone: string
  readonly startDate?: string
  readonly endDate?: string
}

/** True when `name` is an IANA time zone this runtime knows. */
export function isTimeZone(name: string): boolean {
  let known = knownTimeZones.get(name)
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name })
      known = true
    } catch {
      known = false
    }
    // Creating a formatter costs ~50 µs: remember answers, but not unboundedly many.
    if (knownTimeZones.size < 1000) knownTimeZones.set(name, known)
  }
  return known
}

const knownTimeZones = new Map<string, boolean>()
