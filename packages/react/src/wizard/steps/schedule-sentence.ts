import { describeSchedule } from '@reportwright/scheduler/describe'
import type { DescribeScheduleMessages } from '@reportwright/scheduler/describe'
import type { ScheduleSpec } from '@reportwright/core/model'
import type { Translate } from '../../provider/reportwright-context'

/** The schedule in one sentence, in the catalog's language ("Every Monday at 08:00 (UTC)"). */
export function scheduleSentence(schedule: ScheduleSpec, locale: string, t: Translate): string {
  const messages: DescribeScheduleMessages = {
    daily: (at) => t('wizard.describe.daily', { at }),
    weekly: (weekday, at) => t('wizard.describe.weekly', { weekday, at }),
    monthly: (day, at) => t('wizard.describe.monthly', { day, at }),
    monthlyOrLast: (day, at) => t('wizard.describe.monthlyOrLast', { day, at }),
    cron: (pattern) => t('wizard.describe.cron', { pattern }),
    from: (date) => t('wizard.describe.from', { date }),
    until: (date) => t('wizard.describe.until', { date }),
    paused: t('wizard.describe.paused'),
  }
  return describeSchedule(schedule, locale, messages)
}
