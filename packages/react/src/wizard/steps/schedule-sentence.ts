import { describeSchedule } from '@reportwright/scheduler/describe'
import type { DescribeScheduleMessages } from '@reportwright/scheduler/describe'
import type { ScheduleSpec } from '@reportwright/core/model'
import type { Translate } from '../../provider/reportwright-context'

/**
 * A schedule's `HH:MM` as the locale writes a time ("8:00 AM", "08:00"), the same way the next
 * run times below the sentence are written. Falls back to the text as given.
 */
export function formatClockTime(time: string, locale: string): string {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time)
  if (!match) return time
  const date = new Date(Date.UTC(2000, 0, 1, Number(match[1]), Number(match[2])))
  if (Number.isNaN(date.getTime())) return time
  try {
    return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'UTC' }).format(date)
  } catch {
    return time
  }
}

/** The schedule in one sentence, in the catalog's language ("Every Monday at 8:00 AM (UTC)"). */
export function scheduleSentence(schedule: ScheduleSpec, locale: string, t: Translate): string {
  const clock = (at: string): string => formatClockTime(at, locale)
  const messages: DescribeScheduleMessages = {
    daily: (at) => t('wizard.describe.daily', { at: clock(at) }),
    weekly: (weekday, at) => t('wizard.describe.weekly', { weekday, at: clock(at) }),
    monthly: (day, at) => t('wizard.describe.monthly', { day, at: clock(at) }),
    monthlyOrLast: (day, at) => t('wizard.describe.monthlyOrLast', { day, at: clock(at) }),
    cron: (pattern) => t('wizard.describe.cron', { pattern }),
    from: (date) => t('wizard.describe.from', { date }),
    until: (date) => t('wizard.describe.until', { date }),
    paused: t('wizard.describe.paused'),
  }
  return describeSchedule(schedule, locale, messages)
}
